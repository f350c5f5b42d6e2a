import { fieldRange } from "../../../model";
import { plural } from "../../../present";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { stateOf } from "../domain";

export default defineRule({
  id: "exception-too-long",
  severity: "warning",
  doc: "An approved policy exception runs from `approved_on` to `expires` for longer than the manifest allows (`exceptions: { max_duration }`, 12 months by default). An exception is a temporary departure from a policy (control A.5.1); a long one is a policy that is not applied, and its risk should be treated (clause 6.1.3) or the policy changed.",
  fix: "Shorten it (an earlier `expires:`) and review it again when it ends, or change the policy; if the organisation allows longer exceptions, raise `exceptions.max_duration` in the manifest.",
  messages: {
    long: "Exception {{id}} runs {{length}} (approved {{approved}}, expires {{expires}}), longer than the maximum of {{max}}",
  },
  entry: {
    kinds: ["exception"],
    check(ex, ctx) {
      const s = stateOf(ex, ctx.settings, ctx.today);
      if (!s.tooLong || s.approvedOn === undefined || s.expires === undefined) return;
      ctx.reportEntry(
        ex,
        "long",
        {
          id: ex.id ?? "",
          length: plural(s.expires - s.approvedOn, "day"),
          approved: formatDay(s.approvedOn),
          expires: formatDay(s.expires),
          max: formatDuration(ctx.settings.exceptionMaxDuration),
        },
        fieldRange(ex, ["expires"]),
      );
    },
  },
});
