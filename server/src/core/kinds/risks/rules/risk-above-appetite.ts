import { addFields, yamlScalar } from "../../../edits";
import { riskScores } from "../../../risk";
import { defineRule, str } from "../../../rules/api";
import { formatDay } from "../../../values";

export default defineRule({
  id: "risk-above-appetite",
  severity: "error",
  doc: "A risk above the risk appetite is retained without a named acceptance: its inherent score exceeds the appetite and it is accepted or has no treatment, or its residual score exceeds the appetite. Clause 6.1.3 f) requires risk owners to approve the treatment plan and accept the residual risk.",
  fix: "Treat the risk further, or record the owner's acceptance with `accepted_by:` (a role) and `accepted_on:` (a date).",
  messages: {
    residual:
      "Risk {{id}}: residual score {{score}} ({{level}}) is above the appetite of {{appetite}} and no acceptance is recorded (accepted_by, accepted_on)",
    inherent:
      "Risk {{id}}: score {{score}} ({{level}}) is above the appetite of {{appetite}} and the risk is {{state}} with no acceptance recorded (accepted_by, accepted_on)",
  },
  entry: {
    kinds: ["risk"],
    check(risk, ctx) {
      const appetite = ctx.settings.appetite;
      const v = risk.value;
      if (str(v.accepted_by) && str(v.accepted_on)) return;
      const s = riskScores(risk, ctx.settings);
      const treatment = str(v.treatment);
      const id = risk.id ?? "";
      if (s.residual !== undefined && s.residual > appetite)
        ctx.reportEntry(risk, "residual", {
          id,
          score: s.residual,
          level: s.residualLevel?.name ?? "",
          appetite,
        });
      else if (
        s.inherent !== undefined &&
        s.inherent > appetite &&
        (treatment === undefined || treatment === "accept")
      )
        ctx.reportEntry(risk, "inherent", {
          id,
          score: s.inherent,
          level: s.inherentLevel?.name ?? "",
          appetite,
          state: treatment ? "accepted" : "untreated",
        });
    },
  },
  fixes({ at, today }) {
    if (at.entry?.kind !== "risk") return [];
    const owner = str(at.entry.value.owner) ?? "role-id";
    const lines = [`accepted_by: ${yamlScalar(owner)}`, `accepted_on: ${formatDay(today)}`];
    return [{ title: `Record acceptance by ${owner} today`, edits: [addFields(at.entry, lines)] }];
  },
});
