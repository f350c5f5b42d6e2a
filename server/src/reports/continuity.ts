// Business continuity (controls A.5.29, A.5.30): the business impact analysis (every service with its
// owner, criticality, mtpd, rto, rpo and the plans that list it), the continuity plans with their test
// clocks, the test history of every plan against the rto of its services, and per plan a chart of the
// recovery time achieved in each test against its target. CSV: the BIA register.
import { actionStatus } from "../core/action";
import {
  CRITICALITIES,
  longer,
  NEEDS_PLAN,
  needsAction,
  planServiceIds,
  plansOfService,
  recoveryTimes,
  rtoChecks,
  targetRto,
  testClock,
  testHistory,
} from "../core/kinds/continuity/domain";
import type { Entry } from "../core/model";
import { reviewOfEntry } from "../core/reviews";
import { str } from "../core/rules/api";
import { byId, durationHours, formatDay, formatDuration, type Duration } from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import { actionCell, doc, ids, roleName, text, titleOf, type ReportContext } from "./common";

const CRITICALITY_TONE: Record<string, Tone> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
};

const RESULT_TONE: Record<string, Tone> = { pass: "good", partial: "warn", fail: "bad" };

const dur = (d: Duration | undefined): string => (d ? formatDuration(d) : "");

function criticalityCell(v: unknown): Cell {
  const c = str(v);
  return c ? { text: c, tone: CRITICALITY_TONE[c] } : { text: "not set", tone: "muted" };
}

function resultCell(v: string | undefined): Cell {
  return v ? { text: v, tone: RESULT_TONE[v] } : { text: "not recorded", tone: "muted" };
}

/** A service's rto, in red when it is longer than its mtpd. */
function rtoCell(s: Entry): Cell {
  const { rto, mtpd } = recoveryTimes(s);
  if (!rto) return undefined;
  return mtpd && longer(rto, mtpd)
    ? { text: `${formatDuration(rto)} (longer than the mtpd)`, tone: "bad" }
    : formatDuration(rto);
}

/** The plans listing a service; "none" in red for a critical or high one. */
function plansCell(ctx: ReportContext, s: Entry): Cell {
  const plans = plansOfService(ctx.index, s.id);
  if (plans.length) return plans.map((p) => p.id ?? "").join(", ");
  return NEEDS_PLAN.includes(str(s.value.criticality) ?? "") ? { text: "none", tone: "bad" } : "";
}

export function continuityReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const services = byId(index.byKind.get("service") ?? []);
  const plans = byId(index.byKind.get("plan") ?? []);
  const unplanned = services.filter(
    (s) => NEEDS_PLAN.includes(str(s.value.criticality) ?? "") && !plansOfService(index, s.id).length,
  );
  const clocks = new Map(plans.map((p) => [p, testClock(p, index.settings, today)]));
  const overdue = plans.filter((p) => clocks.get(p)?.overdue).length;
  const noAction = plans.flatMap((p) => testHistory(p).filter(needsAction)).length;
  const notMet = plans.filter((p) => rtoChecks(index, p, today).some((c) => c.met === false)).length;

  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Services", services.length],
        [
          "Critical or high services without a plan",
          { text: String(unplanned.length), tone: unplanned.length ? "bad" : "good" },
        ],
        ["Continuity plans", plans.length],
        ["Plans overdue for a test", { text: String(overdue), tone: overdue ? "bad" : "good" }],
        ["Latest test slower than an rto", { text: String(notMet), tone: notMet ? "warn" : "good" }],
        [
          "Failed or partial tests without an action",
          { text: String(noAction), tone: noAction ? "bad" : "good" },
        ],
      ],
    },
    {
      kind: "bars",
      title: "Services by criticality",
      data: CRITICALITIES.map((c) => ({
        label: c,
        value: services.filter((s) => s.value.criticality === c).length,
        tone: CRITICALITY_TONE[c],
      })),
    },
    { kind: "heading", level: 2, text: "Business impact analysis" },
    {
      kind: "paragraph",
      text: "Maximum tolerable period of disruption (MTPD), recovery time objective (RTO) and recovery point objective (RPO) of each service, and the continuity plans that list it.",
    },
    {
      kind: "table",
      columns: ["Service", "Name", "Owner", "Criticality", "MTPD", "RTO", "RPO", "Plans"],
      rows: services.map((s) => {
        const t = recoveryTimes(s);
        return [
          s.id,
          text(s.value.name),
          roleName(index, s.value.owner),
          criticalityCell(s.value.criticality),
          dur(t.mtpd),
          rtoCell(s),
          dur(t.rpo),
          plansCell(ctx, s),
        ];
      }),
    },
    { kind: "heading", level: 2, text: "Continuity plans" },
    {
      kind: "table",
      columns: [
        "Plan",
        "Title",
        "Owner",
        "Services",
        "Document",
        "Tested every",
        "Last test",
        "Result",
        "Next test due",
      ],
      rows: plans.map((p) => {
        const c = clocks.get(p) ?? testClock(p, index.settings, today);
        const next: Cell = c.last
          ? c.overdue
            ? { text: `${formatDay(c.due)} (overdue ${today - c.due} days)`, tone: "bad" }
            : formatDay(c.due)
          : { text: "now (never tested)", tone: "bad" };
        return [
          p.id,
          titleOf(p),
          roleName(index, p.value.owner),
          planServiceIds(p).join(", "),
          text(p.value.document),
          formatDuration(c.every),
          c.last ? `${formatDay(c.last.day)} ${c.last.type ?? ""}`.trim() : { text: "never", tone: "bad" },
          c.last ? resultCell(c.last.result) : "",
          next,
        ];
      }),
    },
    { kind: "heading", level: 2, text: "Test history against the rto" },
    {
      kind: "paragraph",
      text: "Every test of every plan, earliest first, with the recovery time achieved against the shortest rto of the plan's services, and the action taken when it did not work.",
    },
    {
      kind: "table",
      columns: [
        "Plan",
        "Date",
        "Type",
        "Result",
        "Achieved",
        "Target RTO",
        "Met",
        "Action",
        "Owner",
        "Due",
        "State",
      ],
      rows: plans.flatMap((p) => {
        const target = targetRto(index, p);
        return testHistory(p).map((t): Cell[] => {
          const met: Cell =
            t.achieved && target
              ? longer(t.achieved, target)
                ? { text: "no", tone: "bad" }
                : { text: "yes", tone: "good" }
              : "";
          const a = t.hasAction ? (t.value.action as Record<string, unknown>) : undefined;
          const s = a ? actionStatus(a, today) : undefined;
          return [
            p.id,
            formatDay(t.day),
            t.type ?? "",
            resultCell(t.result),
            dur(t.achieved),
            dur(target),
            met,
            a ? text(a.description) : needsAction(t) ? { text: "none", tone: "bad" } : "",
            a ? roleName(index, a.owner) : "",
            s?.due === undefined ? "" : formatDay(s.due),
            s ? actionCell(s.state) : "",
          ];
        });
      }),
    },
  ];
  // Per plan, the recovery time of each test (hours) against the target: the plan's shortest rto.
  for (const p of plans) {
    const tests = testHistory(p);
    if (!tests.some((t) => t.achieved)) continue;
    const target = targetRto(index, p);
    blocks.push({
      kind: "trend",
      title: `${p.id ?? ""} ${titleOf(p)}: hours to recover in each test${target ? ` (rto ${formatDuration(target)})` : ""}`,
      points: tests.map((t) => ({
        label: formatDay(t.day),
        value: t.achieved ? durationHours(t.achieved) : undefined,
      })),
      unit: "h",
      target: target ? durationHours(target) : undefined,
    });
  }
  if (!plans.length && !services.length)
    blocks.push({ kind: "paragraph", text: "No services or continuity plans are recorded." });

  return doc(ctx, "continuity", "Business continuity: impact analysis, plans and tests", blocks, {
    columns: [
      "id",
      "name",
      "owner",
      "criticality",
      "mtpd",
      "rto",
      "rpo",
      "mtpd_hours",
      "rto_hours",
      "rpo_hours",
      "assets",
      "suppliers",
      "plans",
      "last_test",
      "next_review",
    ],
    rows: services.map((s) => {
      const t = recoveryTimes(s);
      const hours = (d: Duration | undefined) => (d ? String(Math.round(durationHours(d) * 100) / 100) : "");
      const due = reviewOfEntry(s, index.settings)?.due;
      const last = plansOfService(index, s.id)
        .flatMap((p) => testHistory(p).filter((x) => x.day <= today))
        .reduce<number | undefined>((m, x) => (m === undefined || x.day > m ? x.day : m), undefined);
      return [
        s.id,
        text(s.value.name),
        text(s.value.owner),
        text(s.value.criticality),
        dur(t.mtpd),
        dur(t.rto),
        dur(t.rpo),
        hours(t.mtpd),
        hours(t.rto),
        hours(t.rpo),
        ids(s.value.assets),
        ids(s.value.suppliers),
        plansOfService(index, s.id)
          .map((p) => p.id ?? "")
          .join(", "),
        last === undefined ? "" : formatDay(last),
        due === undefined ? "" : formatDay(due),
      ];
    }),
  });
}
