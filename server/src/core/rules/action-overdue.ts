import { actionsOf, actionStatus } from "../action";
import { fieldRange } from "../model";
import { formatDay } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "action-overdue",
  severity: "warning",
  doc: "A corrective action is past its due date and not closed (clause 10.2).",
  fix: "Close the action (`closed:` with the date, and `verified_by:`), or agree a new due date with its owner.",
  messages: { overdue: "Corrective action of {{id}} was due {{due}} ({{days}} days ago) and is not closed" },
  entry: {
    kinds: (info) => (info.spec.actions?.length ?? 0) > 0,
    check(entry, ctx) {
      for (const a of actionsOf(entry)) {
        const s = actionStatus(a.value, ctx.today);
        if (s.state !== "overdue" || s.due === undefined) continue;
        ctx.reportEntry(
          entry,
          "overdue",
          { id: entry.id ?? "", due: formatDay(s.due), days: ctx.today - s.due },
          fieldRange(entry, [...a.path, "due"]),
        );
      }
    },
  },
});
