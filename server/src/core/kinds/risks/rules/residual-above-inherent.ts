import { fieldRange } from "../../../model";
import { riskScores } from "../../../risk";
import { defineRule } from "../../../rules/api";

export default defineRule({
  id: "residual-above-inherent",
  severity: "error",
  doc: "A risk's residual score (after treatment) is higher than its inherent score. Treatment cannot make a risk worse; the scores are most likely swapped or mistyped.",
  fix: "Correct `residual:` or the inherent likelihood and impact.",
  messages: { above: "Risk {{id}}: residual score {{residual}} is above the inherent score {{inherent}}" },
  entry: {
    kinds: ["risk"],
    check(risk, ctx) {
      const s = riskScores(risk, ctx.settings);
      if (s.residual !== undefined && s.inherent !== undefined && s.residual > s.inherent)
        ctx.reportEntry(
          risk,
          "above",
          { id: risk.id ?? "", residual: s.residual, inherent: s.inherent },
          fieldRange(risk, ["residual"], { key: true }),
        );
    },
  },
});
