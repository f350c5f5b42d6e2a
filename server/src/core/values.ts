// Parsing of the format's scalar values: dates, date-times, durations, control and clause references.
import { CLAUSE_BY_ID, CONTROL_BY_ID, CONTROLS_2013, THEME_REFS } from "./catalogue";

/** A calendar day as days since 1970-01-01 (UTC). */
export type Day = number;
const MS_PER_DAY = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses YYYY-MM-DD; undefined for anything else or an impossible date (2025-02-30). */
export function parseDay(v: unknown): Day | undefined {
  if (typeof v !== "string") return undefined;
  const m = DATE_RE.exec(v);
  if (!m) return undefined;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t / MS_PER_DAY;
}

/** Parses a date or ISO 8601 date-time into epoch milliseconds; a missing zone is read as UTC. */
export function parseInstant(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = DATETIME_RE.exec(v);
  if (!m) return undefined;
  const day = parseDay(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === undefined) return undefined;
  const [h, mi, s] = [+(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  let offset = 0;
  const zone = m[7];
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offset = sign * (+digits.slice(0, 2) * 60 + +digits.slice(2, 4));
  }
  return day * MS_PER_DAY + ((h * 60 + mi - offset) * 60 + s) * 1000;
}

export const dayToInstant = (d: Day): number => d * MS_PER_DAY;

/** YYYY-MM-DD; never throws (a day out of any calendar's range reads "invalid date"). */
/** "in 12 days", "today", "43 days ago". */
export function relativeDay(day: Day, today: Day): string {
  const d = day - today;
  if (d === 0) return "today";
  if (d === 1) return "tomorrow";
  if (d === -1) return "yesterday";
  return d > 0 ? `in ${d} days` : `${-d} days ago`;
}

export function formatDay(d: Day): string {
  const date = new Date(d * MS_PER_DAY);
  return Number.isFinite(date.getTime()) ? date.toISOString().slice(0, 10) : "invalid date";
}

export interface Duration {
  n: number;
  unit: "minutes" | "hours" | "days" | "weeks" | "months" | "years";
}

const DURATION_RE = /^(\d+)\s*(minute|hour|day|week|month|year)s?$/;

/** The longest duration accepted in each unit: 100 years. */
export const MAX_DURATION: Record<Duration["unit"], number> = {
  minutes: 52_596_000,
  hours: 876_600,
  days: 36_525,
  weeks: 5_218,
  months: 1_200,
  years: 100,
};

/** Parses "<n> minutes|hours|days|weeks|months|years" (singular accepted), up to 100 years; undefined otherwise. */
export function parseDuration(v: unknown): Duration | undefined {
  if (typeof v !== "string") return undefined;
  const m = DURATION_RE.exec(v.trim());
  if (!m) return undefined;
  const d = { n: +m[1], unit: `${m[2]}s` as Duration["unit"] };
  return d.n <= MAX_DURATION[d.unit] ? d : undefined;
}

/** Adds a duration to a day; months and years are calendar steps clamped to the month's end (Jan 31 + 1 month = Feb 28). */
export function addDuration(day: Day, d: Duration, sign: 1 | -1 = 1): Day {
  if (d.unit === "minutes") return day + sign * Math.floor(d.n / 1440);
  if (d.unit === "hours") return day + sign * Math.floor(d.n / 24);
  if (d.unit === "days") return day + sign * d.n;
  if (d.unit === "weeks") return day + sign * 7 * d.n;
  const months = sign * (d.unit === "years" ? 12 * d.n : d.n);
  const date = new Date(day * MS_PER_DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)) / MS_PER_DAY;
}

export const months = (n: number): Duration => ({ n, unit: "months" });

/** A duration in hours (a month as 730.5 hours, a year as 8766): to compare with measured times. */
export function durationHours(d: Duration): number {
  const per = { minutes: 1 / 60, hours: 1, days: 24, weeks: 168, months: 730.5, years: 8766 }[d.unit];
  return d.n * per;
}

export function formatDuration(d: Duration): string {
  return `${d.n} ${d.n === 1 ? d.unit.slice(0, -1) : d.unit}`;
}

// ---- references ----

export type RefCheck =
  | { ok: true; kind: "control" | "theme" | "clause"; id: string }
  | {
      ok: false;
      kind: "control" | "clause";
      /** What is wrong, a message id of unknown-control or unknown-clause, with its data. */
      problem: string;
      data: Record<string, string>;
    };

const CONTROL_REF_RE = /^A\.\d+(\.\d+)*$/;

export const looksLikeControl = (s: string): boolean => /^A\./.test(s);

/** Normalises a clause reference: "5.3(a)" and "5.3a" both give { clause: "5.3", item: "a" }. */
export function splitClause(s: string): { clause: string; item?: string } | undefined {
  const m = /^(\d+(?:\.\d+)*)(?:\(([a-z])\)|([a-z]))?$/.exec(s);
  if (!m) return undefined;
  return { clause: m[1], item: m[2] ?? m[3] };
}

const bad = (kind: "control" | "clause", problem: string, data: Record<string, string> = {}): RefCheck => ({
  ok: false,
  kind,
  problem,
  data,
});

/** Checks a control reference against Annex A 2022; a 2013 id is reported with its 2022 equivalents. */
export function checkControl(ref: string): RefCheck {
  if (CONTROL_BY_ID.has(ref)) return { ok: true, kind: "control", id: ref };
  if (THEME_REFS.has(ref)) return { ok: true, kind: "theme", id: ref };
  const old = CONTROLS_2013.get(ref);
  if (old) {
    const names = old.map((id) => `${id} ${CONTROL_BY_ID.get(id)?.title ?? ""}`.trim()).join(", ");
    return bad("control", "old", { names });
  }
  return bad("control", CONTROL_REF_RE.test(ref) ? "noSuchControl" : "notControl");
}

export function checkClause(ref: string): RefCheck {
  const parts = splitClause(ref);
  if (!parts) return bad("clause", "notClause");
  const clause = CLAUSE_BY_ID.get(parts.clause);
  if (!clause) return bad("clause", "noSuchClause");
  if (parts.item) {
    if (!clause.items) return bad("clause", "noItems", { clause: parts.clause });
    if (parts.item > clause.items)
      return bad("clause", "noSuchItem", { clause: parts.clause, last: clause.items });
    return { ok: true, kind: "clause", id: `${parts.clause}(${parts.item})` };
  }
  return { ok: true, kind: "clause", id: parts.clause };
}

/** True when reference `outer` covers `inner`: a clause covers its sub-clauses and items, a theme its controls. */
export function covers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (looksLikeControl(outer)) return inner.startsWith(outer + ".");
  const o = splitClause(outer);
  const i = splitClause(inner);
  if (!o || !i) return false;
  if (o.item) return false;
  return i.clause === o.clause || i.clause.startsWith(o.clause + ".");
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  return editDistanceWithin(a, b, Infinity);
}

/** One row of the bounded edit distance, grown as needed (the distance is asked once per candidate). */
let row = new Int32Array(64);

/**
 * The edit distance of `a` and `b` when it is at most `max`; otherwise some number above `max` (the
 * computation stops as soon as no cheaper path is left).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (row.length <= b.length) row = new Int32Array(b.length * 2 + 1);
  const prev = row;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let least = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      const v = Math.min(tmp + 1, prev[j - 1] + 1, diag + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      prev[j] = v;
      if (v < least) least = v;
      diag = tmp;
    }
    if (least > max) return max + 1;
  }
  return prev[b.length];
}

/** The candidate nearest to `word` (the first of equals), ignoring case, with its distance. */
export function closest(word: string, candidates: Iterable<string>): { best?: string; distance: number } {
  let best: string | undefined;
  let distance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // Only a nearer candidate matters: the distance is computed up to the best one's less one.
    const d = editDistanceWithin(w, c.toLowerCase(), distance - 1);
    if (d < distance) {
      [best, distance] = [c, d];
      if (d === 0) break;
    }
  }
  return { best, distance };
}

/** Whether a candidate this far from `word` is worth suggesting. */
export const closeEnough = (word: string, distance: number): boolean =>
  distance <= Math.max(2, Math.floor(word.length / 3));

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const { best, distance } = closest(word, candidates);
  return best !== undefined && closeEnough(word, distance) ? best : undefined;
}

const ids = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Ids in natural order (R-2 before R-10), the same everywhere; then by code unit, so the order is total. */
export function compareIds(a: string | undefined, b: string | undefined): number {
  const x = a ?? "";
  const y = b ?? "";
  return ids.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0);
}

/** Entries (anything with an id) sorted by id in natural order, as registers list them. */
export const byId = <T extends { id?: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => compareIds(a.id, b.id));

/**
 * A user's value as text for a view or report: text and numbers as they are, lists joined, nothing for
 * an empty value, and "(not text)" for a mapping, so no user value ever shows as [object Object],
 * undefined or null.
 */
export function display(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (Array.isArray(v))
    return v
      .map(display)
      .filter((x) => x !== "")
      .join(", ");
  return "(not text)";
}
