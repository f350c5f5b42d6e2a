import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { testClock } from "../domain";

export default defineRule({
  id: "continuity-test-overdue",
  severity: "warning",
  doc: "A continuity plan has not been tested within its interval: its latest test (held on or before today) plus `test_every` (default the manifest's `reviews.continuity`, 12 months) lies before today, or it has never been tested. An untested plan is an assumption: the ICT readiness for business continuity must be tested (control A.5.30), and the plan shown to work (A.5.29).",
  fix: "Test the plan (a tabletop, walkthrough, simulation, failover or full test) and record it under `tests:` with its date, type, result and achieved_rto; or set a `test_every` that matches the agreed testing programme.",
  messages: {
    overdue:
      "Continuity plan {{id}} was last tested {{last}}; with a test every {{every}} the next was due {{due}} ({{days}} days ago)",
    never: "Continuity plan {{id}} has never been tested (a test is due every {{every}})",
  },
  entry: {
    kinds: ["plan"],
    check(p, ctx) {
      const c = testClock(p, ctx.settings, ctx.today);
      const id = p.id ?? "(no id)";
      const every = formatDuration(c.every);
      if (!c.last) {
        ctx.reportEntry(p, "never", { id, every });
        return;
      }
      if (!c.overdue) return;
      ctx.reportEntry(
        p,
        "overdue",
        { id, last: formatDay(c.last.day), every, due: formatDay(c.due), days: ctx.today - c.due },
        fieldRange(p, ["tests", c.last.index, "date"]),
      );
    },
  },
});
