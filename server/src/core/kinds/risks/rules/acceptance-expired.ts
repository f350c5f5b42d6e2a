import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, parseDay } from "../../../values";

export default defineRule({
  id: "acceptance-expired",
  severity: "warning",
  doc: "A risk acceptance has lapsed: `accepted_until` is before today, so the risk is retained without a current decision by its owner.",
  fix: "Have the risk owner decide again: renew the acceptance (new `accepted_on` and `accepted_until`) or treat the risk.",
  messages: { expired: "Risk {{id}}: acceptance expired on {{until}}" },
  entry: {
    kinds: ["risk"],
    check(risk, ctx) {
      const until = parseDay(risk.value.accepted_until);
      if (until !== undefined && until < ctx.today)
        ctx.reportEntry(
          risk,
          "expired",
          { id: risk.id ?? "", until: formatDay(until) },
          fieldRange(risk, ["accepted_until"]),
        );
    },
  },
});
