import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { stateOf } from "../domain";

export default defineRule({
  id: "exception-unapproved",
  severity: "error",
  doc: "A policy exception has `status: approved` but does not record who approved it (`approved_by`), when (`approved_on`) or until when (`expires`). Control A.5.1 expects departures from a policy to be authorised, and clause 6.1.3 expects the risk owner to accept the residual risk: without the approver, the date and an end, nobody can show the exception was authorised or when the policy applies again.",
  fix: "Record `approved_by:` (the role with the authority to approve it), `approved_on:` and `expires:`; if nobody approved it, set `status: requested`.",
  messages: {
    missing: "Exception {{id}} is approved but has no {{fields}}",
  },
  entry: {
    kinds: ["exception"],
    check(ex, ctx) {
      const s = stateOf(ex, ctx.settings, ctx.today);
      if (!s.missing.length) return;
      ctx.reportEntry(
        ex,
        "missing",
        { id: ex.id ?? "", fields: s.missing.join(", ") },
        fieldRange(ex, ["status"]),
      );
    },
  },
});
