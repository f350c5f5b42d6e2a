import { actionsOf } from "../../../action";
import { addFields, yamlScalar } from "../../../edits";
import { fieldRange } from "../../../model";
import { defineRule, obj, str } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { effectivenessState, NONCONFORMITY_FINDINGS } from "../domain";

export default defineRule({
  id: "effectiveness-not-reviewed",
  severity: "warning",
  doc: "A corrective action was closed more than the manifest's `improvement.effectiveness_after` (90 days by default) ago and nobody has reviewed whether it worked. Clause 10.2 d) requires reviewing the effectiveness of every corrective action taken. An improvement records the review in `effectiveness:`; an audit nonconformity (major-nc or minor-nc), whose format has no such record, in its action's `verified_by` (the role that verified its effectiveness).",
  fix: "Check that the nonconformity has not recurred (or that the improvement shows), then record it: on an improvement `effectiveness: { date, by, effective, note }` (the quick fix adds one dated today); on an audit finding `verified_by:` in its action.",
  messages: {
    improvement:
      "The action of {{id}} was closed on {{closed}}, more than {{after}} ago, and its effectiveness has not been reviewed (record it in effectiveness:)",
    finding:
      "The corrective action of finding {{id}} was closed on {{closed}}, more than {{after}} ago, and its effectiveness has not been verified (record verified_by:)",
  },
  entry: {
    kinds: ["improvement", "finding"],
    check(entry, ctx) {
      if (entry.kind === "finding" && !NONCONFORMITY_FINDINGS.includes(entry.value.type)) return;
      for (const a of actionsOf(entry)) {
        const s = effectivenessState(entry, a.value, ctx.settings, ctx.today);
        if (s.state !== "overdue") continue;
        ctx.reportEntry(
          entry,
          entry.kind,
          {
            id: entry.id ?? "",
            closed: formatDay(s.closed),
            after: formatDuration(ctx.settings.effectivenessAfter),
          },
          fieldRange(entry, [...a.path, "closed"]),
        );
      }
    },
  },
  fixes({ at, today }) {
    const imp = at.entry;
    if (imp?.kind !== "improvement" || imp.value.effectiveness !== undefined) return [];
    const by = str(obj(imp.value.action).owner) ?? str(imp.value.raised_by) ?? "role-id";
    const record = (effective: boolean) => [
      "effectiveness:",
      `  date: ${formatDay(today)}`,
      `  by: ${yamlScalar(by)}`,
      `  effective: ${effective}`,
    ];
    return [
      { title: "Record the effectiveness review today: effective", edits: [addFields(imp, record(true))] },
      {
        title: "Record the effectiveness review today: not effective",
        edits: [addFields(imp, record(false))],
      },
    ];
  },
});
