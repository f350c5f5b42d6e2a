import { fieldRange } from "../model";
import { formatDay, parseDay } from "../values";
import { defineRule, obj } from "./api";

export default defineRule({
  id: "action-overdue",
  severity: "warning",
  doc: "A corrective action is past its due date and not closed (clause 10.2).",
  fix: "Close the action (`closed:` with the date, and `verified_by:`), or agree a new due date with its owner.",
  entry: {
    kinds: ["finding"],
    check(f, ctx) {
      const action = obj(f.value.action);
      const due = parseDay(action.due);
      if (due === undefined || due >= ctx.today || action.closed !== undefined) return;
      ctx.reportEntry(
        f,
        `Corrective action of ${f.id} was due ${formatDay(due)} (${ctx.today - due} days ago) and is not closed`,
        fieldRange(f, ["action", "due"]),
      );
    },
  },
});
