import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { formatDay } from "../../../values";
import { objectiveDue } from "../domain";

export default defineRule({
  id: "objective-overdue",
  severity: "warning",
  doc: "An objective's due date has passed and its status is neither achieved nor dropped. Clause 6.2 i) requires planning when each objective will be completed; past that date it is either achieved, re-planned or dropped, with the decision recorded.",
  fix: "Set `status: achieved` when it was met; otherwise agree a new `due:` date (and record the actions that get it there), or set `status: dropped` with the reason recorded in the management review.",
  messages: {
    overdue: "Objective {{id}} was due {{due}} ({{days}} days ago) and is {{status}}",
    noStatus: "Objective {{id}} was due {{due}} ({{days}} days ago) and has no status",
  },
  entry: {
    kinds: ["objective"],
    check(o, ctx) {
      const due = objectiveDue(o);
      if (due === undefined || due >= ctx.today) return;
      const status = str(o.value.status);
      const data = { id: o.id ?? "", due: formatDay(due), days: ctx.today - due };
      ctx.reportEntry(
        o,
        status ? "overdue" : "noStatus",
        status ? { ...data, status } : data,
        fieldRange(o, ["due"]),
      );
    },
  },
});
