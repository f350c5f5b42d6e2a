// The continual improvement register's logic, one answer for the rules, the hover and the improvements
// report: which audit findings are nonconformities, and when a closed action's effectiveness is due for review.
import { actionStatus, type ActionStatus } from "../../action";
import type { Entry } from "../../model";
import { obj, str } from "../../rules/api";
import type { Settings } from "../../settings";
import { addDuration, parseDay, type Day } from "../../values";

/** Audit findings that are nonconformities (clause 10.2), as the improvement register counts them. */
export const NONCONFORMITY_FINDINGS: readonly unknown[] = ["major-nc", "minor-nc"];

/** An improvement's effectiveness review, as recorded (undefined when there is none). */
export interface EffectivenessRecord {
  date: Day | undefined;
  by: string | undefined;
  effective: boolean | undefined;
  note: string | undefined;
}

/**
 * The effectiveness record of an improvement: a non-empty `effectiveness:` mapping (the schema rule
 * reports a missing date or verdict, so a partial record still counts as one here).
 */
export function effectivenessOf(v: Record<string, unknown>): EffectivenessRecord | undefined {
  const e = obj(v.effectiveness);
  if (Object.keys(e).length === 0) return undefined;
  return {
    date: parseDay(e.date),
    by: str(e.by),
    effective: typeof e.effective === "boolean" ? e.effective : undefined,
    note: str(e.note),
  };
}

/**
 * Where the review of a corrective action's effectiveness stands (clause 10.2 d):
 * - none: the action is not closed (or there is no action): nothing to review yet;
 * - recorded: an improvement's `effectiveness:` record, or an audit finding's action `verified_by`
 *   (the only record the finding's format has: the role that verified its effectiveness);
 * - pending: closed, not reviewed, and `effectiveness_after` has not passed since;
 * - overdue: closed more than `effectiveness_after` ago and not reviewed.
 */
export type EffectivenessState =
  | { state: "none" }
  | { state: "recorded"; record?: EffectivenessRecord; verifiedBy?: string }
  | { state: "pending" | "overdue"; closed: Day; due: Day };

export function effectivenessState(
  entry: Entry,
  action: unknown,
  settings: Settings,
  today: Day,
): EffectivenessState {
  const s: ActionStatus = actionStatus(action, today);
  if (s.closed === undefined) return { state: "none" };
  if (entry.kind === "improvement") {
    const record = effectivenessOf(entry.value);
    if (record) return { state: "recorded", record };
  } else {
    const by = str(obj(action).verified_by);
    if (by) return { state: "recorded", verifiedBy: by };
  }
  const due = addDuration(s.closed, settings.effectivenessAfter);
  return { state: due < today ? "overdue" : "pending", closed: s.closed, due };
}

/** Whether an improvement's or finding's field holds a mapping with something in it (an action). */
export const hasMapping = (v: unknown): boolean => Object.keys(obj(v)).length > 0;
