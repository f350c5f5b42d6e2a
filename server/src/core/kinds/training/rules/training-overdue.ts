import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { courseDue } from "../domain";

export default defineRule({
  id: "training-overdue",
  severity: "warning",
  doc: "A course was not held within its interval: its latest session plus `every` lies before today, or it has never been held. Clause 7.2 and 7.3 (control A.6.3) expect competence and awareness kept up.",
  fix: "Hold the course and record the session (date, attended, invited).",
  messages: {
    never: "Course {{id}} has never been held (due every {{every}})",
    overdue: "Course {{id}} is overdue: last held {{last}}, due {{due}} ({{days}} days ago)",
  },
  entry: {
    kinds: ["course"],
    check(c, ctx) {
      const d = courseDue(c);
      if (!d) return;
      const id = c.id ?? "";
      if (!d.last || d.due === undefined) {
        ctx.reportEntry(c, "never", { id, every: formatDuration(d.every) });
        return;
      }
      if (d.due < ctx.today)
        ctx.reportEntry(
          c,
          "overdue",
          { id, last: formatDay(d.last.day), due: formatDay(d.due), days: ctx.today - d.due },
          fieldRange(c, ["sessions", d.last.index, "date"]),
        );
    },
  },
});
