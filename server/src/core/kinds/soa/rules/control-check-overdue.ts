import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { checksOf } from "../domain";

export default defineRule({
  id: "control-check-overdue",
  severity: "warning",
  doc: "A check of an SoA control is overdue: its `last` date plus its interval (`every`) is before today, or it has never been done (no `last`). Clause 9.1 requires determining what is monitored and when, and clause 9.2 auditing that the controls work; a check on paper that nobody does is no evidence that the control works.",
  fix: "Do the check and record it: `last:` with the date, `result:` pass or fail, and `evidence:` (the record of the check); or change `every:` if the interval was unrealistic.",
  messages: {
    overdue: "{{control}}: the check '{{check}}' was due {{due}} ({{days}} days ago)",
    never: "{{control}}: the check '{{check}}' has never been done",
  },
  entry: {
    kinds: ["control"],
    check(control, ctx) {
      for (const c of checksOf(control, ctx.today)) {
        if (!c.overdue) continue;
        const data = { control: control.id ?? "", check: c.description };
        if (c.next === undefined)
          ctx.reportEntry(control, "never", data, fieldRange(control, [...c.path, "description"]));
        else
          ctx.reportEntry(
            control,
            "overdue",
            { ...data, due: formatDay(c.next), days: ctx.today - c.next },
            fieldRange(control, [...c.path, "last"]),
          );
      }
    },
  },
});
