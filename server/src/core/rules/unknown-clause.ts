import { entryRefs } from "../model";
import { checkClause, looksLikeControl } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "unknown-clause",
  severity: "error",
  doc: "A clause reference is not a clause of ISO/IEC 27001:2022 (4 to 10 with their sub-clauses, such as 6.1.2, and lettered items, such as 5.3(a)).",
  fix: "Correct the reference; a clause covers its sub-clauses, so '9.2' is enough for all of the internal audit clause.",
  messages: {
    notClause: "'{{ref}}' is not a clause reference (like 6.1.2 or 5.3(a))",
    noSuchClause: "{{ref}} is not a clause of ISO/IEC 27001:2022 (clauses 4 to 10)",
    noItems: "clause {{clause}} has no lettered items, so {{ref}} does not exist",
    noSuchItem: "clause {{clause}} has items a) to {{last}}), so {{ref}} does not exist",
  },
  entry: {
    kinds: () => true,
    check(entry, ctx) {
      for (const ref of entryRefs(entry)) {
        if (ref.target !== "clause" && !(ref.target === "ref" && !looksLikeControl(ref.value))) continue;
        const r = checkClause(ref.value);
        if (!r.ok) ctx.report(ref.file, ref.range, r.problem, { ref: ref.value, ...r.data });
      }
    },
  },
});
