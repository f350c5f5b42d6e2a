import { fieldRange } from "../../../model";
import { defineRule, list } from "../../../rules/api";

export default defineRule({
  id: "risk-no-controls",
  severity: "warning",
  doc: "A risk treated by mitigation names no control. Clause 6.1.3 b) requires determining the controls needed to implement the treatment, and the SoA and treatment plan are built from them.",
  fix: "List the Annex A controls that treat the risk under `controls:` (completion offers them by id and title).",
  messages: { none: "Risk {{id}} is mitigated but names no controls" },
  entry: {
    kinds: ["risk"],
    check(risk, ctx) {
      if (risk.value.treatment === "mitigate" && list(risk.value.controls).length === 0)
        ctx.reportEntry(risk, "none", { id: risk.id ?? "" }, fieldRange(risk, ["treatment"]));
    },
  },
});
