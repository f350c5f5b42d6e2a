import { fieldRange } from "../model";
import { formatDay, parseDay } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "audit-overdue",
  severity: "warning",
  doc: "An audit's planned date has passed and it was neither performed nor cancelled: the audit programme (clause 9.2.2) is slipping.",
  fix: "Record `performed:` (and the findings), re-plan it with a new `planned:` date, or set `status: cancelled` with the reason in the programme.",
  entry: {
    kinds: ["audit"],
    check(a, ctx) {
      const planned = parseDay(a.value.planned);
      if (planned === undefined || planned >= ctx.today) return;
      if (a.value.performed !== undefined || a.value.status === "cancelled" || a.value.status === "completed")
        return;
      ctx.reportEntry(
        a,
        `Audit ${a.id} was planned for ${formatDay(planned)} (${ctx.today - planned} days ago) and not performed`,
        fieldRange(a, ["planned"]),
      );
    },
  },
});
