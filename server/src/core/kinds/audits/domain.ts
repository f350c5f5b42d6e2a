// The state of an audit and the scopes of the programme: one answer for the rules, the audit view, the
// audits report and the management review.
import type { Entry } from "../../model";
import { list } from "../../rules/api";
import { parseDay, type Day } from "../../values";

export type AuditState = "planned" | "in-progress" | "overdue" | "completed" | "cancelled";

/**
 * Cancelled; completed (a `performed:` date, or status completed); in progress; overdue (its planned date
 * has passed); else planned. An empty `performed:` records no performance.
 */
export function auditState(v: Record<string, unknown>, today: Day): AuditState {
  if (v.status === "cancelled") return "cancelled";
  if (parseDay(v.performed) !== undefined || v.status === "completed") return "completed";
  if (v.status === "in-progress") return "in-progress";
  const planned = parseDay(v.planned);
  return planned !== undefined && planned < today ? "overdue" : "planned";
}

/** Scope references of non-cancelled audits dated (performed, else planned) within [from, to]. */
export function scopesBetween(audits: readonly Entry[], from: Day, to: Day): string[] {
  const out: string[] = [];
  for (const a of audits) {
    if (a.value.status === "cancelled") continue;
    const date = parseDay(a.value.performed) ?? parseDay(a.value.planned);
    if (date === undefined || date < from || date > to) continue;
    for (const s of list(a.value.scope))
      if (typeof s === "string" || typeof s === "number") out.push(String(s));
  }
  return out;
}

/** The types of audit; an audit with no `type:` is internal (clause 9.2). */
export const AUDIT_TYPES = [
  "internal",
  "certification-stage-1",
  "certification-stage-2",
  "surveillance",
  "recertification",
  "client",
  "supplier",
  "regulator",
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** The audits a certification body performs that keep a certificate (stage 1 only prepares stage 2). */
export const CERTIFICATION_BODY_AUDITS: readonly AuditType[] = [
  "certification-stage-2",
  "surveillance",
  "recertification",
];

/**
 * An audit's type: its `type:`, internal when it has none. A value that is no type (the schema rule
 * reports it) reads as internal, the default, so a typo adds no coverage findings of its own.
 */
export function auditType(v: Record<string, unknown>): AuditType {
  const t = v.type;
  return AUDIT_TYPES.find((x) => x === t) ?? "internal";
}

/** Whether an audit is part of the internal audit programme (clause 9.2), the one coverage counts. */
export const isInternal = (v: Record<string, unknown>): boolean => auditType(v) === "internal";
