// An SoA control's checks and evidence validity, decided once for the rules, the hover and code lens, the
// Overdue view and the SoA report: when each check falls due, whether a failed one has its action, which
// evidence has expired.
import type { Entry } from "../../model";
import { list, obj, str } from "../../rules/api";
import { addDuration, display, parseDay, parseDuration, type Day, type Duration } from "../../values";

export const CHECK_METHODS = ["examine", "interview", "test"] as const;
export const CHECK_RESULTS = ["pass", "fail"] as const;

export const METHOD_DOCS: Readonly<Record<(typeof CHECK_METHODS)[number], string>> = {
  examine: "examine records, configurations or logs for the control working as intended",
  interview: "interview the people who operate the control",
  test: "test the control: try it and see that it works (a restore, a login without MFA)",
};

export const RESULT_DOCS: Readonly<Record<(typeof CHECK_RESULTS)[number], string>> = {
  pass: "the control worked as intended at the last check",
  fail: "the control did not work as intended: record a corrective action in `action:`",
};

/** A check of an SoA control, read from `checks:`. */
export interface ControlCheck {
  /** Its index in `checks:` (0-based; people count from 1). */
  index: number;
  /** "A.5.15 check 1": how views and reports name it. */
  id: string;
  /** Its description, or "check 1" when it has none. */
  description: string;
  every: Duration | undefined;
  last: Day | undefined;
  result: string | undefined;
  method: string | undefined;
  /** The check's owner, else the control's. */
  owner: string | undefined;
  /** When it falls due: last plus every; undefined when never done (due now) or with no interval. */
  next: Day | undefined;
  /** Never done, or its next due date has passed. */
  overdue: boolean;
  /** Its result is fail and it records no corrective action. */
  failedWithoutAction: boolean;
  /** The path of the check inside the entry. */
  path: (string | number)[];
}

/** The checks of an SoA control; items that are no mapping are the schema rule's and are skipped. */
export function checksOf(entry: Entry, today: Day): ControlCheck[] {
  const out: ControlCheck[] = [];
  const checks = list(entry.value.checks);
  checks.forEach((raw, index) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
    const c = obj(raw);
    const every = parseDuration(c.every);
    const last = parseDay(c.last);
    const next = last !== undefined && every ? addDuration(last, every) : undefined;
    const result = str(c.result);
    const action = c.action;
    const hasAction = action !== null && typeof action === "object" && !Array.isArray(action);
    out.push({
      index,
      id: `${entry.id ?? "?"} check ${index + 1}`,
      description: str(c.description) ?? `check ${index + 1}`,
      every,
      last,
      result,
      method: str(c.method),
      owner: str(c.owner) ?? str(entry.value.owner),
      next,
      overdue: last === undefined || (next !== undefined && next < today),
      failedWithoutAction: result === "fail" && !hasAction,
      path: ["checks", index],
    });
  });
  return out;
}

/** An evidence item of an SoA control that says how long it is valid (`{path, collected, valid_until}`). */
export interface DatedEvidence {
  index: number;
  /** "A.8.13 evidence 2". */
  id: string;
  /** Its path, or "evidence 2" when it has none. */
  name: string;
  collected: Day | undefined;
  validUntil: Day | undefined;
  /** Its valid_until is before today. */
  expired: boolean;
  path: (string | number)[];
}

/** The evidence items of an SoA control that are mappings (text and paths have no validity). */
export function datedEvidenceOf(entry: Entry, today: Day): DatedEvidence[] {
  const out: DatedEvidence[] = [];
  list(entry.value.evidence).forEach((raw, index) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
    const e = obj(raw);
    const validUntil = parseDay(e.valid_until);
    out.push({
      index,
      id: `${entry.id ?? "?"} evidence ${index + 1}`,
      name: str(e.path) ?? `evidence ${index + 1}`,
      collected: parseDay(e.collected),
      validUntil,
      expired: validUntil !== undefined && validUntil < today,
      path: ["evidence", index],
    });
  });
  return out;
}

/** The evidence of a control as text: each item's text or path, joined (for tables and CSV). */
export function evidenceText(evidence: unknown): string {
  if (!Array.isArray(evidence)) return display(evidence);
  return evidence
    .map((e) =>
      e !== null && typeof e === "object" && !Array.isArray(e) ? display(obj(e).path) : display(e),
    )
    .filter((x) => x !== "")
    .join(", ");
}

/** The earliest due date of the checks that have one (undefined when none has). */
export function nextCheckDue(checks: readonly ControlCheck[]): Day | undefined {
  let best: Day | undefined;
  for (const c of checks) if (c.next !== undefined && (best === undefined || c.next < best)) best = c.next;
  return best;
}
