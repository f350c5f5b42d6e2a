// Information security objectives and their measurement (clauses 6.2 and 9.1): each objective with its
// metrics' values against their targets, status, due date and actions; each metric with its value,
// target, period, how it was derived and a trend over the last 12 months.
import { actionsOf, actionStatus } from "../core/action";
import {
  DERIVED,
  derivedOf,
  formatPeriod,
  formatValue,
  metricStatus,
  monthlySeries,
  nextMeasurement,
  type MetricStatus,
  type TargetState,
} from "../core/kinds/metrics/domain";
import { metricsSummary, objectiveDue, objectiveMetrics } from "../core/kinds/objectives/domain";
import type { Entry } from "../core/model";
import { reviewOfEntry } from "../core/reviews";
import { str } from "../core/rules/api";
import { byId, display, formatDay, parseDay, relativeDay } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import type { Block, Cell, Doc, Tone } from "./doc";
import { actionCell, doc, roleName, text, titleOf, type ReportContext } from "./common";

const STATE_TONE: Record<TargetState, Tone> = {
  "on target": "good",
  "off target": "bad",
  "no target": "muted",
  "no value": "muted",
};

const STATUS_TONE: Record<string, Tone> = {
  "on-track": "good",
  achieved: "good",
  "at-risk": "warn",
  "off-track": "bad",
  dropped: "muted",
  planned: "muted",
};

const STATUSES = ["planned", "on-track", "at-risk", "off-track", "achieved", "dropped"];

const stateCell = (s: MetricStatus | undefined): Cell =>
  s ? { text: s.state, tone: STATE_TONE[s.state] } : { text: "no such metric", tone: "bad" };

const valueText = (m: Entry, s: MetricStatus): string =>
  s.reading.ok ? formatValue(s.reading.value, m.value.unit) : `no value: ${s.reading.why}`;

const targetText = (m: Entry, s: MetricStatus): string =>
  s.target === undefined
    ? ""
    : `${formatValue(s.target, m.value.unit)}${s.direction ? ` (${s.direction})` : ""}`;

const periodText = (s: MetricStatus): string =>
  !s.reading.period
    ? ""
    : s.reading.ok && s.reading.source === "measured"
      ? `measured ${formatDay(s.reading.period.to)}`
      : formatPeriod(s.reading.period);

function policyText(index: WorkspaceIndex, id: unknown): string {
  const policy = str(id);
  if (!policy) return "";
  const d = index.defs.get(policy)?.find((e) => e.kind === "document");
  return d && str(d.value.title) ? `${policy} (${display(d.value.title)})` : policy;
}

function dueCell(o: Entry, today: number): Cell {
  const due = parseDay(o.value.due);
  if (due === undefined) return text(o.value.due);
  return objectiveDue(o) !== undefined && due < today
    ? { text: `${formatDay(due)} (overdue ${today - due} days)`, tone: "bad" }
    : formatDay(due);
}

export function objectivesReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const objectives = byId(index.byKind.get("objective") ?? []);
  const metrics = byId(index.byKind.get("metric") ?? []);
  const statusOf = new Map(metrics.map((m) => [m, metricStatus(m, index, today)]));
  const states = [...statusOf.values()].map((s) => s.state);
  const stale = metrics.filter((m) => {
    const next = nextMeasurement(m, today);
    return next !== undefined && (next.due === undefined || next.due < today);
  });
  const overdue = objectives.filter((o) => {
    const due = objectiveDue(o);
    return due !== undefined && due < today;
  });

  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: `The information security objectives (clause 6.2) and the results of monitoring and measurement (clause 9.1) as of ${formatDay(today)}. Derived metrics are computed from the ISMS records over each metric's period up to that day; manual metrics show their latest measurement.`,
    },
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        [
          "Objectives",
          `${objectives.length}${
            objectives.length
              ? ` (${STATUSES.map(
                  (st) => [st, objectives.filter((o) => o.value.status === st).length] as const,
                )
                  .filter(([, n]) => n)
                  .map(([st, n]) => `${n} ${st}`)
                  .join(", ")})`
              : ""
          }`,
        ],
        ["Objectives overdue", { text: String(overdue.length), tone: overdue.length ? "bad" : "good" }],
        [
          "Objectives without a metric",
          {
            text: String(objectives.filter((o) => objectiveMetrics(o, index, today).length === 0).length),
            tone: "muted",
          },
        ],
        ["Metrics", metrics.length],
        ["On target", { text: String(states.filter((s) => s === "on target").length), tone: "good" }],
        [
          "Off target",
          {
            text: String(states.filter((s) => s === "off target").length),
            tone: states.includes("off target") ? "bad" : "good",
          },
        ],
        ["Without a value", states.filter((s) => s === "no value").length],
        [
          "Manual metrics not measured in their period",
          { text: String(stale.length), tone: stale.length ? "warn" : "good" },
        ],
      ],
    },
    { kind: "heading", level: 2, text: "Objectives (clause 6.2)" },
    {
      kind: "table",
      columns: ["Objective", "Title", "Owner", "Policy", "Status", "Due", "Metrics", "Actions"],
      rows: objectives.map((o) => {
        const acts = actionsOf(o).map((a) => actionStatus(a.value, today).state);
        const n = (s: string) => acts.filter((x) => x === s).length;
        return [
          o.id,
          titleOf(o),
          roleName(index, o.value.owner),
          str(o.value.policy) ?? "",
          { text: text(o.value.status), tone: STATUS_TONE[String(o.value.status)] },
          dueCell(o, today),
          metricsSummary(objectiveMetrics(o, index, today)),
          acts.length ? `${n("open")} open, ${n("overdue")} overdue, ${n("closed")} closed` : "none",
        ];
      }),
    },
  ];

  for (const o of objectives) {
    const v = o.value;
    const review = reviewOfEntry(o, index.settings);
    blocks.push(
      { kind: "heading", level: 3, text: `${o.id ?? "?"} ${titleOf(o)}`.trim() },
      {
        kind: "facts",
        items: [
          ["Owner", roleName(index, v.owner)],
          ["Policy", policyText(index, v.policy)],
          ["Status", { text: text(v.status), tone: STATUS_TONE[String(v.status)] }],
          ["Due", dueCell(o, today)],
          ["Communicated", text(v.communicated)],
          [
            "Next review",
            review?.due === undefined
              ? "never reviewed"
              : `${formatDay(review.due)} (${relativeDay(review.due, today)})`,
          ],
        ],
      },
    );
    const ms = objectiveMetrics(o, index, today);
    blocks.push(
      ms.length
        ? {
            kind: "table",
            caption: "Metrics",
            columns: ["Metric", "Title", "Value", "Target", "Period", "State"],
            rows: ms.map((m) =>
              m.metric && m.status
                ? [
                    m.id,
                    titleOf(m.metric),
                    valueText(m.metric, m.status),
                    targetText(m.metric, m.status),
                    periodText(m.status),
                    stateCell(m.status),
                  ]
                : [m.id, "", "", "", "", stateCell(undefined)],
            ),
          }
        : { kind: "paragraph", text: "No metric measures this objective." },
    );
    const actions = actionsOf(o);
    blocks.push(
      actions.length
        ? {
            kind: "table",
            caption: "Actions",
            columns: ["Action", "Owner", "Due", "Closed", "State"],
            rows: actions.map((a) => {
              const s = actionStatus(a.value, today);
              return [
                text(a.value.description),
                roleName(index, a.value.owner),
                s.due === undefined ? "" : formatDay(s.due),
                s.closed === undefined ? "" : formatDay(s.closed),
                actionCell(s.state),
              ];
            }),
          }
        : { kind: "paragraph", text: "No actions recorded." },
    );
  }

  blocks.push(
    { kind: "heading", level: 2, text: "Metrics (clause 9.1)" },
    {
      kind: "table",
      columns: ["Metric", "Title", "Owner", "Value", "Target", "Period", "State", "Source"],
      rows: metrics.map((m) => {
        const s = statusOf.get(m) as MetricStatus;
        const measure = derivedOf(m);
        return [
          m.id,
          titleOf(m),
          roleName(index, m.value.owner),
          valueText(m, s),
          targetText(m, s),
          periodText(s),
          stateCell(s),
          measure === undefined ? "measured" : `derived: ${measure}`,
        ];
      }),
    },
  );

  for (const m of metrics) {
    const s = statusOf.get(m) as MetricStatus;
    const measure = derivedOf(m);
    const next = nextMeasurement(m, today);
    const items: [string, Cell][] = [
      ["Value", s.reading.ok ? formatValue(s.reading.value, m.value.unit) : `no value: ${s.reading.why}`],
      ["Target", targetText(m, s) || "none set"],
      ["State", stateCell(s)],
      ["Period", periodText(s)],
    ];
    if (measure !== undefined) {
      items.push(["Derived from", `${measure}${DERIVED[measure] ? `: ${DERIVED[measure].doc}` : ""}`]);
      if (s.reading.ok) items.push(["How", s.reading.how]);
    } else if (next)
      items.push([
        "Next measurement",
        next.due === undefined
          ? { text: "never measured", tone: "bad" }
          : {
              text: `${formatDay(next.due)} (${relativeDay(next.due, today)})`,
              tone: next.due < today ? "bad" : undefined,
            },
      ]);
    items.push(["Method", text(m.value.method)], ["Owner", roleName(index, m.value.owner)]);
    blocks.push(
      { kind: "heading", level: 3, text: `${m.id ?? "?"} ${titleOf(m)}`.trim() },
      { kind: "facts", items },
      {
        kind: "trend",
        title: `${m.id ?? "?"} by month (${measure !== undefined && DERIVED[measure] ? (DERIVED[measure].history ? "computed as of each month's end" : "this month computed, earlier months from measurements") : "latest measurement of each month"})`,
        points: monthlySeries(m, index, today).map((p) => ({ label: p.month, value: p.value })),
        unit: str(m.value.unit),
        target: s.target,
      },
    );
  }
  if (!objectives.length && !metrics.length)
    blocks.push({ kind: "paragraph", text: "No objectives or metrics are recorded yet." });
  return doc(ctx, "objectives", "Information security objectives and measurement (clauses 6.2, 9.1)", blocks);
}
