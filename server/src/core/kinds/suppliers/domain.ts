// A supplier's assurance: its contract, DPA, certificates and assessments; one answer for its rules, its
// hover and lens, the Overdue view and the suppliers report.
import type { Entry, Plain } from "../../model";
import { list, obj, str } from "../../rules/api";
import { parseDay, type Day } from "../../values";

export const ASSESSMENT_TYPES = ["questionnaire", "audit", "certificate-review", "report-review"] as const;
export const ASSESSMENT_RESULTS = ["acceptable", "conditional", "unacceptable"] as const;

export const ASSESSMENT_TYPE_DOCS: Readonly<Record<(typeof ASSESSMENT_TYPES)[number], string>> = {
  questionnaire: "the supplier's answers to a security questionnaire, reviewed",
  audit: "an audit of the supplier (on site or remote)",
  "certificate-review": "its certificate and the certificate's scope checked",
  "report-review": "an assurance report (SOC 2, ISAE 3402) reviewed",
};

export const ASSESSMENT_RESULT_DOCS: Readonly<Record<(typeof ASSESSMENT_RESULTS)[number], string>> = {
  acceptable: "the supplier meets the requirements",
  conditional: "acceptable with conditions or follow-ups",
  unacceptable: "the supplier does not meet the requirements: act on it",
};

export interface Certificate {
  index: number;
  name: string;
  expires: Day | undefined;
  evidence: string | undefined;
}

export interface Assessment {
  index: number;
  date: Day;
  type: string | undefined;
  result: string | undefined;
  /** It records an action (a mapping under `action:`). */
  hasAction: boolean;
}

export interface Contract {
  ref: string | undefined;
  start: Day | undefined;
  end: Day | undefined;
  securityClauses: boolean;
  rightToAudit: boolean;
  dpa: boolean;
}

/** The contract as recorded; undefined when the supplier records none (or `contract:` is no mapping). */
export function contractOf(value: Plain): Contract | undefined {
  const c: unknown = value.contract;
  if (!c || typeof c !== "object" || Array.isArray(c)) return undefined;
  const v = obj(c);
  return {
    ref: str(v.ref)?.trim() || undefined,
    start: parseDay(v.start),
    end: parseDay(v.end),
    securityClauses: v.security_clauses === true,
    rightToAudit: v.right_to_audit === true,
    dpa: v.dpa === true,
  };
}

/** The certificates with a name, in the order listed (their index in `certificates:`). */
export function certificatesOf(value: Plain): Certificate[] {
  return list(value.certificates).flatMap((c, index) => {
    const v = obj(c);
    const name = str(v.name)?.trim();
    if (!name) return [];
    return [{ index, name, expires: parseDay(v.expires), evidence: str(v.evidence)?.trim() || undefined }];
  });
}

/** The dated assessments, in the order listed. */
export function assessmentsOf(value: Plain): Assessment[] {
  return list(value.assessments).flatMap((a, index) => {
    const v = obj(a);
    const date = parseDay(v.date);
    if (date === undefined) return [];
    const action: unknown = v.action;
    return [
      {
        index,
        date,
        type: str(v.type),
        result: str(v.result),
        hasAction:
          !!action && typeof action === "object" && !Array.isArray(action) && Object.keys(action).length > 0,
      },
    ];
  });
}

/** The latest assessment by date (of two on the same day, the one listed last). */
export function latestAssessment(value: Plain): Assessment | undefined {
  let latest: Assessment | undefined;
  for (const a of assessmentsOf(value)) if (!latest || a.date >= latest.date) latest = a;
  return latest;
}

/** Whether a DPA is needed and missing: the supplier processes personal data and no contract records one. */
export const dpaMissing = (value: Plain): boolean =>
  value.personal_data === true && contractOf(value)?.dpa !== true;

export const supplierOwner = (e: Entry): string | undefined => str(e.value.owner);

export interface Questionnaire {
  sent: Day | undefined;
  received: Day | undefined;
  reviewed: Day | undefined;
}

/** The security questionnaire's dates; undefined when none was sent or recorded. */
export function questionnaireOf(value: Plain): Questionnaire | undefined {
  const q = obj(value.questionnaire);
  const out = { sent: parseDay(q.sent), received: parseDay(q.received), reviewed: parseDay(q.reviewed) };
  return out.sent === undefined && out.received === undefined && out.reviewed === undefined ? undefined : out;
}

export const TIERS = ["critical", "high", "medium", "low"] as const;
