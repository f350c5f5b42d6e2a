import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { nextMeasurement } from "../domain";

export default defineRule({
  id: "metric-stale",
  severity: "warning",
  doc: "A manual metric (one without `derived:`) has no measurement within its period (`every`) before today: its latest measurement plus one period lies before today, or it was never measured. Clause 9.1 requires monitoring and measurement results when they are due, and a stale value tells top management nothing about today.",
  fix: "Measure it and add the result to `measurements:` (date and value); or, when isms can compute it, set `derived:` to the measure instead.",
  messages: {
    stale:
      "Metric {{id}} was last measured {{last}}; it is measured every {{every}}, so a measurement was due {{due}}",
    never: "Metric {{id}} is measured every {{every}} and has no measurement yet",
  },
  entry: {
    kinds: ["metric"],
    check(m, ctx) {
      const next = nextMeasurement(m, ctx.today);
      if (!next) return;
      const id = m.id ?? "";
      const every = formatDuration(next.every);
      if (!next.last) {
        ctx.reportEntry(m, "never", { id, every }, fieldRange(m, ["every"]));
        return;
      }
      if (next.due !== undefined && next.due < ctx.today)
        ctx.reportEntry(
          m,
          "stale",
          { id, last: formatDay(next.last.day), every, due: formatDay(next.due) },
          fieldRange(m, ["measurements", next.last.index, "date"]),
        );
    },
  },
});
