import { anchorRange } from "../model";
import { checkControl, looksLikeControl } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "unknown-control",
  severity: "error",
  doc: "A control reference is not an ISO/IEC 27001:2022 Annex A control (A.5.1 to A.8.34, or a theme A.5 to A.8). A 2013 id such as A.9.2.1 is reported with its 2022 equivalents, so a register carried over from the old standard can be migrated.",
  fix: "Use the 2022 id the message names (the quick fix replaces it), or correct the typo.",
  check(ctx) {
    for (const target of ["control", "ref"] as const)
      for (const [value, refs] of ctx.index.refsByTarget.get(target) ?? []) {
        if (target === "ref" && !looksLikeControl(value)) continue;
        const r = checkControl(value);
        if (!r.ok) for (const ref of refs) ctx.report(ref.file, ref.range, r.message);
      }
    for (const entries of ctx.index.soa.values())
      for (const e of entries) {
        const r = checkControl(e.id!);
        if (!r.ok || r.kind === "theme")
          ctx.report(
            e.file,
            anchorRange(e),
            r.ok ? `${e.id} is a theme; the SoA lists single controls` : r.message,
          );
      }
  },
});
