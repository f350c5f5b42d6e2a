// An obligation's state, one answer for its rules, its hover, the Overdue view and the obligations report.
import { actionsOf, actionStatus, type EntryAction } from "../../action";
import type { Entry } from "../../model";
import { parseDay, type Day } from "../../values";

export const OBLIGATION_TYPES = ["legal", "regulatory", "contractual", "standard", "other"] as const;

/** The statuses that need an open action: the obligation is not (fully) met. */
export const GAP_STATUSES: readonly unknown[] = ["partial", "non-compliant"];

/** The actions of an obligation that are not closed (open or overdue). */
export function openActions(entry: Entry, today: Day): EntryAction[] {
  return actionsOf(entry).filter((a) => actionStatus(a.value, today).state !== "closed");
}

/** Whether a list field holds something: a non-empty list, or a value of another type (the schema reports it). */
export function given(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== "";
}

/** Whether the entry is a mapping at all (a bare `- 42` is the schema rule's finding, and has no fields). */
export const isMapping = (entry: Entry): boolean =>
  entry.raw !== null && typeof entry.raw === "object" && !Array.isArray(entry.raw);

/** When the obligation must next be renewed (a fee, a licence, an attestation); undefined without a date. */
export const renewalOf = (entry: Entry): Day | undefined => parseDay(entry.value.renews);
