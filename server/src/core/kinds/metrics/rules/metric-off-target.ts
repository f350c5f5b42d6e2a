import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { periodPhrase, formatValue, metricStatus } from "../domain";

// A workspace rule: a derived metric's value depends on other files (incidents, training, audits, risks,
// the SoA, every kind's actions and reviews), so it cannot be cached per entry.
export default defineRule({
  id: "metric-off-target",
  severity: "warning",
  doc: "A metric's current value misses its target in its direction: above the target of a lower-is-better metric, below that of a higher-is-better one. The value of a derived metric is computed from the records over its period (`every`) up to today, that of a manual metric is its latest measurement. Clause 9.1 asks for the results to be analysed and evaluated, and 6.2 for objectives to be met: a metric off target is what the management review must act on.",
  fix: "Act on what the value shows (the message says how it was derived) and record the action on the objective that cites the metric; if the target itself is wrong, have it changed where objectives are approved.",
  messages: {
    derived: "Metric {{id}}: {{value}} misses its target of {{target}} ({{direction}}): {{how}}",
    measured: "Metric {{id}}: {{value}} measured {{date}} misses its target of {{target}} ({{direction}})",
  },
  check(ctx) {
    for (const m of ctx.index.byKind.get("metric") ?? []) {
      const s = metricStatus(m, ctx.index, ctx.today);
      if (s.state !== "off target" || !s.reading.ok || s.target === undefined || !s.direction) continue;
      const r = s.reading;
      const unit = m.value.unit;
      const common = {
        id: m.id ?? "",
        value: formatValue(r.value, unit),
        target: formatValue(s.target, unit),
        direction: s.direction,
      };
      const at = m.value.target === undefined ? undefined : fieldRange(m, ["target"]);
      if (r.source === "measured")
        ctx.reportEntry(m, "measured", { ...common, date: formatDay(r.period.to) }, at);
      else ctx.reportEntry(m, "derived", { ...common, period: periodPhrase(r.period), how: r.how }, at);
    }
  },
});
