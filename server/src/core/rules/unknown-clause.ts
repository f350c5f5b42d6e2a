import { checkClause, looksLikeControl } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "unknown-clause",
  severity: "error",
  doc: "A clause reference is not a clause of ISO/IEC 27001:2022 (4 to 10 with their sub-clauses, such as 6.1.2, and lettered items, such as 5.3(a)).",
  fix: "Correct the reference; a clause covers its sub-clauses, so '9.2' is enough for all of the internal audit clause.",
  check(ctx) {
    for (const target of ["clause", "ref"] as const)
      for (const [value, refs] of ctx.index.refsByTarget.get(target) ?? []) {
        if (target === "ref" && looksLikeControl(value)) continue;
        const r = checkClause(value);
        if (!r.ok) for (const ref of refs) ctx.report(ref.file, ref.range, r.message);
      }
  },
});
