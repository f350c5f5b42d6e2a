import { fieldRange } from "../../../model";
import { plural } from "../../../present";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { stateOf } from "../domain";

export default defineRule({
  id: "exception-expired",
  severity: "warning",
  doc: "An approved policy exception has passed its `expires` date and is still approved. The exception was granted for a limited time (control A.5.1); once it ends, either the policy is met again and the exception is closed, or it is renewed by a new, recorded approval.",
  fix: "If the policy is met again, set `status: closed`; otherwise have it re-approved and set the new `approved_on:` and `expires:`.",
  messages: {
    expired: "Exception {{id}} expired on {{expires}} ({{days}} ago) and is still approved",
  },
  entry: {
    kinds: ["exception"],
    check(ex, ctx) {
      const s = stateOf(ex, ctx.settings, ctx.today);
      if (!s.expired || s.expires === undefined) return;
      ctx.reportEntry(
        ex,
        "expired",
        { id: ex.id ?? "", expires: formatDay(s.expires), days: plural(ctx.today - s.expires, "day") },
        fieldRange(ex, ["expires"]),
      );
    },
  },
});
