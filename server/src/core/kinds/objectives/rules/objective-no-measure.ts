import { defineRule, list } from "../../../rules/api";

export default defineRule({
  id: "objective-no-measure",
  severity: "warning",
  doc: "An information security objective cites no metric. Clause 6.2 b) requires objectives to be measurable (if practicable) and 6.2 d) monitored; without a metric nobody can tell whether it is met, and the management review has nothing to show for it.",
  fix: "List the ids of the metrics that measure it under `metrics:` (completion offers them); add a metric to a metrics file first when none fits.",
  messages: { none: "Objective {{id}} cites no metric: how will its fulfilment be measured?" },
  entry: {
    kinds: ["objective"],
    check(o, ctx) {
      if (list(o.value.metrics).length === 0) ctx.reportEntry(o, "none", { id: o.id ?? "" });
    },
  },
});
