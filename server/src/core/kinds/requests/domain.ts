// A request's state, one answer for its rules, its hover, the Overdue view and the requests report.
import type { Entry } from "../../model";
import { reviewOfEntry } from "../../reviews";
import { list, str } from "../../rules/api";
import { display, parseDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";

export const REQUEST_TYPES = ["questionnaire", "audit", "document-request", "contract-review"] as const;

/**
 * Whether a `from:` value names an interested party: one word with a hyphen or a digit in it
 * (IP-CUSTOMERS, P-01), as the ids of parties are written. Any other value (Northwind Bank, Contoso) is
 * the requester's name as text and is never an unknown reference.
 */
export const looksLikePartyId = (v: string): boolean =>
  /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(v) && /[-\d]/.test(v);

export type RequestState = "answered" | "overdue" | "open";

/** Answered (a date in `answered`), overdue (due before today and not answered) or open. */
export function requestState(entry: Entry, today: Day): RequestState {
  if (parseDay(entry.value.answered) !== undefined) return "answered";
  const due = parseDay(entry.value.due);
  return due !== undefined && due < today ? "overdue" : "open";
}

/** Answered without an approver. */
export const unapproved = (entry: Entry): boolean =>
  parseDay(entry.value.answered) !== undefined && !str(entry.value.approved_by);

/** Who sent the request as people read it: a party's name with its id, else the text. */
export function requesterName(index: WorkspaceIndex, from: unknown): string {
  const v = display(from);
  if (!v) return "";
  const party = index.defs.get(v)?.find((e) => e.kind === "party");
  const name = party && str(party.value.name);
  return name ? `${name} (${v})` : v;
}

export interface StaleShare {
  /** Position of the document in `shared:`. */
  at: number;
  id: string;
  document: Entry;
  /** When the document's review fell due; undefined: it was never reviewed. */
  due: Day | undefined;
  /** The day it was shared on: the answer's date, else today (not sent yet). */
  sharedOn: Day;
}

/**
 * The documents a request shares that were overdue for review when shared: their review clock (the
 * documents' own, with its interval) fell due before the answer was sent, or before today while the
 * request is open; a document never reviewed is stale too.
 */
export function staleShares(index: WorkspaceIndex, entry: Entry, today: Day): StaleShare[] {
  const shared = list(entry.value.shared);
  if (!shared.length) return [];
  const sharedOn = parseDay(entry.value.answered) ?? today;
  const out: StaleShare[] = [];
  shared.forEach((v, at) => {
    if (typeof v !== "string") return;
    const document = index.defs.get(v)?.find((e) => e.kind === "document");
    if (!document) return; // unknown-document's finding
    const review = reviewOfEntry(document, index.settings);
    if (!review) return;
    if (review.due === undefined || review.due < sharedOn)
      out.push({ at, id: v, document, due: review.due, sharedOn });
  });
  return out;
}
