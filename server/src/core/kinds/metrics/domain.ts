// A metric's current value (clause 9.1): derived from the other records over its period, or its latest
// measurement; whether it meets its target; and a value per month for trends. One answer for the rules,
// the hover and code lens, the objectives report and the management review.
//
// The records decide through their own domain logic: an incident's lateness (lateNotification), a
// course's latest session (latestSession), an audit's state (auditState), a corrective action's state
// (actionsOf, actionStatus), a risk's score and acceptance (riskScores, isAccepted), and what is overdue
// (dueItems). Nothing of that is decided again here.
import { actionsOf, actionStatus } from "../../action";
import { firstInFileOrder, kindFacts, type Facts } from "../../aggregate";
import type { Entry, EntryKind } from "../../model";
import { isAccepted } from "../../queries";
import { reviewOfEntry, reviewOfFile } from "../../reviews";
import { entryInfos } from "../../registry";
import { riskScores } from "../../risk";
import type { Settings } from "../../settings";
import { list, obj, str } from "../../rules/api";
import {
  addDuration,
  formatDay,
  parseDay,
  parseDuration,
  parseInstant,
  type Day,
  type Duration,
} from "../../values";
import type { WorkspaceIndex } from "../../workspace";
import { auditState } from "../audits/domain";
import { lateNotification } from "../incidents/rules/breach-notification-late";
import { latestSession } from "../training/domain";

export type Direction = "higher-is-better" | "lower-is-better";

interface Measure {
  /** What it is, for hovers and docs. */
  doc: string;
  /** The way that is better, when the metric does not say. */
  direction: Direction;
  /**
   * Whether a past value can be computed from the records (incidents, sessions, audits and actions are
   * dated); risks, the SoA and review clocks hold only their current state, so their trends before this
   * month come from recorded measurements.
   */
  history: boolean;
}

/** The measures a metric can be derived from (its `derived:` values), in the order they are documented. */
export const DERIVED: Readonly<Record<string, Measure>> = {
  "incidents.count": {
    doc: "incidents detected in the period",
    direction: "lower-is-better",
    history: true,
  },
  "incidents.cost": {
    doc: "the total cost of the incidents detected in the period",
    direction: "lower-is-better",
    history: true,
  },
  "incidents.median-hours-to-contain": {
    doc: "the median hours from detected to contained, of the incidents detected in the period",
    direction: "lower-is-better",
    history: true,
  },
  "incidents.median-hours-to-resolve": {
    doc: "the median hours from detected to resolved, of the incidents detected in the period",
    direction: "lower-is-better",
    history: true,
  },
  "incidents.breaches-notified-late": {
    doc: "personal data breaches detected in the period and notified to the authority more than 72 hours after detection",
    direction: "lower-is-better",
    history: true,
  },
  "awareness.attendance-percent": {
    doc: "the percentage of invited people who attended, over each course's latest session held in the period",
    direction: "higher-is-better",
    history: true,
  },
  "audits.nonconformities": {
    doc: "major and minor nonconformities found by the audits performed in the period",
    direction: "lower-is-better",
    history: true,
  },
  "actions.overdue": {
    doc: "corrective actions of every kind past their due date and not closed, on the day",
    direction: "lower-is-better",
    history: true,
  },
  "risks.above-appetite": {
    doc: "risks whose current score is above the risk appetite and that have no current acceptance, on the day",
    direction: "lower-is-better",
    history: false,
  },
  "controls.implemented-percent": {
    doc: "the percentage of applicable SoA controls whose status is implemented, on the day",
    direction: "higher-is-better",
    history: false,
  },
  "reviews.overdue": {
    doc: "reviews overdue on the day (every kind with a review clock)",
    direction: "lower-is-better",
    history: false,
  },
};

/** Measures counted over the period `every`; the others are the state on the day. */
const NEEDS_PERIOD = new Set([
  "incidents.count",
  "incidents.cost",
  "incidents.median-hours-to-contain",
  "incidents.median-hours-to-resolve",
  "incidents.breaches-notified-late",
  "awareness.attendance-percent",
  "audits.nonconformities",
]);

/** The days a value covers, both included. */
export interface Period {
  from: Day;
  to: Day;
}

export type MetricValue =
  | {
      ok: true;
      value: number;
      period: Period;
      /** How it was derived, in words ("median of 3 incidents detected 2026-09-01..2026-11-29: ..."). */
      how: string;
      /** Derived from the records, or a measurement (then `period.to` is its date). */
      source: "derived" | "measured";
    }
  | { ok: false; why: string; period?: Period };

/** The period `every` up to a day: from the day one period earlier to the day, both included. */
export const periodUpTo = (to: Day, every: Duration): Period => ({ from: addDuration(to, every, -1), to });

/** "2026-09-01..2026-11-29", or "on 2026-11-29" for a single day. */
export const formatPeriod = (p: Period): string =>
  p.from === p.to ? `on ${formatDay(p.to)}` : `${formatDay(p.from)}..${formatDay(p.to)}`;

/** "over 2026-09-01..2026-11-29", or "on 2026-11-29" for a single day. */
export const periodPhrase = (p: Period): string =>
  p.from === p.to ? formatPeriod(p) : `over ${formatPeriod(p)}`;

/** A number as reports show it: integers as they are, others to at most two decimals. */
export const formatNumber = (n: number): string => String(Math.round(n * 100) / 100);

/** A value with its unit: "3.2 h", "92%", "14350 GBP". */
export function formatValue(n: number, unit: unknown): string {
  const u = str(unit)?.trim();
  return `${formatNumber(n)}${u === undefined ? "" : u === "%" ? "%" : ` ${u}`}`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "INC-1, INC-2 and 3 more": at most five ids. */
/** "R-1, R-2 and 3 more": the first five of `total` entries shown (in the order given). */
function ids(shown: readonly Entry[], total: number): string {
  const first = shown.slice(0, 5).map((e) => e.id ?? "?");
  return first.join(", ") + (total > 5 ? ` and ${total - 5} more` : "");
}
const withIds = (entries: readonly Entry[]) => (entries.length ? ` (${ids(entries, entries.length)})` : "");
/** withIds of entries in no particular order: the first five in file order (a register may hold thousands). */
const withFirstIds = (entries: readonly Entry[]) =>
  entries.length ? ` (${ids(firstInFileOrder(entries, 5), entries.length)})` : "";

/** The measure a metric is derived from; undefined for a manual metric (no `derived:`). */
export function derivedOf(metric: Entry): string | undefined {
  const d = metric.value.derived;
  return d === undefined || d === null ? undefined : typeof d === "string" ? d : "(not text)";
}

/** The measurements dated on or before a day, oldest first (equal dates in file order). */
export function measurementsUpTo(metric: Entry, day: Day): { day: Day; value: number; index: number }[] {
  const out: { day: Day; value: number; index: number }[] = [];
  list(metric.value.measurements).forEach((m, index) => {
    const v = obj(m);
    const d = parseDay(v.date);
    if (d !== undefined && d <= day && typeof v.value === "number" && Number.isFinite(v.value))
      out.push({ day: d, value: v.value, index });
  });
  return out.sort((a, b) => a.day - b.day || a.index - b.index);
}

/** Incidents detected within a period (by the UTC day of `detected`). */
function incidentsIn(index: WorkspaceIndex, p: Period): Entry<"incident">[] {
  return (index.byKind.get("incident") ?? []).filter((i) => {
    const t = parseInstant(i.value.detected);
    const d = t === undefined ? undefined : Math.floor(t / DAY_MS);
    return d !== undefined && d >= p.from && d <= p.to;
  });
}

// A derived metric is computed again on every check (it reads other files), so what each entry
// contributes is kept as a fact of the kind (core/aggregate.ts), updated from what each edit changed: a
// keystroke in a file of 50,000 risks then costs what it changed.

/** Settings as a small number: the same settings, the same number (kept per settings object). */
const stamps = new Map<string, number>();
const stampsOf = new WeakMap<Settings, number>();
function stampOf(settings: Settings): number {
  let n = stampsOf.get(settings);
  if (n !== undefined) return n;
  const key = JSON.stringify([[...settings.reviewEvery], settings.levels]);
  n = stamps.get(key);
  if (n === undefined) stamps.set(key, (n = stamps.size));
  stampsOf.set(settings, n);
  return n;
}

interface Overdue {
  id: string;
  /** Days overdue (Infinity: never reviewed). */
  days: number;
}
const mostOverdue = (a: Overdue, b: Overdue) => b.days - a.days || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Entries of a kind with corrective actions: how many they record, and how many were overdue on a day. */
const actionCounts = (index: WorkspaceIndex, kind: EntryKind, day: Day) =>
  kindFacts(index, kind, `actions:${day}`, (e) => {
    const actions = actionsOf(e);
    if (!actions.length) return undefined;
    let late = 0;
    for (const a of actions) {
      // An action closed after the day was still open on it.
      const closed = parseDay(a.value.closed);
      const asOn = closed !== undefined && closed > day ? { ...a.value, closed: undefined } : a.value;
      if (actionStatus(asOn, day).state === "overdue") late++;
    }
    return { all: actions.length, late };
  });

/** The risks whose current score is above the appetite on a day, and whether an acceptance covers them then. */
const aboveAppetite = (index: WorkspaceIndex, settings: Settings, day: Day) =>
  kindFacts(index, "risk", `above:${settings.appetite}:${stampOf(settings)}:${day}`, (r) => {
    const score = riskScores(r, settings).current;
    if (score === undefined || score <= settings.appetite) return undefined;
    return isAccepted(r as Entry<"risk">, day) ? "accepted" : "open";
  });

/** The entries of a kind whose review is overdue on a day (no date, or due before it). */
const reviewsOverdue = (index: WorkspaceIndex, kind: EntryKind, settings: Settings, day: Day) =>
  kindFacts(index, kind, `over:${stampOf(settings)}:${day}`, (e): Overdue | undefined => {
    const due = reviewOfEntry(e, settings)?.due;
    if (due !== undefined && due >= day) return undefined;
    return { id: e.id ?? "?", days: due === undefined ? Infinity : day - due };
  });

/**
 * Values of the measures read from facts, by measure and period, kept while the facts' versions are the
 * same (a keystroke that changes no fact then costs nothing here). A value holds ids, never entries.
 */
const fromFacts = new Map<string, { stamp: string; value: MetricValue }>();
function keptWhile(key: string, facts: readonly Facts<unknown>[], extra: string, compute: () => MetricValue) {
  const stamp = `${facts.map((f) => f.version).join()}|${extra}`;
  const had = fromFacts.get(key);
  if (had?.stamp === stamp) return had.value;
  const value = compute();
  if (fromFacts.size > 256) fromFacts.clear();
  fromFacts.set(key, { stamp, value });
  return value;
}

/** A value computed from the records: over `p` (periodic measures) or on `p.to`. */
function derive(measure: string, index: WorkspaceIndex, p: Period): MetricValue {
  const ok = (value: number, how: string): MetricValue => ({
    ok: true,
    value,
    period: p,
    how,
    source: "derived",
  });
  const no = (why: string): MetricValue => ({ ok: false, why, period: p });
  const span = formatPeriod(p);
  const day = p.to;
  // Nothing after the end of the period has happened yet (a report as of a past day, a month's value).
  const end = (day + 1) * DAY_MS;
  switch (measure) {
    case "incidents.count": {
      const found = incidentsIn(index, p);
      return ok(found.length, `${plural(found.length, "incident")} detected ${span}${withIds(found)}`);
    }
    case "incidents.cost": {
      const found = incidentsIn(index, p);
      const costed = found.filter((i) => typeof i.value.cost === "number" && Number.isFinite(i.value.cost));
      const total = costed.reduce((n, i) => n + (i.value.cost as number), 0);
      const missing = found.length - costed.length;
      return ok(
        round1(total),
        `sum of the cost of ${plural(found.length, "incident")} detected ${span}${withIds(found)}${missing ? `; ${missing} with no cost recorded` : ""}`,
      );
    }
    case "incidents.median-hours-to-contain":
    case "incidents.median-hours-to-resolve": {
      const field = measure.endsWith("contain") ? "contained" : "resolved";
      const found = incidentsIn(index, p);
      const hours: number[] = [];
      let open = 0;
      let inconsistent = 0;
      for (const i of found) {
        const d = parseInstant(i.value.detected);
        const e = parseInstant(i.value[field]);
        if (d === undefined) continue;
        if (e === undefined || e >= end) open++;
        else if (e < d) inconsistent++;
        else hours.push((e - d) / HOUR_MS);
      }
      const late = inconsistent ? `; ${inconsistent} ${field} before detected (left out)` : "";
      if (!hours.length)
        return no(
          found.length
            ? `${plural(found.length, "incident")} detected ${span}, none ${field} yet${late}`
            : `no incident detected ${span}`,
        );
      const tail = `${open ? `; ${open} not ${field} yet` : ""}${late}`;
      return ok(
        round1(median(hours)),
        `median of ${plural(hours.length, "incident")} detected ${span}: detected to ${field}${tail}`,
      );
    }
    case "incidents.breaches-notified-late": {
      const breaches = incidentsIn(index, p).filter((i) => i.value.personal_data_breach === true);
      // Notified after the day: not known on the day.
      const late = breaches.filter((i) => {
        const n = parseInstant(i.value.authority_notified);
        return n !== undefined && n < end && lateNotification(i) !== undefined;
      });
      return ok(
        late.length,
        `${plural(breaches.length, "personal data breach", "personal data breaches")} detected ${span}, ${late.length} notified more than 72 hours after detection${withIds(late)}`,
      );
    }
    case "awareness.attendance-percent": {
      let attended = 0;
      let invited = 0;
      let courses = 0;
      for (const c of index.byKind.get("course") ?? []) {
        const held = list(c.value.sessions).filter((s) => {
          const d = parseDay(obj(s).date);
          return d !== undefined && d >= p.from && d <= p.to;
        });
        const last = latestSession(held);
        if (!last) continue;
        const s = obj(held[last.index]);
        if (typeof s.attended !== "number" || typeof s.invited !== "number" || !(s.invited > 0)) continue;
        attended += s.attended;
        invited += s.invited;
        courses++;
      }
      if (!invited) return no(`no course session with attended and invited held ${span}`);
      return ok(
        round1((100 * attended) / invited),
        `${attended} of ${invited} invited attended the latest session of ${plural(courses, "course")} held ${span}`,
      );
    }
    case "audits.nonconformities": {
      const audits = (index.byKind.get("audit") ?? []).filter((a) => {
        const d = parseDay(a.value.performed) ?? parseDay(a.value.planned);
        return auditState(a.value, day) === "completed" && d !== undefined && d >= p.from && d <= p.to;
      });
      const performed = new Set<Entry>(audits);
      const ncs = (index.byKind.get("finding") ?? []).filter(
        (f) =>
          f.parent !== undefined &&
          performed.has(f.parent) &&
          (f.value.type === "major-nc" || f.value.type === "minor-nc"),
      );
      return ok(
        ncs.length,
        `${plural(ncs.length, "nonconformity", "nonconformities")} (major or minor) found by ${plural(audits.length, "audit")} performed ${span}${withIds(ncs)}`,
      );
    }
    case "actions.overdue": {
      const facts = entryInfos()
        .filter((info) => info.spec.actions?.length)
        .map((info) => actionCounts(index, info.spec.name, day));
      return keptWhile(`${measure}|${p.from}|${p.to}`, facts, "", () => {
        let all = 0;
        const overdue: Entry[] = [];
        for (const f of facts)
          for (const [e, n] of f.list) {
            all += n.all;
            for (let i = 0; i < n.late; i++) overdue.push(e);
          }
        return ok(
          overdue.length,
          `${overdue.length} of ${plural(all, "corrective action")} past their due date and not closed ${span}${withFirstIds(overdue)}`,
        );
      });
    }
    case "risks.above-appetite": {
      const appetite = index.settings.appetite;
      const above = aboveAppetite(index, index.settings, day);
      return keptWhile(`${measure}|${p.from}|${p.to}`, [above], String(appetite), () => {
        const open = above.list.filter(([, state]) => state === "open").map(([r]) => r);
        const accepted = above.list.length - open.length;
        return ok(
          open.length,
          `${plural(open.length, "risk")} above the appetite of ${appetite} with no current acceptance ${span}${withFirstIds(open)}${accepted ? `; ${accepted} more accepted` : ""}`,
        );
      });
    }
    case "controls.implemented-percent": {
      const applicable = [...index.soa.values()].map((e) => e[0].value).filter((v) => v.applicable !== false);
      const implemented = applicable.filter((v) => v.status === "implemented").length;
      if (!applicable.length) return no("no applicable control in the Statement of Applicability");
      return ok(
        round1((100 * implemented) / applicable.length),
        `${implemented} of ${plural(applicable.length, "applicable control")} implemented in the Statement of Applicability ${span}`,
      );
    }
    case "reviews.overdue": {
      // What review-overdue and the Overdue view call overdue, listed most overdue first, as the view does.
      const files: Overdue[] = [];
      for (const f of index.files) {
        const whole = reviewOfFile(f, index.settings);
        if (whole && !(whole.due !== undefined && whole.due >= day))
          files.push({ id: whole.id, days: whole.due === undefined ? Infinity : day - whole.due });
      }
      const facts = entryInfos()
        .filter((info) => info.spec.review)
        .map((info) => reviewsOverdue(index, info.spec.name, index.settings, day));
      return keptWhile(`${measure}|${p.from}|${p.to}`, facts, JSON.stringify(files), () => {
        const lists = [files, ...facts.map((f) => f.list.map(([, o]) => o))];
        const total = lists.reduce((n, l) => n + l.length, 0);
        const shown = lists
          .flat()
          .sort(mostOverdue)
          .slice(0, 5)
          .map((d) => d.id);
        return ok(
          total,
          `${plural(total, "review")} overdue ${span}${shown.length ? ` (${shown.join(", ")}${total > 5 ? ` and ${total - 5} more` : ""})` : ""}`,
        );
      });
    }
  }
  return no(`'${measure}' is not a measure isms derives`);
}

/**
 * A metric's value on a day: derived from the records over the period `every` up to the day, or, for a
 * manual metric, its latest measurement dated on or before the day (however old: metric-stale says when
 * it is too old). Never throws, whatever the entry holds.
 */
export function metricValue(metric: Entry, index: WorkspaceIndex, today: Day): MetricValue {
  const measure = derivedOf(metric);
  const every = parseDuration(metric.value.every);
  if (measure === undefined) {
    // A manual metric's value depends on the entry and the day only: kept while both are the same.
    const kept = measuredMemo.get(metric);
    if (kept?.today === today) return kept.value;
    const ms = measurementsUpTo(metric, today);
    const last = ms[ms.length - 1];
    const value: MetricValue = !last
      ? { ok: false, why: "not measured yet" }
      : {
          ok: true,
          value: last.value,
          period: every ? periodUpTo(last.day, every) : { from: last.day, to: last.day },
          how: `measured ${formatDay(last.day)}${ms.length > 1 ? ` (${plural(ms.length, "measurement")} up to then)` : ""}`,
          source: "measured",
        };
    measuredMemo.set(metric, { today, value });
    return value;
  }
  if (!(measure in DERIVED)) return { ok: false, why: `'${measure}' is not a measure isms derives` };
  if (NEEDS_PERIOD.has(measure) && !every) return { ok: false, why: "no period: set `every`" };
  const period = every && NEEDS_PERIOD.has(measure) ? periodUpTo(today, every) : { from: today, to: today };
  // Metrics deriving the same measure over the same period share one answer while the index is the same
  // (a workspace's index is a new object after every change): a register of many metrics costs what its
  // distinct measures cost.
  let memo = derivedMemo.get(index);
  if (!memo) derivedMemo.set(index, (memo = new Map()));
  const key = `${measure}|${period.from}|${period.to}`;
  let value = memo.get(key);
  if (!value) memo.set(key, (value = derive(measure, index, period)));
  return value;
}
const derivedMemo = new WeakMap<WorkspaceIndex, Map<string, MetricValue>>();
const measuredMemo = new WeakMap<Entry, { today: Day; value: MetricValue }>();

/** The metric's target and the way that is better (a derived metric's default, the awareness target). */
export function targetOf(
  metric: Entry,
  index: WorkspaceIndex,
): { target: number | undefined; direction: Direction | undefined } {
  const v = metric.value;
  const measure = derivedOf(metric);
  const info = measure === undefined ? undefined : DERIVED[measure];
  const direction =
    v.direction === "higher-is-better" || v.direction === "lower-is-better" ? v.direction : info?.direction;
  const target =
    typeof v.target === "number" && Number.isFinite(v.target)
      ? v.target
      : measure === "awareness.attendance-percent"
        ? round1(index.settings.awarenessTarget * 100)
        : undefined;
  return { target, direction };
}

export type TargetState = "on target" | "off target" | "no target" | "no value";

export interface MetricStatus {
  reading: MetricValue;
  target: number | undefined;
  direction: Direction | undefined;
  state: TargetState;
}

/** A value against a target in a direction. */
export const meets = (value: number, target: number, direction: Direction): boolean =>
  direction === "higher-is-better" ? value >= target : value <= target;

/** A metric's value on a day and whether it meets its target. */
export function metricStatus(metric: Entry, index: WorkspaceIndex, today: Day): MetricStatus {
  const reading = metricValue(metric, index, today);
  const { target, direction } = targetOf(metric, index);
  const state: TargetState = !reading.ok
    ? "no value"
    : target === undefined || direction === undefined
      ? "no target"
      : meets(reading.value, target, direction)
        ? "on target"
        : "off target";
  return { reading, target, direction, state };
}

/** "3.2 h · target 4 h · on target", "no value: not measured yet": a metric's state in one line. */
export function metricLine(metric: Entry, index: WorkspaceIndex, today: Day): string {
  const s = metricStatus(metric, index, today);
  const unit = metric.value.unit;
  if (!s.reading.ok) return `no value: ${s.reading.why}`;
  const parts = [formatValue(s.reading.value, unit)];
  if (s.target !== undefined) parts.push(`target ${formatValue(s.target, unit)}`);
  parts.push(s.state === "no target" && s.target !== undefined ? "no direction" : s.state);
  return parts.join(" · ");
}

/** One month of a trend: its label (YYYY-MM), the day its value is as of, and the value when known. */
export interface TrendPoint {
  month: string;
  day: Day;
  value: number | undefined;
}

/** The last day of the month of a day. */
function monthEnd(day: Day): Day {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS;
}

/**
 * A value per month for the `months` months up to today's (the current month as of today, the others as
 * of their last day). A derived metric with history is computed as of each month; a manual one (and a
 * derived one without history, for the months before this one) takes its
 * latest measurement dated in the month.
 */
export function monthlySeries(metric: Entry, index: WorkspaceIndex, today: Day, months = 12): TrendPoint[] {
  const measure = derivedOf(metric);
  const computed = measure !== undefined && measure in DERIVED;
  const history = computed && DERIVED[measure].history;
  const ms = measurementsUpTo(metric, today);
  const out: TrendPoint[] = [];
  for (let k = months - 1; k >= 0; k--) {
    const first = addDuration(today, { n: k, unit: "months" }, -1);
    const label = formatDay(first).slice(0, 7);
    const day = k === 0 ? today : monthEnd(first);
    let value: number | undefined;
    if (computed && (history || k === 0)) {
      const r = metricValue(metric, index, day);
      value = r.ok ? r.value : undefined;
    } else {
      const inMonth = ms.filter((m) => formatDay(m.day).slice(0, 7) === label);
      value = inMonth.length ? inMonth[inMonth.length - 1].value : undefined;
    }
    out.push({ month: label, day, value });
  }
  return out;
}

/** When a manual metric's next measurement is due (its latest one plus `every`); undefined otherwise. */
export function nextMeasurement(
  metric: Entry,
  today: Day,
): { last: { day: Day; index: number } | undefined; every: Duration; due: Day | undefined } | undefined {
  if (derivedOf(metric) !== undefined) return undefined;
  const every = parseDuration(metric.value.every);
  if (!every) return undefined;
  const ms = measurementsUpTo(metric, today);
  const last = ms[ms.length - 1];
  return { last, every, due: last ? addDuration(last.day, every) : undefined };
}
