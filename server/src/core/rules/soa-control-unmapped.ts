import { defineRule } from "./api";

export default defineRule({
  id: "soa-control-unmapped",
  severity: "warning",
  doc: "A risk is treated with a control that the SoA marks not applicable: the treatment relies on a control the organisation says it does not use. The SoA and the treatment plan disagree.",
  fix: "Mark the control applicable in the SoA (with a justification), or treat the risk with another control.",
  check(ctx) {
    for (const [value, refs] of ctx.index.refsByTarget.get("control") ?? []) {
      const soa = ctx.index.soa.get(value);
      if (!soa || !soa.every((e) => e.value.applicable === false)) continue;
      for (const ref of refs)
        if (ref.entry?.kind === "risk")
          ctx.report(
            ref.file,
            ref.range,
            `Risk ${ref.entry.id} relies on ${value}, which the SoA marks not applicable`,
          );
    }
  },
});
