import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, parseDay } from "../../../values";
import { auditState } from "../domain";

export default defineRule({
  id: "audit-overdue",
  severity: "warning",
  doc: "An audit's planned date has passed and it was neither performed nor cancelled: the audit programme (clause 9.2.2) is slipping.",
  fix: "Record `performed:` (and the findings), re-plan it with a new `planned:` date, or set `status: cancelled` with the reason in the programme.",
  messages: { overdue: "Audit {{id}} was planned for {{planned}} ({{days}} days ago) and not performed" },
  entry: {
    kinds: ["audit"],
    check(a, ctx) {
      const planned = parseDay(a.value.planned);
      if (planned === undefined || auditState(a.value, ctx.today) !== "overdue") return;
      ctx.reportEntry(
        a,
        "overdue",
        { id: a.id ?? "", planned: formatDay(planned), days: ctx.today - planned },
        fieldRange(a, ["planned"]),
      );
    },
  },
});
