// Meetings of the ISMS (clause 9.3 management reviews, security forums, risk committees): the inputs of
// clause 9.3.2 and what each letter means, a meeting's state, the last and previous management reviews
// and when the next one is due. One answer for the rules, the hover and code lens, the views and the
// management review report.
import { actionsOf, actionStatus } from "../../action";
import type { Entry } from "../../model";
import { list } from "../../rules/api";
import type { Settings } from "../../settings";
import { addDuration, compareIds, parseDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";

/** The inputs of clause 9.3.2, by letter (ISO/IEC 27001:2022 with Amd 1:2024). */
export interface ReviewInput {
  letter: InputLetter;
  /** What the management review shall include, as the standard words it. */
  meaning: string;
  /** A short heading ("Status of actions from previous reviews"). */
  short: string;
}

export type InputLetter = "a" | "b" | "c" | "d" | "e" | "f" | "g";

export const REVIEW_INPUTS: readonly ReviewInput[] = [
  {
    letter: "a",
    meaning: "the status of actions from previous management reviews",
    short: "Status of actions from previous reviews",
  },
  {
    letter: "b",
    meaning: "changes in external and internal issues relevant to the ISMS",
    short: "Changes in external and internal issues",
  },
  {
    letter: "c",
    meaning: "changes in needs and expectations of interested parties relevant to the ISMS",
    short: "Changes in the needs and expectations of interested parties",
  },
  {
    letter: "d",
    meaning:
      "feedback on the information security performance, including trends in nonconformities and corrective actions, monitoring and measurement results, audit results, and fulfilment of information security objectives",
    short: "Information security performance",
  },
  {
    letter: "e",
    meaning: "feedback from interested parties",
    short: "Feedback from interested parties",
  },
  {
    letter: "f",
    meaning: "results of risk assessment and status of the risk treatment plan",
    short: "Risk assessment results and risk treatment",
  },
  {
    letter: "g",
    meaning: "opportunities for continual improvement",
    short: "Opportunities for continual improvement",
  },
];

export const INPUT_LETTERS: readonly InputLetter[] = REVIEW_INPUTS.map((i) => i.letter);

const BY_LETTER = new Map<string, ReviewInput>(REVIEW_INPUTS.map((i) => [i.letter, i]));

/** The meaning of a 9.3.2 letter ("a": "the status of actions ..."); undefined for anything else. */
export const inputMeaning = (letter: string): string | undefined => BY_LETTER.get(letter)?.meaning;

/** "e) feedback from interested parties". */
export const inputLabel = (i: ReviewInput): string => `${i.letter}) ${i.meaning}`;

/** The meaning of each letter by letter, for completion (the kind's `valueDocs`). */
export const INPUT_DOCS: Readonly<Record<string, string>> = Object.fromEntries(
  REVIEW_INPUTS.map((i) => [i.letter, `9.3.2 ${i.letter}): ${i.meaning}`]),
);

/**
 * A value of `inputs:` read as a letter: "a", and also "A", "a)", "(a)", "9.3.2(a)" or "9.3.2 a" (the
 * schema rule reports those forms; the input still counts as covered). Undefined for anything else.
 */
export function inputLetter(v: unknown): InputLetter | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^\s*(?:9\.3\.2\s*)?\(?\s*([a-g])\s*\)?\s*$/i.exec(v);
  return m ? (m[1].toLowerCase() as InputLetter) : undefined;
}

/** The 9.3.2 inputs a meeting records as covered, in letter order, each once. */
export function coveredInputs(meeting: Entry): ReviewInput[] {
  const letters = new Set(list(meeting.value.inputs).map(inputLetter));
  return REVIEW_INPUTS.filter((i) => letters.has(i.letter));
}

/** The 9.3.2 inputs a meeting does not record as covered, in letter order. */
export function missingInputs(meeting: Entry): ReviewInput[] {
  const covered = new Set(coveredInputs(meeting).map((i) => i.letter));
  return REVIEW_INPUTS.filter((i) => !covered.has(i.letter));
}

export type MeetingState = "held" | "planned" | "overdue" | "undated";

/** Held (a `held:` date), overdue (planned before today, not held), planned, or undated (neither). */
export function meetingState(v: Record<string, unknown>, today: Day): MeetingState {
  if (parseDay(v.held) !== undefined) return "held";
  const planned = parseDay(v.planned);
  if (planned === undefined) return "undated";
  return planned < today ? "overdue" : "planned";
}

export const isManagementReview = (e: Entry): boolean => e.value.type === "management-review";

/** A held management review with the day it was held. */
export interface HeldReview {
  entry: Entry;
  held: Day;
}

/** Management reviews held on or before `until`, the latest first (same day: by id, the last first). */
function heldReviews(index: WorkspaceIndex, until: Day, strictly: boolean): HeldReview[] {
  const out: HeldReview[] = [];
  for (const e of index.byKind.get("meeting") ?? []) {
    if (!isManagementReview(e)) continue;
    const held = parseDay(e.value.held);
    if (held === undefined || held > until || (strictly && held === until)) continue;
    out.push({ entry: e, held });
  }
  return out.sort((a, b) => b.held - a.held || compareIds(b.entry.id, a.entry.id));
}

/** The latest management review held on or before today (a `held:` date in the future does not count). */
export const lastManagementReview = (index: WorkspaceIndex, today: Day): HeldReview | undefined =>
  heldReviews(index, today, false)[0];

/**
 * The latest management review held strictly before `before`: with the last review's day, the one before
 * it (the report's "since the previous review"); with today, the last one held before today.
 */
export const previousManagementReview = (index: WorkspaceIndex, before: Day): HeldReview | undefined =>
  heldReviews(index, before, true)[0];

/** The earliest management review planned and not held (an overdue one included), with its planned day. */
export function nextManagementReview(
  index: WorkspaceIndex,
  today: Day,
): { entry: Entry; planned: Day } | undefined {
  let best: { entry: Entry; planned: Day } | undefined;
  for (const e of index.byKind.get("meeting") ?? []) {
    if (!isManagementReview(e) || meetingState(e.value, today) === "held") continue;
    const planned = parseDay(e.value.planned);
    if (planned !== undefined && (!best || planned < best.planned)) best = { entry: e, planned };
  }
  return best;
}

/**
 * When the next management review is due: `management_review.every` after the last one held (none held:
 * due now, `due` undefined). Overdue when that day lies before today, or when none was ever held.
 */
export function managementReviewDue(
  index: WorkspaceIndex,
  settings: Settings,
  today: Day,
): { last?: HeldReview; due?: Day; overdue: boolean } {
  const last = lastManagementReview(index, today);
  if (!last) return { overdue: true };
  const due = addDuration(last.held, settings.managementReviewEvery);
  return { last, due, overdue: due < today };
}

/** A meeting's corrective actions by state: open counts the overdue ones too. */
export function meetingActions(
  meeting: Entry,
  today: Day,
): { open: number; overdue: number; closed: number } {
  const out = { open: 0, overdue: 0, closed: 0 };
  for (const a of actionsOf(meeting)) {
    const s = actionStatus(a.value, today).state;
    if (s === "closed") out.closed++;
    else {
      out.open++;
      if (s === "overdue") out.overdue++;
    }
  }
  return out;
}
