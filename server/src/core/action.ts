// The generic corrective action `{id?, description, owner, due, closed, verified_by}` (clause 10.2),
// defined once (common.schema.json#/definitions/action) and used by every kind that records actions
// (an audit finding's `action:` today). Its state is decided here for every rule, view and report.
import { setNestedField } from "./edits";
import type { Entry, IsmsFile } from "./model";
import type { TextEdit } from "./navigate";
import { entryInfo } from "./registry";
import { obj, str } from "./rules/api";
import { formatDay, parseDay, type Day } from "./values";

export type ActionState = "open" | "overdue" | "closed";

export interface ActionStatus {
  /**
   * Closed only when `closed:` holds a date: an empty `closed:` (or one that is not a date) records no
   * closure, so the action stays open, and overdue once its due date has passed. The schema rule also
   * reports the value.
   */
  state: ActionState;
  /** Closed and its effectiveness verified by a role (`verified_by`). */
  verified: boolean;
  due: Day | undefined;
  closed: Day | undefined;
}

export function actionStatus(action: unknown, today: Day): ActionStatus {
  const a = obj(action);
  const due = parseDay(a.due);
  const closed = parseDay(a.closed);
  const state: ActionState =
    closed !== undefined ? "closed" : due !== undefined && due < today ? "overdue" : "open";
  return { state, verified: closed !== undefined && str(a.verified_by) !== undefined, due, closed };
}

/** A corrective action recorded in an entry, with the path of its mapping inside the entry. */
export interface EntryAction {
  entry: Entry;
  path: (string | number)[];
  value: Record<string, unknown>;
}

/** The corrective actions an entry records (its kind's action fields; each item of a list field). */
export function actionsOf(entry: Entry): EntryAction[] {
  const out: EntryAction[] = [];
  for (const spec of entryInfo(entry.kind)?.spec.actions ?? []) {
    for (const { path, value: v } of valuesAt(entry.value, spec.field.split("."), [])) {
      if (spec.many) {
        if (Array.isArray(v))
          v.forEach((item, i) => {
            if (item && typeof item === "object" && !Array.isArray(item))
              out.push({ entry, path: [...path, i], value: obj(item) });
          });
      } else if (v && typeof v === "object" && !Array.isArray(v)) out.push({ entry, path, value: obj(v) });
    }
  }
  return out;
}

/** The values at a dotted field with their paths; a `*` step goes into every item of a list ("tests.*.action"). */
export function valuesAt(
  v: unknown,
  steps: readonly string[],
  path: (string | number)[],
): { path: (string | number)[]; value: unknown }[] {
  if (!steps.length) return [{ path, value: v }];
  const [step, ...rest] = steps;
  if (step === "*") return Array.isArray(v) ? v.flatMap((item, i) => valuesAt(item, rest, [...path, i])) : [];
  return valuesAt(obj(v)[step], rest, [...path, step]);
}

/** The action at `path` in a file (the entry's path, then the action's inside it) and its entry. */
export function actionAt(file: IsmsFile, path: readonly (string | number)[]): EntryAction | undefined {
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.every((x, i) => x === b[i]);
  for (const entry of file.entries) {
    if (entry.path.length >= path.length || !same(entry.path, path)) continue;
    const rest = path.slice(entry.path.length);
    const a = actionsOf(entry).find((x) => x.path.length === rest.length && same(x.path, rest));
    if (a) return a;
  }
  return undefined;
}

/** The edit that closes an action today (`closed:` set or added); undefined when it is already closed. */
export function closedTodayEdit(a: EntryAction, today: Day): TextEdit | undefined {
  if (actionStatus(a.value, today).state === "closed") return undefined;
  return setNestedField(a.entry, a.path, "closed", formatDay(today));
}
