import { defineRule } from "../../../rules/api";
import { given, isMapping } from "../domain";

export default defineRule({
  id: "obligation-no-controls",
  severity: "warning",
  doc: "An obligation (a law, a regulation, a contract, a standard) names neither a control nor a document that meets it. Control A.5.31 requires identifying the requirements and the organisation's approach to meeting them; without it nobody can show how the obligation is met.",
  fix: "List the Annex A controls that meet the obligation under `controls:` and the policies, procedures or records that evidence it under `documents:`.",
  messages: { none: "Obligation {{id}} names no control or document that meets it" },
  entry: {
    kinds: ["obligation"],
    check(ob, ctx) {
      if (isMapping(ob) && !given(ob.value.controls) && !given(ob.value.documents))
        ctx.reportEntry(ob, "none", { id: ob.id ?? "" });
    },
  },
});
