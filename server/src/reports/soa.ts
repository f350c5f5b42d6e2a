// The Statement of Applicability (clause 6.1.3 d): all 93 Annex A controls by theme with applicability,
// justification, status, owner, evidence, the risks citing each and the last audit covering it.
import { CONTROLS, type Theme } from "../core/catalogue";
import { citingRisks, lastAudit } from "../core/queries";
import { formatDay } from "../core/values";
import type { Block, Cell, Doc } from "./doc";
import { doc, roleName, text, type ReportContext } from "./common";

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
    byTheme
      .get(c.theme)
      ?.push([
        c.id,
        c.title,
        applicable,
        text(v?.justification),
        status,
        roleName(index, v?.owner),
        text(v?.evidence),
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
      text(v?.evidence),
      risks.join(" "),
      audit?.audit.id,
      audit ? formatDay(audit.day) : "",
    ]);
  }
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Approval" },
    {
      kind: "facts",
      items: [
        ["Version", text(h.version)],
        ["Approved by", roleName(index, h.approved_by)],
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
    ],
    rows: csvRows,
  });
}
