// The internal audit programme (clause 9.2): planned against performed, a coverage matrix of clauses 4
// to 10 and the Annex A themes against the internal audits; the certification body's and other external
// audits with their body and report; findings of every audit by type, corrective actions and closure rate.
import { dirname, relative, resolve, sep } from "node:path";
import { certificateName, certificateOf } from "../core/kinds/audits/certification";
import { auditType, isInternal } from "../core/kinds/audits/domain";
import type { Entry } from "../core/model";
import { auditRows } from "../core/queries";
import { str } from "../core/rules/api";
import { covers, display, formatDay } from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import { actionCell, actionRows, doc, withAction, percent, roleName, type ReportContext } from "./common";

const AREAS = ["4", "5", "6", "7", "8", "9", "10", "A.5", "A.6", "A.7", "A.8"];
const AREA_NAMES: Record<string, string> = {
  "4": "4 Context",
  "5": "5 Leadership",
  "6": "6 Planning",
  "7": "7 Support",
  "8": "8 Operation",
  "9": "9 Performance evaluation",
  "10": "10 Improvement",
  "A.5": "A.5 Organizational controls",
  "A.6": "A.6 People controls",
  "A.7": "A.7 Physical controls",
  "A.8": "A.8 Technological controls",
};
const STATE_TONE: Record<string, Tone> = {
  completed: "good",
  overdue: "bad",
  cancelled: "muted",
  planned: "muted",
};
const FINDING_TYPES = ["major-nc", "minor-nc", "observation", "ofi"];

export function auditsReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const all = auditRows(index, today, () => undefined);
  // The entry of each row, for what the rows do not carry (type, body, report); ids are unique.
  const entries = new Map<string, Entry>();
  for (const e of index.byKind.get("audit") ?? []) if (e.id && !entries.has(e.id)) entries.set(e.id, e);
  const entryOf = (id: string) => entries.get(id);
  // The internal audit programme: audits with no type or type internal (clause 9.2).
  const audits = all.filter((a) => isInternal(entryOf(a.id)?.value ?? {}));
  const external = all.filter((a) => !audits.includes(a));
  const findings = all.flatMap((a) => a.findings.map((f) => ({ ...f, audit: a.id })));
  const actions = withAction(findings);
  const closed = actions.filter((f) => f.action.state === "closed").length;
  const overdue = actions.filter((f) => f.action.state === "overdue");
  const performed = audits.filter((a) => a.state === "completed").length;
  const cert = certificateOf(index);
  const certificate: Cell | undefined = cert && {
    text: [
      certificateName(cert),
      cert.issued !== undefined ? `issued ${formatDay(cert.issued)}` : "",
      cert.expires !== undefined ? `expires ${formatDay(cert.expires)}` : "",
    ]
      .filter(Boolean)
      .join(", "),
    tone:
      cert.expires === undefined
        ? undefined
        : cert.expires < today
          ? "bad"
          : cert.expires - today <= 90
            ? "warn"
            : "good",
  };
  // An audit report's path relative to the ISMS folder (it is written relative to its audit's file).
  const reportPath = (id: string): string => {
    const e = entryOf(id);
    const path = str(e?.value.report);
    if (!e || !path) return "";
    return relative(ctx.dir, resolve(dirname(e.file.path), path))
      .split(sep)
      .join("/");
  };
  const externalBlocks: Block[] = external.length
    ? [
        { kind: "heading", level: 2, text: "Certification and other external audits" },
        {
          kind: "paragraph",
          text: "Audits by the certification body, clients, suppliers and regulators: not part of the internal audit programme, so not counted in its coverage above.",
        },
        {
          kind: "table",
          columns: [
            "Audit",
            "Type",
            "Body",
            "Title",
            "Scope",
            "Planned",
            "Performed",
            "State",
            "Report",
            "Findings",
          ],
          rows: external.map((a) => {
            const v = entryOf(a.id)?.value ?? {};
            return [
              a.id,
              auditType(v),
              display(v.body),
              a.title,
              a.scope.join(", "),
              a.planned,
              a.performed,
              { text: a.state, tone: STATE_TONE[a.state] },
              reportPath(a.id),
              a.findings.length,
            ];
          }),
        },
      ]
    : [];
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Audits in the programme", audits.length],
        ["Performed", performed],
        ["Overdue", { text: String(audits.filter((a) => a.state === "overdue").length), tone: "warn" }],
        ...(external.length
          ? ([["Certification and other external audits", external.length]] as [string, Cell][])
          : []),
        ...(certificate ? ([["Certificate", certificate]] as [string, Cell][]) : []),
        ["Findings", findings.length],
        ["Corrective actions", actions.length],
        [
          "Closure rate",
          actions.length
            ? `${percent(closed / actions.length)} (${closed} of ${actions.length} closed)`
            : "no actions",
        ],
        ["Overdue actions", { text: String(overdue.length), tone: overdue.length ? "bad" : "good" }],
      ],
    },
    { kind: "heading", level: 2, text: "Programme: planned and performed" },
    {
      kind: "table",
      columns: ["Audit", "Title", "Scope", "Auditor", "Auditee", "Planned", "Performed", "State", "Findings"],
      rows: audits.map((a) => [
        a.id,
        a.title,
        a.scope.join(", "),
        a.auditor,
        roleName(index, a.auditee),
        a.planned,
        a.performed,
        { text: a.state, tone: STATE_TONE[a.state] },
        a.findings.length,
      ]),
    },
    { kind: "heading", level: 2, text: "Coverage" },
    {
      kind: "table",
      caption:
        "Which audit covers which clause and Annex A theme (● in scope; a theme in scope covers its controls, a clause its sub-clauses; ○ only some sub-clauses or controls).",
      columns: ["Area", ...audits.map((a) => a.id)],
      rows: AREAS.map((area) => [
        AREA_NAMES[area],
        ...audits.map((a): Cell => {
          if (a.state === "cancelled") return "";
          if (a.scope.some((s) => covers(s, area))) return { text: "●", tone: "good" };
          return a.scope.some((s) => covers(area, s)) ? "○" : "";
        }),
      ]),
    },
    ...externalBlocks,
    { kind: "heading", level: 2, text: "Findings" },
    {
      kind: "bars",
      title: "Findings by type",
      data: FINDING_TYPES.map((t) => ({
        label: t,
        value: findings.filter((f) => f.type === t).length,
        tone: t === "major-nc" ? "bad" : t === "minor-nc" ? "warn" : "good",
      })),
    },
    {
      kind: "table",
      columns: ["Finding", "Audit", "Type", "Ref", "Title", "Action owner", "Due", "Closed", "Action"],
      rows: findings.map((f) => [
        f.id,
        f.audit,
        f.type,
        f.ref,
        f.title,
        roleName(index, f.action?.owner),
        f.action?.due,
        f.action?.closed,
        f.action ? actionCell(f.action.state) : "",
      ]),
    },
    { kind: "heading", level: 2, text: "Open and overdue corrective actions" },
    {
      kind: "table",
      columns: ["Finding", "Action", "Owner", "Due", "State"],
      rows: actionRows(
        index,
        actions.filter((f) => f.action.state !== "closed"),
      ),
    },
  ];
  return doc(ctx, "audits", "Internal audit programme and results", blocks);
}
