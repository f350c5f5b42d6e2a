import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { stateOf } from "../domain";

export default defineRule({
  id: "exception-no-compensation",
  severity: "warning",
  doc: "An approved policy exception lists no compensating measures (`compensating:`). While a control is not applied, the risk it treated is back (clause 6.1.3); compensating measures are what keeps it within appetite until the exception ends, and what an auditor asks for first.",
  fix: "List under `compensating:` the measures in place while the exception runs (extra monitoring, a restricted scope, a manual check), or explain in `justification:` and the linked risk why none is needed.",
  messages: {
    none: "Exception {{id}} is approved without compensating measures",
  },
  entry: {
    kinds: ["exception"],
    check(ex, ctx) {
      const s = stateOf(ex, ctx.settings, ctx.today);
      if (!s.approved || s.compensating.length) return;
      ctx.reportEntry(ex, "none", { id: ex.id ?? "" }, fieldRange(ex, ["status"]));
    },
  },
});
