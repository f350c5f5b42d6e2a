import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { latestTest, rtoChecks } from "../domain";

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
    for (const p of ctx.index.byKind.get("plan") ?? []) {
      const last = latestTest(p, ctx.today);
      if (!last?.achieved) continue;
      for (const c of rtoChecks(ctx.index, p, ctx.today)) {
        if (c.met !== false || !c.rto) continue;
        ctx.reportEntry(
          p,
          "notMet",
          {
            id: p.id ?? "(no id)",
            date: formatDay(last.day),
            achieved: formatDuration(last.achieved),
            rto: formatDuration(c.rto),
            service: c.serviceId,
          },
          fieldRange(p, ["tests", last.index, "achieved_rto"]),
        );
      }
    }
  },
});
