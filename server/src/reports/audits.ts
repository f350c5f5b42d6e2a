// The internal audit programme (clause 9.2): planned against performed, a coverage matrix of clauses 4
// to 10 and the Annex A themes against the audits, findings by type, corrective actions and closure rate.
import { auditRows } from "../core/queries";
import { covers } from "../core/values";
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
  const audits = auditRows(index, today, () => undefined);
  const findings = audits.flatMap((a) => a.findings.map((f) => ({ ...f, audit: a.id })));
  const actions = withAction(findings);
  const closed = actions.filter((f) => f.action.state === "closed").length;
  const overdue = actions.filter((f) => f.action.state === "overdue");
  const performed = audits.filter((a) => a.state === "completed").length;
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Audits in the programme", audits.length],
        ["Performed", performed],
        ["Overdue", { text: String(audits.filter((a) => a.state === "overdue").length), tone: "warn" }],
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
