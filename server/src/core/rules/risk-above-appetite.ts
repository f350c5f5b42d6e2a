import { riskScores } from "../risk";
import { defineRule, str } from "./api";

export default defineRule({
  id: "risk-above-appetite",
  severity: "error",
  doc: "A risk above the risk appetite is retained without a named acceptance: its inherent score exceeds the appetite and it is accepted or has no treatment, or its residual score exceeds the appetite. Clause 6.1.3 f) requires risk owners to approve the treatment plan and accept the residual risk.",
  fix: "Treat the risk further, or record the owner's acceptance with `accepted_by:` (a role) and `accepted_on:` (a date).",
  entry: {
    kinds: ["risk"],
    check(risk, ctx) {
      const appetite = ctx.settings.appetite;
      const v = risk.value;
      if (str(v.accepted_by) && str(v.accepted_on)) return;
      const s = riskScores(risk, ctx.settings);
      const treatment = str(v.treatment);
      if (s.residual !== undefined && s.residual > appetite)
        ctx.reportEntry(
          risk,
          `Risk ${risk.id}: residual score ${s.residual} (${s.residualLevel?.name}) is above the appetite of ${appetite} and no acceptance is recorded (accepted_by, accepted_on)`,
        );
      else if (
        s.inherent !== undefined &&
        s.inherent > appetite &&
        (treatment === undefined || treatment === "accept")
      )
        ctx.reportEntry(
          risk,
          `Risk ${risk.id}: score ${s.inherent} (${s.inherentLevel?.name}) is above the appetite of ${appetite} and the risk is ${treatment ? "accepted" : "untreated"} with no acceptance recorded (accepted_by, accepted_on)`,
        );
    },
  },
});
