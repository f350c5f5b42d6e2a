// The ISMS's certificate (the manifest's `certification:`) and the certification body's audit cycle: one
// answer for the certification rules, the Overdue view, the hover and the reports.
import type { Entry, IsmsFile } from "../../model";
import { obj } from "../../rules/api";
import { addDuration, display, months, parseDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";
import { auditState, auditType, CERTIFICATION_BODY_AUDITS } from "./domain";

export interface Certificate {
  /** The manifest that records it. */
  file: IsmsFile;
  standard: string;
  body: string;
  number: string;
  scope: string;
  issued: Day | undefined;
  expires: Day | undefined;
}

/** How long a certification-body audit keeps a certificate: a surveillance audit at least yearly. */
export const SURVEILLANCE_INTERVAL = months(12);

/** The days before expiry from which certificate-expiring warns. */
export const EXPIRY_WARNING_DAYS = 90;

/** The certificate of the workspace's manifest; undefined when there is no `certification:` mapping. */
export function certificateOf(index: WorkspaceIndex): Certificate | undefined {
  const file = index.manifests[0];
  const raw: unknown = file?.header.certification;
  if (!file || raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const c = obj(raw);
  return {
    file,
    standard: display(c.standard),
    body: display(c.body),
    number: display(c.number),
    scope: display(c.scope),
    issued: parseDay(c.issued),
    expires: parseDay(c.expires),
  };
}

/** "ISO/IEC 27001:2022 certificate IS 812345 (BSI)", "The certificate" when nothing names it. */
export function certificateName(c: Certificate): string {
  const what = c.standard ? `${c.standard} certificate` : "The certificate";
  return `${what}${c.number ? ` ${c.number}` : ""}${c.body ? ` (${c.body})` : ""}`;
}

/**
 * Certified today: the certificate has not expired (it expires today or later), or it records no expiry
 * and was issued on or before today.
 */
export function isCertified(c: Certificate, today: Day): boolean {
  if (c.expires !== undefined) return c.expires >= today && (c.issued === undefined || c.issued <= today);
  return c.issued !== undefined && c.issued <= today;
}

/** A certification-body audit (stage 2, surveillance, recertification) and the day it was performed. */
export interface PerformedAudit {
  audit: Entry;
  day: Day;
}

/** The certification-body audits: the latest performed, and those planned from today on or in progress. */
export function certificationBodyAudits(
  audits: readonly Entry[],
  today: Day,
): { last: PerformedAudit | undefined; upcoming: Entry[] } {
  let last: PerformedAudit | undefined;
  const upcoming: Entry[] = [];
  for (const a of audits) {
    const v = a.value;
    if (!CERTIFICATION_BODY_AUDITS.includes(auditType(v))) continue;
    const state = auditState(v, today);
    if (state === "completed") {
      const day = parseDay(v.performed) ?? parseDay(v.planned);
      if (day !== undefined && day <= today && (!last || day > last.day)) last = { audit: a, day };
    } else if (state === "in-progress") upcoming.push(a);
    else if (state === "planned") {
      const planned = parseDay(v.planned);
      if (planned !== undefined && planned >= today) upcoming.push(a);
    }
  }
  return { last, upcoming };
}

/** Whether a day is more than the surveillance interval before today. */
export const beyondSurveillance = (day: Day, today: Day): boolean =>
  day < addDuration(today, SURVEILLANCE_INTERVAL, -1);

/** Whole calendar months from one day to a later one (0 when less than a month). */
export function monthsBetween(from: Day, to: Day): number {
  const a = new Date(from * 86_400_000);
  const b = new Date(to * 86_400_000);
  const n = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return Math.max(0, b.getUTCDate() < a.getUTCDate() ? n - 1 : n);
}
