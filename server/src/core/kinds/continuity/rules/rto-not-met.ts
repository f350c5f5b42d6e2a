import { identityStamp, kindFacts } from "../../../aggregate";
import { absoluteRange, fieldRange, relativeRange, type Entry } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration, type Day } from "../../../values";
import type { WorkspaceIndex } from "../../../workspace";
import { latestTest, rtoChecks } from "../domain";

/** What the rule says of a plan: one finding per service whose rto its latest test missed. */
function notMet(p: Entry, index: WorkspaceIndex, today: Day) {
  const last = latestTest(p, today);
  if (!last?.achieved) return undefined;
  const achieved = last.achieved;
  const found = rtoChecks(index, p, today).flatMap((c) => {
    if (c.met !== false || !c.rto) return [];
    const data = {
      id: p.id ?? "(no id)",
      date: formatDay(last.day),
      achieved: formatDuration(achieved),
      rto: formatDuration(c.rto),
      service: c.serviceId,
    };
    return [{ data, rel: relativeRange(p, fieldRange(p, ["tests", last.index, "achieved_rto"])) }];
  });
  return found.length ? found : undefined;
}

export default defineRule({
  id: "rto-not-met",
  severity: "warning",
  doc: "The latest test of a continuity plan (held on or before today) recovered in a time (`achieved_rto`) longer than the `rto` of one of the services the plan lists: the plan, as tested, does not recover that service within its objective (controls A.5.29, A.5.30). One finding per service; durations are compared in hours.",
  fix: "Improve the recovery (automation, standby capacity, a faster restore) and re-test it, and record an action on the test until then; or, if the business accepts a longer recovery, raise the service's `rto` (at most its `mtpd`).",
  messages: {
    notMet:
      "The latest test of continuity plan {{id}} ({{date}}) recovered in {{achieved}}, longer than the rto of {{rto}} of service {{service}}",
  },
  check(ctx) {
    // A workspace rule (it reads the plan's services), its findings kept as facts of the plans
    // (core/aggregate.ts) while the services and the day are the same: a keystroke costs what it changed.
    const key = `rto:${ctx.today}|${identityStamp(ctx.index.byKind.get("service"))}`;
    for (const [plan, found] of kindFacts(ctx.index, "plan", key, (p) => notMet(p, ctx.index, ctx.today))
      .list)
      for (const f of found) ctx.reportEntry(plan, "notMet", f.data, absoluteRange(plan, f.rel));
  },
});
