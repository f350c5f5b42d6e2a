import { addFields, yamlScalar } from "../../../edits";
import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { addDuration, formatDay } from "../../../values";
import { GAP_STATUSES, openActions } from "../domain";

export default defineRule({
  id: "obligation-non-compliant",
  severity: "warning",
  doc: "An obligation's latest assessment found it partly met or not met (`status: partial` or `non-compliant`), and no open action brings it into compliance. Control A.5.31 and clause 6.1 expect a gap in meeting a requirement to be treated, with an owner and a date.",
  fix: "Add an action under `actions:` (description, owner, due), or, when the gap is closed, set `status: compliant` with the date in `assessed:`.",
  messages: {
    partial: "Obligation {{id}} is only partly met and has no open action to close the gap",
    "non-compliant": "Obligation {{id}} is not met and has no open action to bring it into compliance",
  },
  entry: {
    kinds: ["obligation"],
    check(ob, ctx) {
      const status = ob.value.status;
      if (!GAP_STATUSES.includes(status) || openActions(ob, ctx.today).length) return;
      ctx.reportEntry(ob, String(status), { id: ob.id ?? "" }, fieldRange(ob, ["status"]));
    },
  },
  fixes({ at, today }) {
    const ob = at.entry;
    // A skeleton only where no `actions:` list exists yet (its items are edited by hand).
    if (ob?.kind !== "obligation" || ob.value.actions !== undefined) return [];
    const lines = [
      "actions:",
      "  - description: Describe the corrective action",
      `    owner: ${yamlScalar(str(ob.value.owner) ?? "role-id")}`,
      `    due: ${formatDay(addDuration(today, { n: 30, unit: "days" }))}`,
    ];
    return [{ title: "Add an action", edits: [addFields(ob, lines)] }];
  },
});
