// A policy exception's state, one answer for its rules, its hover and lens, the Overdue view and the
// exceptions report.
import type { Entry, Plain } from "../../model";
import { list, str } from "../../rules/api";
import type { Settings } from "../../settings";
import { addDuration, parseDay, type Day } from "../../values";

export const EXCEPTION_STATUSES = ["requested", "approved", "rejected", "closed"] as const;

export const STATUS_DOCS: Readonly<Record<(typeof EXCEPTION_STATUSES)[number], string>> = {
  requested: "asked for, awaiting a decision",
  approved: "in force until it expires (needs approved_by, approved_on and expires)",
  rejected: "refused: the policy applies",
  closed: "ended: the policy is met again",
};

/** The fields an approval records: an approved exception without one of them is not approved at all. */
export const APPROVAL_FIELDS = ["approved_by", "approved_on", "expires"] as const;

export interface ExceptionState {
  status: string | undefined;
  approved: boolean;
  approvedBy: string | undefined;
  approvedOn: Day | undefined;
  expires: Day | undefined;
  /** The approval fields an approved exception lacks (none unless approved). */
  missing: (typeof APPROVAL_FIELDS)[number][];
  /** Approved and past its expiry. */
  expired: boolean;
  /** Days from today to the expiry (negative once past); undefined without an expiry. */
  daysLeft: number | undefined;
  /** Days from approval to expiry; undefined without both dates. */
  length: number | undefined;
  /** Approved to run past approved_on plus the manifest's `exceptions.max_duration`. */
  tooLong: boolean;
  /** The compensating measures listed (text items only). */
  compensating: string[];
}

export function exceptionState(value: Plain, settings: Settings, today: Day): ExceptionState {
  const status = str(value.status);
  const approved = status === "approved";
  const approvedBy = str(value.approved_by)?.trim() || undefined;
  const approvedOn = parseDay(value.approved_on);
  const expires = parseDay(value.expires);
  const present = { approved_by: approvedBy, approved_on: approvedOn, expires };
  const missing = approved ? APPROVAL_FIELDS.filter((f) => present[f] === undefined) : [];
  const compensating = list(value.compensating).filter(
    (c): c is string => typeof c === "string" && c.trim() !== "",
  );
  return {
    status,
    approved,
    approvedBy,
    approvedOn,
    expires,
    missing,
    expired: approved && expires !== undefined && expires < today,
    daysLeft: expires === undefined ? undefined : expires - today,
    length: approvedOn === undefined || expires === undefined ? undefined : expires - approvedOn,
    tooLong:
      approved &&
      approvedOn !== undefined &&
      expires !== undefined &&
      expires > addDuration(approvedOn, settings.exceptionMaxDuration),
    compensating,
  };
}

export const stateOf = (e: Entry, settings: Settings, today: Day): ExceptionState =>
  exceptionState(e.value, settings, today);

/** Where an exception stands, in one word or two (the exceptions report's state column). */
export type Standing =
  "unapproved" | "expired" | "expiring soon" | "in force" | "requested" | "rejected" | "closed" | "no status";

/** Its standing as of today; `soon` is the last day counted as due soon (the manifest's `due_soon`). */
export function standingOf(s: ExceptionState, soon: Day): Standing {
  if (s.approved) {
    if (s.missing.length) return "unapproved";
    if (s.expired) return "expired";
    return s.expires !== undefined && s.expires <= soon ? "expiring soon" : "in force";
  }
  if (s.status === "requested" || s.status === "rejected" || s.status === "closed") return s.status;
  return "no status";
}
