// The Statement of Applicability (clause 6.1.3 d): all 93 Annex A controls by theme with applicability,
// justification, status, owner, evidence, the risks citing each and the last audit covering it; then the
// controls' checks (last result, next due) and the validity of their dated evidence.
import { CONTROLS, type Theme } from "../core/catalogue";
import {
  checksOf,
  datedEvidenceOf,
  evidenceText,
  nextCheckDue,
  type ControlCheck,
} from "../core/kinds/soa/domain";
import { citingRisks, lastAudit } from "../core/queries";
import { formatDay, formatDuration, relativeDay } from "../core/values";
import type { Block, Cell, Doc } from "./doc";
import { approverName, doc, roleName, text, type ReportContext } from "./common";

const THEMES: Theme[] = ["Organizational", "People", "Physical", "Technological"];

export function soaReport(ctx: ReportContext): Doc {
  const { index } = ctx;
  const soaFile = index.filesOfKind.get("soa")?.[0];
  const h = soaFile?.header ?? {};
  const counts = {
    applicable: 0,
    implemented: 0,
    partial: 0,
    planned: 0,
    "not-implemented": 0,
    excluded: 0,
    missing: 0,
  };
  const byTheme = new Map<Theme, Cell[][]>(THEMES.map((t) => [t, []]));
  const csvRows: Cell[][] = [];
  const checkRows: Cell[][] = [];
  const evidenceRows: Cell[][] = [];
  const checkCounts = { all: 0, overdue: 0, failed: 0, expired: 0, dated: 0 };
  const { today } = ctx;
  const day = (d: number | undefined) => (d === undefined ? "" : formatDay(d));
  for (const c of CONTROLS) {
    const entry = index.soa.get(c.id)?.[0];
    const v = entry?.value;
    const risks = citingRisks(index, c.id).map((r) => r.id ?? "?");
    const audit = lastAudit(index, c.id);
    let applicable: Cell;
    if (!v) {
      counts.missing++;
      applicable = { text: "missing", tone: "bad" };
    } else if (v.applicable === false) {
      counts.excluded++;
      applicable = { text: "No", tone: "muted" };
    } else {
      counts.applicable++;
      const status = String(v.status ?? "");
      if (status in counts) counts[status as keyof typeof counts]++;
      applicable = "Yes";
    }
    const status: Cell = v?.status
      ? {
          text: text(v.status),
          tone: v.status === "implemented" ? "good" : v.status === "not-implemented" ? "bad" : "warn",
        }
      : undefined;
    const lastAudited = audit ? `${audit.audit.id} (${formatDay(audit.day)})` : "";
    const checks = entry ? checksOf(entry, today) : [];
    const dated = entry ? datedEvidenceOf(entry, today) : [];
    checkCounts.all += checks.length;
    checkCounts.overdue += checks.filter((k) => k.overdue).length;
    checkCounts.failed += checks.filter((k) => k.result === "fail").length;
    checkCounts.dated += dated.length;
    checkCounts.expired += dated.filter((d) => d.expired).length;
    for (const k of checks) {
      const due: Cell =
        k.next !== undefined
          ? { text: formatDay(k.next), tone: k.overdue ? "bad" : undefined }
          : k.last === undefined
            ? { text: "now (never done)", tone: "bad" }
            : "";
      checkRows.push([
        c.id,
        k.description,
        text(k.method),
        k.every ? formatDuration(k.every) : "",
        roleName(index, k.owner),
        day(k.last),
        k.result ? { text: k.result, tone: k.result === "pass" ? "good" : "bad" } : "",
        due,
        checkStatus(k),
      ]);
    }
    for (const d of dated)
      evidenceRows.push([
        c.id,
        d.name,
        day(d.collected),
        day(d.validUntil),
        d.validUntil === undefined
          ? ""
          : d.expired
            ? { text: `expired ${relativeDay(d.validUntil, today)}`, tone: "bad" }
            : { text: "valid", tone: "good" },
      ]);
    const validUntil = dated.flatMap((d) => (d.validUntil === undefined ? [] : [d.validUntil]));
    byTheme
      .get(c.theme)
      ?.push([
        c.id,
        c.title,
        applicable,
        text(v?.justification),
        status,
        roleName(index, v?.owner),
        evidenceText(v?.evidence),
        risks.join(", "),
        lastAudited,
      ]);
    csvRows.push([
      c.id,
      c.theme,
      c.title,
      v ? (v.applicable === false ? "no" : "yes") : "missing",
      text(v?.justification),
      text(v?.status),
      text(v?.owner),
      evidenceText(v?.evidence),
      risks.join(" "),
      audit?.audit.id,
      audit ? formatDay(audit.day) : "",
      checks.length,
      checks.filter((k) => k.overdue).length,
      checks.filter((k) => k.result === "fail").length,
      day(nextCheckDue(checks)),
      dated.filter((d) => d.expired).length,
      validUntil.length ? formatDay(Math.min(...validUntil)) : "",
    ]);
  }
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Approval" },
    {
      kind: "facts",
      items: [
        ["Version", text(h.version)],
        ["Approved by", approverName(index, h.approved_by)],
        ["Approved on", text(h.approved_on)],
        ["Last reviewed", text(h.reviewed)],
      ],
    },
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Annex A controls", CONTROLS.length],
        ["Applicable", counts.applicable],
        ["Implemented", { text: String(counts.implemented), tone: "good" }],
        ["Partially implemented", counts.partial],
        ["Planned", counts.planned],
        ["Not implemented", counts["not-implemented"]],
        ["Excluded", counts.excluded],
        ...(counts.missing
          ? [["Not addressed", { text: String(counts.missing), tone: "bad" }] as [string, Cell]]
          : []),
        ["Control checks", checkCounts.all],
        ["Checks overdue", checkCounts.overdue ? { text: String(checkCounts.overdue), tone: "bad" } : 0],
        ["Checks failed", checkCounts.failed ? { text: String(checkCounts.failed), tone: "bad" } : 0],
        ["Evidence items with a validity", checkCounts.dated],
        ["Evidence expired", checkCounts.expired ? { text: String(checkCounts.expired), tone: "bad" } : 0],
      ],
    },
  ];
  for (const theme of THEMES)
    blocks.push(
      { kind: "heading", level: 2, text: `${theme} controls` },
      {
        kind: "table",
        columns: [
          "Control",
          "Title",
          "Applicable",
          "Justification",
          "Status",
          "Owner",
          "Evidence",
          "Risks",
          "Last audit",
        ],
        rows: byTheme.get(theme) ?? [],
      },
    );
  blocks.push(
    { kind: "heading", level: 2, text: "Control checks" },
    checkRows.length
      ? {
          kind: "table",
          columns: ["Control", "Check", "Method", "Every", "Owner", "Last", "Result", "Next due", "Status"],
          rows: checkRows,
        }
      : { kind: "paragraph", text: "No control records a check." },
    { kind: "heading", level: 2, text: "Evidence validity" },
    evidenceRows.length
      ? {
          kind: "table",
          columns: ["Control", "Evidence", "Collected", "Valid until", "Status"],
          rows: evidenceRows,
        }
      : { kind: "paragraph", text: "No evidence item records its validity." },
  );
  return doc(ctx, "soa", "Statement of Applicability", blocks, {
    columns: [
      "control",
      "theme",
      "title",
      "applicable",
      "justification",
      "status",
      "owner",
      "evidence",
      "risks",
      "last_audit",
      "last_audit_date",
      "checks",
      "checks_overdue",
      "checks_failed",
      "next_check_due",
      "evidence_expired",
      "evidence_valid_until",
    ],
    rows: csvRows,
  });
}

/** What needs doing about a check: done late or never, failed without a corrective action. */
function checkStatus(k: ControlCheck): Cell {
  const parts = [
    k.overdue ? (k.last === undefined ? "never done" : "overdue") : undefined,
    k.failedWithoutAction ? "failed, no action" : k.result === "fail" ? "action recorded" : undefined,
  ].filter((x) => x !== undefined);
  if (!parts.length) return "";
  return { text: parts.join("; "), tone: k.overdue || k.failedWithoutAction ? "bad" : "warn" };
}
