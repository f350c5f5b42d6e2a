import { entryRefs } from "../../../model";
import { defineRule } from "../../../rules/api";

export default defineRule({
  id: "soa-control-unmapped",
  severity: "warning",
  doc: "A risk is treated with a control that the SoA marks not applicable: the treatment relies on a control the organisation says it does not use. The SoA and the treatment plan disagree.",
  fix: "Mark the control applicable in the SoA (with a justification), or treat the risk with another control.",
  messages: { excluded: "Risk {{id}} relies on {{control}}, which the SoA marks not applicable" },
  entry: {
    kinds: ["risk"],
    dependsOnSoa: true,
    check(risk, ctx) {
      for (const ref of entryRefs(risk)) {
        if (ref.target !== "control") continue;
        const soa = ctx.index.soa.get(ref.value);
        if (soa && soa.every((e) => e.value.applicable === false))
          ctx.report(ref.file, ref.range, "excluded", { id: risk.id ?? "", control: ref.value });
      }
    },
  },
});
