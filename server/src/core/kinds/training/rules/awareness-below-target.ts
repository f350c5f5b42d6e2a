import { fieldRange } from "../../../model";
import { defineRule, list, obj } from "../../../rules/api";
import { latestSession } from "../domain";

const pct = (x: number) => Math.round(x * 1000) / 10;

export default defineRule({
  id: "awareness-below-target",
  severity: "warning",
  doc: "The latest session of a course reached fewer people than the awareness target (the manifest's `awareness.target`, 90% by default): attended / invited is below it (clause 7.3).",
  fix: "Run a catch-up session for those who missed it and record it.",
  messages: {
    below:
      "Course {{id}}: latest session reached {{rate}}% ({{attended}} of {{invited}}), below the {{target}}% target",
  },
  check(ctx) {
    const target = ctx.settings.awarenessTarget;
    for (const c of ctx.index.byKind.get("course") ?? []) {
      const sessions = list(c.value.sessions);
      const last = latestSession(sessions);
      if (!last) continue;
      const s = obj(sessions[last.index]);
      if (typeof s.attended !== "number" || typeof s.invited !== "number" || s.invited <= 0) continue;
      const rate = s.attended / s.invited;
      if (rate < target)
        ctx.reportEntry(
          c,
          "below",
          { id: c.id ?? "", rate: pct(rate), attended: s.attended, invited: s.invited, target: pct(target) },
          fieldRange(c, ["sessions", last.index, "attended"]),
        );
    }
  },
});
