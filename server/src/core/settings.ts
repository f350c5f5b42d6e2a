// Workspace settings read from the manifest (`kind: isms`), with the documented defaults.
import type { Day } from "./values";
import { addDuration, months, parseDuration, type Duration } from "./values";
import type { Plain } from "./model";
import { reviewDefaults } from "./registry";
import { obj } from "./rules/api";

export interface Level {
  name: string;
  max: number;
  reviewEvery: Duration;
}

export interface Settings {
  organisation: string | undefined;
  scope: string | undefined;
  /** The manifest's `classification:` of the reports (a label such as "Confidential"); undefined: none. */
  classification: string | undefined;
  likelihoodLabels: string[];
  impactLabels: string[];
  levels: Level[];
  appetite: number;
  /** The default review interval by key of the manifest's `reviews:` (one per reviewed kind). */
  reviewEvery: Map<string, Duration>;
  dueSoon: Duration;
  auditCycle: Duration;
  awarenessTarget: number; // 0..1
  /** How often top management reviews the ISMS (`management_review.every`, 12 months). */
  managementReviewEvery: Duration;
  /** How long after a corrective action is closed its effectiveness is reviewed (90 days). */
  effectivenessAfter: Duration;
  /** The longest a policy exception may run, approval to expiry (`exceptions.max_duration`, 12 months). */
  exceptionMaxDuration: Duration;
  severities: Map<string, string>;
}

export const DEFAULT_LEVELS: Level[] = [
  { name: "Low", max: 4, reviewEvery: months(12) },
  { name: "Medium", max: 9, reviewEvery: months(6) },
  { name: "High", max: 16, reviewEvery: months(3) },
  { name: "Critical", max: 25, reviewEvery: months(1) },
];

const strList = (v: unknown, fallback: string[]): string[] =>
  Array.isArray(v) && v.length === 5 && v.every((x) => typeof x === "string") ? v : fallback;

export function parsePercent(v: unknown): number | undefined {
  if (typeof v === "number") return v > 1 ? v / 100 : v;
  if (typeof v !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
  return m ? +m[1] / 100 : undefined;
}

export function settingsFrom(manifest: Plain | undefined): Settings {
  const m = obj(manifest);
  const method = obj(m.risk_method);
  const reviews = obj(m.reviews);
  const levels = Array.isArray(method.levels)
    ? method.levels
        .map(obj)
        .filter((l) => typeof l.name === "string" && typeof l.max === "number")
        .map((l) => ({
          name: l.name as string,
          max: l.max as number,
          reviewEvery: parseDuration(l.review_every) ?? months(12),
        }))
    : [];
  const severities = new Map<string, string>();
  for (const [code, sev] of Object.entries(obj(m.rules)))
    if (typeof sev === "string") severities.set(code, sev);
  return {
    organisation: typeof m.organisation === "string" ? m.organisation : undefined,
    scope: typeof m.scope === "string" ? m.scope : undefined,
    classification:
      typeof m.classification === "string" && m.classification.trim() ? m.classification.trim() : undefined,
    likelihoodLabels: strList(method.likelihood, [
      "Rare",
      "Unlikely",
      "Possible",
      "Likely",
      "Almost certain",
    ]),
    impactLabels: strList(method.impact, ["Negligible", "Minor", "Moderate", "Major", "Severe"]),
    levels: levels.length ? levels : DEFAULT_LEVELS,
    appetite: typeof method.appetite === "number" ? method.appetite : 9,
    reviewEvery: new Map(reviewDefaults().map((r) => [r.key, parseDuration(reviews[r.key]) ?? r.default])),
    dueSoon: parseDuration(reviews.due_soon) ?? { n: 30, unit: "days" },
    auditCycle: parseDuration(obj(m.audit).cycle) ?? months(36),
    awarenessTarget: parsePercent(obj(m.awareness).target) ?? 0.9,
    managementReviewEvery: parseDuration(obj(m.management_review).every) ?? months(12),
    effectivenessAfter: parseDuration(obj(m.improvement).effectiveness_after) ?? { n: 90, unit: "days" },
    exceptionMaxDuration: parseDuration(obj(m.exceptions).max_duration) ?? months(12),
    severities,
  };
}

/** The level a score belongs to: the first whose max it does not exceed (else the last). */
export function levelOf(settings: Settings, score: number): Level {
  return settings.levels.find((l) => score <= l.max) ?? settings.levels[settings.levels.length - 1];
}

export const dueSoonLimit = (settings: Settings, today: Day): Day => addDuration(today, settings.dueSoon);
