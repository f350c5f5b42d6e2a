import { fieldRange } from "../model";
import { addDuration, formatDay, formatDuration, parseDay, parseDuration } from "../values";
import { defineRule, list, obj } from "./api";

/** The index and date of a course's latest session. */
export function latestSession(sessions: unknown[]): { index: number; day: number } | undefined {
  let best: { index: number; day: number } | undefined;
  sessions.forEach((s, index) => {
    const day = parseDay(obj(s).date);
    if (day !== undefined && (!best || day >= best.day)) best = { index, day };
  });
  return best;
}

export default defineRule({
  id: "training-overdue",
  severity: "warning",
  doc: "A course was not held within its interval: its latest session plus `every` lies before today, or it has never been held. Clause 7.2 and 7.3 (control A.6.3) expect competence and awareness kept up.",
  fix: "Hold the course and record the session (date, attended, invited).",
  entry: {
    kinds: ["course"],
    check(c, ctx) {
      const every = parseDuration(c.value.every);
      if (!every) return;
      const last = latestSession(list(c.value.sessions));
      if (!last) {
        ctx.reportEntry(c, `Course ${c.id} has never been held (due every ${formatDuration(every)})`);
        return;
      }
      const due = addDuration(last.day, every);
      if (due < ctx.today)
        ctx.reportEntry(
          c,
          `Course ${c.id} is overdue: last held ${formatDay(last.day)}, due ${formatDay(due)} (${ctx.today - due} days ago)`,
          fieldRange(c, ["sessions", last.index, "date"]),
        );
    },
  },
});
