import { addNestedFields, yamlScalar } from "../../../edits";
import { fieldRange } from "../../../model";
import { defineRule, list, obj, str } from "../../../rules/api";
import { addDuration, formatDay } from "../../../values";
import { checksOf } from "../domain";

export default defineRule({
  id: "control-check-failed",
  severity: "error",
  doc: "The last check of an SoA control failed (`result: fail`) and the check records no corrective action. A control found not working is a nonconformity: clause 10.2 requires reacting to it, eliminating its cause and recording the action taken.",
  fix: "Add an `action:` to the check with description, owner and due date (the generic corrective action; the quick fix adds one for the check's owner, due in 30 days); when the control has been fixed and checked again, record the new `last:` and `result:`.",
  messages: {
    failed: "{{control}}: the check '{{check}}' failed and has no corrective action",
  },
  entry: {
    kinds: ["control"],
    check(control, ctx) {
      for (const c of checksOf(control, ctx.today))
        if (c.failedWithoutAction)
          ctx.reportEntry(
            control,
            "failed",
            { control: control.id ?? "", check: c.description },
            fieldRange(control, [...c.path, "result"]),
          );
    },
  },
  fixes({ at, today }) {
    const control = at.entry;
    if (control?.kind !== "control") return [];
    // The finding is at a check's `result`: the check is the item of `checks` on the path.
    const rest = at.path.slice(control.path.length);
    const i = rest[0] === "checks" && typeof rest[1] === "number" ? rest[1] : undefined;
    if (i === undefined) return [];
    const check = obj(list(control.value.checks)[i]);
    const owner = str(check.owner) ?? str(control.value.owner) ?? "role-id";
    const due = formatDay(addDuration(today, { n: 30, unit: "days" }));
    const line = `action: { description: Describe the corrective action, owner: ${yamlScalar(owner)}, due: ${due} }`;
    return [{ title: "Add a corrective action", edits: [addNestedFields(control, ["checks", i], [line])] }];
  },
});
