// The nonconformity and improvement register (clauses 10.1, 10.2), built from the improvements files and
// the audit findings together: a major-nc or minor-nc finding is a nonconformity, an ofi an improvement,
// an observation is listed too. Each with its source, statement, root cause, corrective action and the
// review of the action's effectiveness.
import { actionsOf, actionStatus, type ActionState } from "../core/action";
import { auditType } from "../core/kinds/audits/domain";
import {
  effectivenessOf,
  effectivenessState,
  NONCONFORMITY_FINDINGS,
} from "../core/kinds/improvements/domain";
import type { Entry } from "../core/model";
import { list, str } from "../core/rules/api";
import { compareIds, display, formatDay, formatDuration, parseDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import type { Block, Cell, Doc } from "./doc";
import { actionCell, count, doc, percent, roleName, text, type ReportContext } from "./common";

type Category = "nonconformity" | "improvement" | "observation";

interface Row {
  id: string;
  title: string;
  record: "improvement" | "audit finding";
  category: Category;
  type: string;
  source: string;
  refs: string[];
  raised: Day | undefined;
  raisedBy: string | undefined;
  statement: string;
  correction: string;
  rootCause: string;
  action?: {
    description: string;
    owner: string | undefined;
    due: Day | undefined;
    closed: Day | undefined;
    state: ActionState;
  };
  effectiveness: Cell;
  /** For the summary and CSV: where the effectiveness review stands. */
  effectivenessState: "reviewed" | "not effective" | "pending" | "overdue" | "";
  effectivenessCsv: { date: string; by: string; effective: string };
}

const FINDING_CATEGORY: Record<string, Category> = {
  "major-nc": "nonconformity",
  "minor-nc": "nonconformity",
  ofi: "improvement",
  observation: "observation",
};

/** The improvements that cite each id in their refs (a finding followed up in the register). */
function citedBy(index: WorkspaceIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const imp of index.byKind.get("improvement") ?? [])
    for (const r of list(imp.value.refs)) {
      const id = display(r);
      if (!id || imp.id === undefined) continue;
      const ids = out.get(id) ?? [];
      if (!ids.includes(imp.id)) ids.push(imp.id);
      out.set(id, ids);
    }
  return out;
}

function effectivenessOfRow(
  entry: Entry,
  action: Record<string, unknown> | undefined,
  reviewed: boolean,
  ctx: ReportContext,
): Pick<Row, "effectiveness" | "effectivenessState" | "effectivenessCsv"> {
  const none = {
    effectiveness: "",
    effectivenessState: "" as const,
    effectivenessCsv: { date: "", by: "", effective: "" },
  };
  const record = entry.kind === "improvement" ? effectivenessOf(entry.value) : undefined;
  if (record) {
    const verdict =
      record.effective === false ? "not effective" : record.effective ? "effective" : "reviewed";
    const date = record.date === undefined ? "" : formatDay(record.date);
    return {
      effectiveness: {
        text: [verdict, date && `on ${date}`, record.by && `by ${record.by}`].filter(Boolean).join(" "),
        tone: record.effective === false ? "bad" : "good",
      },
      effectivenessState: record.effective === false ? "not effective" : "reviewed",
      effectivenessCsv: {
        date,
        by: record.by ?? "",
        effective: record.effective === undefined ? "" : String(record.effective),
      },
    };
  }
  if (!action) return none;
  const s = effectivenessState(entry, action, ctx.index.settings, ctx.today);
  if (s.state === "recorded")
    return {
      effectiveness: { text: `verified by ${s.verifiedBy ?? ""}`, tone: "good" },
      effectivenessState: "reviewed",
      effectivenessCsv: { date: "", by: s.verifiedBy ?? "", effective: "" },
    };
  if (!reviewed || s.state === "none") return none;
  return s.state === "overdue"
    ? {
        effectiveness: { text: `review overdue since ${formatDay(s.due)}`, tone: "bad" },
        effectivenessState: "overdue",
        effectivenessCsv: none.effectivenessCsv,
      }
    : {
        effectiveness: { text: `review due ${formatDay(s.due)}`, tone: "muted" },
        effectivenessState: "pending",
        effectivenessCsv: none.effectivenessCsv,
      };
}

function actionOf(entry: Entry, today: Day): Row["action"] {
  const a = actionsOf(entry)[0]?.value;
  if (!a) return undefined;
  const s = actionStatus(a, today);
  return {
    description: text(a.description),
    owner: str(a.owner),
    due: s.due,
    closed: s.closed,
    state: s.state,
  };
}

function rows(ctx: ReportContext): Row[] {
  const { index, today } = ctx;
  const out: Row[] = [];
  for (const imp of index.byKind.get("improvement") ?? []) {
    const v = imp.value;
    const type = text(v.type);
    out.push({
      id: imp.id ?? "?",
      title: text(v.title),
      record: "improvement",
      category: type === "nonconformity" ? "nonconformity" : "improvement",
      type,
      source: text(v.source),
      refs: list(v.refs).map(display).filter(Boolean),
      raised: parseDay(v.raised),
      raisedBy: str(v.raised_by),
      statement: text(v.statement) || text(v.title),
      correction: text(v.correction),
      rootCause: text(v.root_cause),
      action: actionOf(imp, today),
      ...effectivenessOfRow(imp, actionsOf(imp)[0]?.value, true, ctx),
    });
  }
  const cited = citedBy(index);
  for (const f of index.byKind.get("finding") ?? []) {
    const v = f.value;
    const audit = f.parent;
    const type = text(v.type);
    const id = f.id ?? "?";
    out.push({
      id,
      title: text(v.title),
      record: "audit finding",
      category: FINDING_CATEGORY[type] ?? "observation",
      type,
      source: audit
        ? `${auditType(audit.value) === "internal" ? "internal-audit" : "external-audit"} ${audit.id ?? ""}`.trim()
        : "",
      refs: [text(v.ref), ...(cited.get(id) ?? [])].filter(Boolean),
      raised: audit ? (parseDay(audit.value.performed) ?? parseDay(audit.value.planned)) : undefined,
      raisedBy: undefined,
      statement: text(v.statement) || text(v.title),
      correction: "",
      rootCause: text(v.root_cause),
      action: actionOf(f, today),
      ...effectivenessOfRow(f, actionsOf(f)[0]?.value, NONCONFORMITY_FINDINGS.includes(v.type), ctx),
    });
  }
  // Chronological, as a register is kept: by the date raised (undated last), then by id.
  return out.sort((a, b) => (a.raised ?? Infinity) - (b.raised ?? Infinity) || compareIds(a.id, b.id));
}

const dayText = (d: Day | undefined): string => (d === undefined ? "" : formatDay(d));

export function improvementsReport(ctx: ReportContext): Doc {
  const { index } = ctx;
  const all = rows(ctx);
  const of = (c: Category) => all.filter((r) => r.category === c);
  const ncs = of("nonconformity");
  const withAction = ncs.filter((r) => r.action);
  const open = withAction.filter((r) => r.action?.state !== "closed");
  const overdue = withAction.filter((r) => r.action?.state === "overdue");
  const closed = withAction.filter((r) => r.action?.state === "closed");
  const reviewed = closed.filter(
    (r) => r.effectivenessState === "reviewed" || r.effectivenessState === "not effective",
  );
  const reviewsOverdue = all.filter((r) => r.effectivenessState === "overdue");
  const noAction = ncs.filter((r) => !r.action);
  const registerRow = (r: Row, cause: boolean): Cell[] => [
    r.id,
    r.title,
    r.type,
    r.source,
    r.refs.join(", "),
    dayText(r.raised),
    r.statement,
    ...(cause ? [r.rootCause] : []),
    r.action?.description ??
      (r.category === "nonconformity" ? { text: "no corrective action", tone: "bad" } : ""),
    roleName(index, r.action?.owner),
    dayText(r.action?.due),
    r.action ? actionCell(r.action.state) : "",
    r.effectiveness,
  ];
  const columns = (cause: boolean) => [
    "Id",
    "Title",
    "Type",
    "Source",
    "Refs",
    "Raised",
    "Statement",
    ...(cause ? ["Root cause"] : []),
    "Action",
    "Owner",
    "Due",
    "State",
    "Effectiveness",
  ];
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        [
          "Nonconformities",
          `${ncs.length} (${ncs.filter((r) => r.record === "audit finding").length} from audits, ${ncs.filter((r) => r.record === "improvement").length} from the improvement register)`,
        ],
        [
          "Without a corrective action",
          { text: String(noAction.length), tone: noAction.length ? "bad" : "good" },
        ],
        ["Open corrective actions", open.length],
        [
          "Overdue corrective actions",
          { text: String(overdue.length), tone: overdue.length ? "bad" : "good" },
        ],
        [
          "Effectiveness reviewed",
          closed.length
            ? `${percent(reviewed.length / closed.length)} (${reviewed.length} of ${count(closed.length, "closed action")})`
            : "no closed actions",
        ],
        [
          "Effectiveness reviews overdue",
          { text: String(reviewsOverdue.length), tone: reviewsOverdue.length ? "bad" : "good" },
        ],
        ["Improvements", of("improvement").length],
        ["Observations", of("observation").length],
      ],
    },
    {
      kind: "bars",
      title: "Register by source",
      data: [...new Set(all.map((r) => r.source.split(" ")[0] || "not recorded"))].sort().map((s) => ({
        label: s,
        value: all.filter((r) => (r.source.split(" ")[0] || "not recorded") === s).length,
      })),
    },
    { kind: "heading", level: 2, text: "Nonconformities (clause 10.2)" },
    {
      kind: "paragraph",
      text: `Nonconformities of the improvement register and audit findings of type major-nc or minor-nc, with the corrective action and the review of its effectiveness (due ${formatDuration(index.settings.effectivenessAfter)} after the action is closed; an audit finding's is its action's verified_by).`,
    },
    { kind: "table", columns: columns(true), rows: ncs.map((r) => registerRow(r, true)) },
    { kind: "heading", level: 2, text: "Improvements (clause 10.1)" },
    {
      kind: "paragraph",
      text: "Improvements of the register and audit findings of type ofi (opportunity for improvement).",
    },
    { kind: "table", columns: columns(false), rows: of("improvement").map((r) => registerRow(r, false)) },
    { kind: "heading", level: 2, text: "Observations" },
    {
      kind: "table",
      columns: ["Id", "Title", "Source", "Refs", "Raised", "Statement", "Action", "State"],
      rows: of("observation").map((r) => [
        r.id,
        r.title,
        r.source,
        r.refs.join(", "),
        dayText(r.raised),
        r.statement,
        r.action?.description ?? "",
        r.action ? actionCell(r.action.state) : "",
      ]),
    },
  ];
  return doc(ctx, "improvements", "Nonconformities and improvements", blocks, {
    columns: [
      "id",
      "title",
      "record",
      "category",
      "type",
      "source",
      "refs",
      "raised",
      "raised_by",
      "statement",
      "correction",
      "root_cause",
      "action",
      "action_owner",
      "action_due",
      "action_closed",
      "action_state",
      "effectiveness",
      "effectiveness_date",
      "effectiveness_by",
      "effective",
    ],
    rows: all.map((r) => [
      r.id,
      r.title,
      r.record,
      r.category,
      r.type,
      r.source,
      r.refs.join(", "),
      dayText(r.raised),
      r.raisedBy,
      r.statement,
      r.correction,
      r.rootCause,
      r.action?.description,
      r.action?.owner,
      dayText(r.action?.due),
      dayText(r.action?.closed),
      r.action?.state,
      r.effectivenessState,
      r.effectivenessCsv.date,
      r.effectivenessCsv.by,
      r.effectivenessCsv.effective,
    ]),
  });
}
