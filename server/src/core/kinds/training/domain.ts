// When a course was last held and when it is next due: one answer for the rules, views and reports.
import type { Entry } from "../../model";
import { list, obj } from "../../rules/api";
import { addDuration, parseDay, parseDuration, type Day, type Duration } from "../../values";

/** The index and date of a course's latest session. */
export function latestSession(sessions: unknown[]): { index: number; day: Day } | undefined {
  let best: { index: number; day: Day } | undefined;
  sessions.forEach((s, index) => {
    const day = parseDay(obj(s).date);
    if (day !== undefined && (!best || day >= best.day)) best = { index, day };
  });
  return best;
}

/**
 * A course held `every` interval: its latest session and when it is next due (undefined when it was
 * never held). Undefined for a course with no interval.
 */
export function courseDue(
  course: Entry<"course">,
): { every: Duration; last?: { index: number; day: Day }; due?: Day } | undefined {
  const every = parseDuration(course.value.every);
  if (!every) return undefined;
  const last = latestSession(list(course.value.sessions));
  return { every, last, due: last ? addDuration(last.day, every) : undefined };
}
