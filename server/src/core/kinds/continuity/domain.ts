// Business impact analysis and continuity plans (controls A.5.29, A.5.30): a service's recovery times,
// the plans that list it, a plan's tests, its latest test and when the next one is due, and whether that
// test met the rto of the plan's services. One answer for the rules, the hover and code lens, the Overdue
// view and the continuity report.
import type { Entry } from "../../model";
import { list, obj, str } from "../../rules/api";
import type { Settings } from "../../settings";
import {
  addDuration,
  compareIds,
  durationHours,
  months,
  parseDay,
  parseDuration,
  type Day,
  type Duration,
} from "../../values";
import type { WorkspaceIndex } from "../../workspace";

export const CRITICALITIES = ["critical", "high", "medium", "low"] as const;
export const TEST_TYPES = ["tabletop", "walkthrough", "simulation", "failover", "full"] as const;
export const TEST_RESULTS = ["pass", "partial", "fail"] as const;

/** The manifest's `reviews:` key of the default interval between tests of a plan. */
export const TEST_EVERY_KEY = "continuity";

/** Criticalities that need a continuity plan (service-no-plan). */
export const NEEDS_PLAN: readonly string[] = ["critical", "high"];

/** A service's recovery times, each undefined when it is missing or not a duration. */
export interface RecoveryTimes {
  mtpd?: Duration;
  rto?: Duration;
  rpo?: Duration;
}

export function recoveryTimes(service: Entry): RecoveryTimes {
  // An entry's value never changes (an edit makes a new entry): read once, asked on every check.
  let times = timesOf.get(service);
  if (!times) {
    const v = service.value;
    times = { mtpd: parseDuration(v.mtpd), rto: parseDuration(v.rto), rpo: parseDuration(v.rpo) };
    timesOf.set(service, times);
  }
  return times;
}
const timesOf = new WeakMap<Entry, RecoveryTimes>();

/** Whether duration a is longer than b (compared in hours: a month as 730.5 hours, a year as 8766). */
export const longer = (a: Duration, b: Duration): boolean => durationHours(a) > durationHours(b);

/** A test of a plan as recorded, with its index in `tests:`. */
export interface PlanTest {
  index: number;
  value: Record<string, unknown>;
  day: Day | undefined;
  type: string | undefined;
  result: string | undefined;
  achieved: Duration | undefined;
  /** It records a corrective action (a mapping in `action:`). */
  hasAction: boolean;
}

/** The tests of a plan in the order written (an item that is not a mapping is skipped). */
export function planTests(plan: Entry): PlanTest[] {
  const out: PlanTest[] = [];
  list(plan.value.tests).forEach((item, index) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) return;
    const value = obj(item);
    const action: unknown = value.action;
    out.push({
      index,
      value,
      day: parseDay(value.date),
      type: str(value.type),
      result: str(value.result),
      achieved: parseDuration(value.achieved_rto),
      hasAction: !!action && typeof action === "object" && !Array.isArray(action),
    });
  });
  return out;
}

/** A test with a date. */
export type DatedTest = PlanTest & { day: Day };

const isDated = (t: PlanTest): t is DatedTest => t.day !== undefined;

/** The dated tests of a plan, earliest first (same day: in the order written). */
export function testHistory(plan: Entry): DatedTest[] {
  let tests = historyOf.get(plan);
  if (!tests) {
    tests = planTests(plan)
      .filter(isDated)
      .sort((a, b) => a.day - b.day || a.index - b.index);
    historyOf.set(plan, tests);
  }
  return [...tests];
}
const historyOf = new WeakMap<Entry, DatedTest[]>();

/** The plan's latest test held on or before `today` (a test dated later has not happened). */
export function latestTest(plan: Entry, today: Day): DatedTest | undefined {
  const tests = historyOf.get(plan) ?? testHistory(plan);
  for (let i = tests.length - 1; i >= 0; i--) if (tests[i].day <= today) return tests[i];
  return undefined;
}

/** How often the plan is tested: its `test_every`, else the manifest's `reviews.continuity` (12 months). */
export const testEvery = (plan: Entry, settings: Settings): Duration =>
  parseDuration(plan.value.test_every) ?? settings.reviewEvery.get(TEST_EVERY_KEY) ?? months(12);

/** The plan's test clock: its latest test, when the next is due (undefined: never tested), and overdue. */
export type TestClock = { every: Duration; overdue: boolean } & (
  { last: DatedTest; due: Day } | { last?: undefined; due?: undefined }
);

export function testClock(plan: Entry, settings: Settings, today: Day): TestClock {
  const every = testEvery(plan, settings);
  const last = latestTest(plan, today);
  if (!last) return { every, overdue: true };
  const due = addDuration(last.day, every);
  return { last, every, due, overdue: due < today };
}

/** A test whose result is fail or partial and that records no action (continuity-test-failed). */
export const needsAction = (t: PlanTest): boolean =>
  (t.result === "fail" || t.result === "partial") && !t.hasAction;

/** The ids a plan lists in `services:` (text values only), each once, in the order written. */
export function planServiceIds(plan: Entry): string[] {
  let ids = serviceIdsOf.get(plan);
  if (!ids) {
    const all = list(plan.value.services).flatMap((s) => (typeof s === "string" && s.trim() ? [s] : []));
    serviceIdsOf.set(plan, (ids = [...new Set(all)]));
  }
  return [...ids];
}
const serviceIdsOf = new WeakMap<Entry, string[]>();

/** The service entry of an id; undefined when no service has it. */
export const serviceById = (index: WorkspaceIndex, id: string): Entry | undefined =>
  index.defs.get(id)?.find((e) => e.kind === "service");

/** The plans that list a service, by id (sorted by plan id). */
export function plansOfService(index: WorkspaceIndex, serviceId: string | undefined): Entry[] {
  if (serviceId === undefined) return [];
  // Service id -> plans, once per list of plans (the same while no plan changes): asked for every
  // service, it costs the plans once.
  const plans = index.byKind.get("plan") ?? NO_PLANS;
  let bySvc = plansByService.get(plans);
  if (!bySvc) {
    bySvc = new Map();
    for (const p of plans)
      for (const id of planServiceIds(p)) {
        const list = bySvc.get(id);
        if (list) list.push(p);
        else bySvc.set(id, [p]);
      }
    for (const list of bySvc.values()) list.sort((a, b) => compareIds(a.id, b.id));
    plansByService.set(plans, bySvc);
  }
  return [...(bySvc.get(serviceId) ?? [])];
}
const NO_PLANS: Entry[] = [];
const plansByService = new WeakMap<readonly Entry[], Map<string, Entry[]>>();

/** A service of a plan against the plan's latest test: the rto, what was achieved, and whether it was met. */
export interface RtoCheck {
  serviceId: string;
  service: Entry | undefined;
  rto?: Duration;
  achieved?: Duration;
  /** Undefined: cannot tell (no test, no achieved_rto, or no rto). */
  met?: boolean;
}

export function rtoChecks(index: WorkspaceIndex, plan: Entry, today: Day): RtoCheck[] {
  const achieved = latestTest(plan, today)?.achieved;
  return planServiceIds(plan).map((serviceId) => {
    const service = serviceById(index, serviceId);
    const rto = service ? recoveryTimes(service).rto : undefined;
    const met = achieved && rto ? !longer(achieved, rto) : undefined;
    return { serviceId, service, rto, achieved, met };
  });
}

/** The shortest rto of a plan's services: the target its tests are measured against. */
export function targetRto(index: WorkspaceIndex, plan: Entry): Duration | undefined {
  let best: Duration | undefined;
  for (const id of planServiceIds(plan)) {
    const s = serviceById(index, id);
    const rto = s ? recoveryTimes(s).rto : undefined;
    if (rto && (!best || longer(best, rto))) best = rto;
  }
  return best;
}

/** The latest test of any plan listing the service, with its plan (same day: the plan first by id). */
export function lastTestOfService(
  index: WorkspaceIndex,
  serviceId: string | undefined,
  today: Day,
): { plan: Entry; test: DatedTest } | undefined {
  let best: { plan: Entry; test: DatedTest } | undefined;
  for (const plan of plansOfService(index, serviceId)) {
    const test = latestTest(plan, today);
    if (test && (!best || test.day > best.test.day)) best = { plan, test };
  }
  return best;
}
