// Metrics and objectives (clauses 9.1, 6.2): derived values computed by hand from a small workspace
// (every expected number below is written as a literal, never computed by the code under test), period
// boundaries, hours as durations, manual measurements, bad input, the rules' messages, the hover and
// code lens, and the objectives report.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import {
  DERIVED,
  metricLine,
  metricValue,
  monthlySeries,
  type MetricValue,
} from "../../server/src/core/kinds/metrics/domain";
import metricsSchema from "../../server/src/core/kinds/metrics/schema.json";
import { objectiveHover, objectiveLens } from "../../server/src/core/kinds/objectives/present";
import { metricHover } from "../../server/src/core/kinds/metrics/present";
import type { Entry } from "../../server/src/core/model";
import { parseDay, type Day } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-06-01")!;
const day = (s: string): Day => parseDay(s)!;

const FILES: Record<string, string> = {
  "isms.yaml": `kind: isms
organisation: Test Ltd
awareness: { target: 80% }
risk_method: { appetite: 9 }
`,
  "roles.yaml": `kind: roles
roles:
  - { id: iso, title: ISO, holder: Ann, reviewed: 2026-05-01 }
  - { id: cto, title: CTO, holder: Bob, reviewed: 2024-01-01 }
`,
  // Detected in the quarter 2026-03-01..2026-06-01: INC-1, INC-2, INC-3 (contained after 1, 2.5 and 4
  // hours; resolved after 10 and 20 hours, INC-3 not yet). INC-EDGE is on the first day of the period;
  // INC-BEFORE (23:30 UTC on 2026-02-28, written in +01:00) and INC-AFTER (after today) are outside.
  "incidents.yaml": `kind: incidents
incidents:
  - id: INC-1
    title: One
    severity: low
    status: closed
    detected: 2026-04-01T10:00Z
    contained: 2026-04-01T11:00Z
    resolved: 2026-04-01T20:00Z
    cost: 1000
    lessons_learned: L
  - id: INC-2
    title: Two
    severity: high
    status: closed
    detected: 2026-05-01T10:00Z
    contained: 2026-05-01T12:30Z
    resolved: 2026-05-02T06:00Z
    personal_data_breach: true
    authority_notified: 2026-05-04T18:00Z
    cost: 2500.5
    lessons_learned: L
  - id: INC-3
    title: Three
    severity: medium
    status: contained
    detected: 2026-05-30T08:00Z
    contained: 2026-05-30T12:00Z
    personal_data_breach: true
    authority_notified: 2026-06-01T08:00Z
  - id: INC-EDGE
    title: First day of the quarter, no containment recorded
    severity: low
    status: open
    detected: 2026-03-01T00:00Z
    personal_data_breach: true
  - id: INC-BEFORE
    title: The day before the quarter (UTC)
    severity: low
    status: closed
    detected: 2026-03-01T00:30+01:00
    contained: 2026-03-01T01:00+01:00
    cost: 99999
    lessons_learned: L
  - id: INC-AFTER
    title: After today
    severity: low
    status: open
    detected: 2026-06-02T09:00Z
    cost: 99999
`,
  // The latest sessions within the 12 months: TR-A 45 of 50, TR-B 9 of 10 (54 of 60 = 90%); TR-A's older
  // session and TR-OLD (before the period) do not count.
  "training.yaml": `kind: training
courses:
  - id: TR-A
    title: Awareness
    every: 12 months
    sessions:
      - { date: 2025-07-01, attended: 10, invited: 50 }
      - { date: 2026-02-01, attended: 45, invited: 50 }
  - id: TR-B
    title: Phishing
    every: 6 months
    sessions:
      - { date: 2026-05-15, attended: 9, invited: 10 }
  - id: TR-OLD
    title: Old
    every: 12 months
    sessions:
      - { date: 2025-05-31, attended: 1, invited: 100 }
`,
  // Performed in the 12 months: IA-1 (1 major, 1 minor, 1 ofi). IA-OLD before, IA-PLANNED not performed.
  // F-OVERDUE's action is overdue today; F-LATE's was closed on 2026-05-20 after its due date 2026-05-10.
  "audits.yaml": `kind: audits
audits:
  - id: IA-1
    title: Done
    scope: [4, 5, 6, 7, 8, 9, 10]
    planned: 2026-03-01
    performed: 2026-03-02
    findings:
      - { id: F-OVERDUE, type: major-nc, ref: 4.1, statement: S, action: { owner: iso, due: 2026-05-01 } }
      - { id: F-LATE, type: minor-nc, ref: 4.1, statement: S, action: { owner: iso, due: 2026-05-10, closed: 2026-05-20 } }
      - { id: F-OFI, type: ofi, ref: 4.1, statement: S }
  - id: IA-OLD
    title: Old
    scope: [4]
    planned: 2025-05-01
    performed: 2025-05-01
    findings:
      - { id: F-OLD, type: major-nc, ref: 4.1, statement: S, action: { owner: iso, due: 2025-06-01, closed: 2025-06-01 } }
  - id: IA-PLANNED
    title: Planned
    scope: [4]
    planned: 2026-09-01
`,
  // R-HIGH (16) is above the appetite with no acceptance, R-ACC (20) is accepted, R-LOW (4) is within.
  "risks.yaml": `kind: risks
risks:
  - { id: R-HIGH, title: High, owner: iso, likelihood: 4, impact: 4, treatment: mitigate, controls: [A.5.1], reviewed: 2026-05-01 }
  - { id: R-ACC, title: Accepted, owner: iso, likelihood: 4, impact: 5, treatment: accept, accepted_by: cto, accepted_on: 2026-05-01, reviewed: 2026-05-01 }
  - { id: R-LOW, title: Low, owner: iso, likelihood: 2, impact: 2, treatment: accept, reviewed: 2026-05-01 }
`,
  // 3 applicable controls, 2 implemented; A.8.30 excluded.
  "soa.yaml": `kind: soa
reviewed: 2026-05-01
controls:
  A.5.1: { applicable: true, status: implemented, justification: J }
  A.5.2: { applicable: true, status: implemented, justification: J }
  A.5.3: { applicable: true, status: partial, justification: J }
  A.8.30: { applicable: false, justification: J }
`,
  "metrics.yaml": `kind: metrics
metrics:
  - { id: M-COUNT, title: Incidents, target: 2, every: 3 months, derived: incidents.count }
  - { id: M-COST, title: Cost, unit: GBP, target: 5000, every: 3 months, derived: incidents.cost }
  - { id: M-CONTAIN, title: Contain, unit: h, target: 4, every: 3 months, derived: incidents.median-hours-to-contain }
  - { id: M-RESOLVE, title: Resolve, unit: h, target: 12, every: 3 months, derived: incidents.median-hours-to-resolve }
  - { id: M-LATE, title: Late breaches, target: 0, every: 3 months, derived: incidents.breaches-notified-late }
  - { id: M-AWARE, title: Attendance, unit: "%", every: 12 months, derived: awareness.attendance-percent }
  - { id: M-NC, title: Nonconformities, target: 5, every: 12 months, derived: audits.nonconformities }
  - { id: M-ACTIONS, title: Overdue actions, target: 0, derived: actions.overdue }
  - { id: M-RISKS, title: Risks above appetite, target: 0, derived: risks.above-appetite }
  - { id: M-SOA, title: Implemented, unit: "%", target: 60, derived: controls.implemented-percent }
  - { id: M-REVIEWS, title: Overdue reviews, target: 0, derived: reviews.overdue }
  - { id: M-48H, title: Incidents in 48 hours, target: 0, every: 48 hours, derived: incidents.count }
  - { id: M-CONTAIN-WEEK, title: No incident this week, unit: h, target: 4, every: 1 week, derived: incidents.median-hours-to-contain }
  - id: M-MANUAL
    title: Click rate
    unit: "%"
    direction: lower-is-better
    target: 5
    every: 1 month
    measurements:
      - { date: 2026-04-30, value: 7 }
      - { date: 2026-05-31, value: 4.5 }
      - { date: 2026-06-30, value: 99, note: dated after today }
  - { id: M-NEVER, title: Never measured, every: 1 month, target: 1, direction: higher-is-better }
  - { id: M-BAD, title: Bad input, derived: 5, every: { n: 3 }, target: high, measurements: text }
  - { id: M-NOPERIOD, title: No period, target: 1, derived: incidents.count }
  - Not a mapping
`,
  "objectives.yaml": `kind: objectives
objectives:
  - id: OBJ-1
    title: Faster response
    owner: iso
    metrics: [M-CONTAIN, M-RESOLVE]
    due: 2027-03-31
    status: on-track
    reviewed: 2026-05-01
    actions:
      - { description: Tabletop, owner: iso, due: 2026-05-15 }
      - { description: Playbooks, owner: iso, due: 2026-04-01, closed: 2026-03-20 }
  - { id: OBJ-2, title: Unmeasured, due: 2026-05-01, status: at-risk, reviewed: 2026-05-01 }
  - { id: OBJ-3, title: Cites nothing known, metrics: [M-NONE, 7], due: 2026-05-01, status: achieved, reviewed: 2026-05-01 }
`,
};

function workspace(files: Record<string, string> = FILES): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const ws = workspace();
const index = ws.index;
const entry = (id: string): Entry => {
  const e = index.defs.get(id)?.[0];
  assert.ok(e, id);
  return e;
};
const value = (id: string, today = TODAY): MetricValue => metricValue(entry(id), index, today);
const ok = (id: string, today = TODAY) => {
  const v = value(id, today);
  assert.ok(v.ok, `${id}: ${v.ok ? "" : v.why}`);
  return v;
};

describe("derived metrics, computed by hand", () => {
  test("incidents in the quarter: the first day counts, the day before (in UTC) and after today do not", () => {
    const v = ok("M-COUNT");
    assert.equal(v.value, 4);
    assert.deepEqual(v.period, { from: day("2026-03-01"), to: day("2026-06-01") });
    assert.equal(v.how, "4 incidents detected 2026-03-01..2026-06-01 (INC-1, INC-2, INC-3, INC-EDGE)");
  });

  test("cost: the sum of the recorded costs, and how many have none", () => {
    const v = ok("M-COST");
    assert.equal(v.value, 3500.5);
    assert.match(v.how, /; 2 with no cost recorded$/);
  });

  test("median hours to contain and to resolve", () => {
    const contain = ok("M-CONTAIN");
    assert.equal(contain.value, 2.5);
    assert.equal(
      contain.how,
      "median of 3 incidents detected 2026-03-01..2026-06-01: detected to contained; 1 not contained yet",
    );
    const resolve = ok("M-RESOLVE");
    assert.equal(resolve.value, 15);
    assert.equal(
      resolve.how,
      "median of 2 incidents detected 2026-03-01..2026-06-01: detected to resolved; 2 not resolved yet",
    );
  });

  test("a resolution after the day a value is as of does not count yet", () => {
    // As of 2026-05-01 (period 2026-02-01..2026-05-01), INC-2 is detected but resolved only on 2026-05-02.
    const before = ok("M-RESOLVE", day("2026-05-01"));
    assert.equal(before.value, 10);
    assert.equal(
      before.how,
      "median of 1 incident detected 2026-02-01..2026-05-01: detected to resolved; 3 not resolved yet",
    );
    assert.equal(ok("M-RESOLVE", day("2026-05-02")).value, 15);
  });

  test("breaches notified late: INC-2 after 80 hours; INC-3 within 48 hours; INC-EDGE not notified", () => {
    const v = ok("M-LATE");
    assert.equal(v.value, 1);
    assert.equal(
      v.how,
      "3 personal data breaches detected 2026-03-01..2026-06-01, 1 notified more than 72 hours after detection (INC-2)",
    );
  });

  test("awareness: each course's latest session in the period; the target defaults to the manifest's", () => {
    const v = ok("M-AWARE");
    assert.equal(v.value, 90);
    assert.equal(
      v.how,
      "54 of 60 invited attended the latest session of 2 courses held 2025-06-01..2026-06-01",
    );
    assert.equal(metricLine(entry("M-AWARE"), index, TODAY), "90% · target 80% · on target");
  });

  test("audit nonconformities: major and minor of audits performed in the period", () => {
    const v = ok("M-NC");
    assert.equal(v.value, 2);
    assert.match(
      v.how,
      /^2 nonconformities \(major or minor\) found by 1 audit performed 2025-06-01\.\.2026-06-01 \(F-OVERDUE, F-LATE\)$/,
    );
  });

  test("overdue actions of every kind, today and as of a past day", () => {
    // Today: F-OVERDUE and the objective's tabletop action (due 2026-05-15).
    const v = ok("M-ACTIONS");
    assert.equal(v.value, 2);
    assert.equal(
      v.how,
      "2 of 5 corrective actions past their due date and not closed on 2026-06-01 (F-OVERDUE, OBJ-1)",
    );
    // On 2026-05-15: F-OVERDUE and F-LATE (closed only on 2026-05-20); the tabletop is due that day.
    assert.equal(ok("M-ACTIONS", day("2026-05-15")).value, 2);
    assert.equal(ok("M-ACTIONS", day("2026-05-11")).value, 2);
    assert.equal(ok("M-ACTIONS", day("2026-05-01")).value, 0);
  });

  test("risks above appetite without a current acceptance", () => {
    const v = ok("M-RISKS");
    assert.equal(v.value, 1);
    assert.equal(
      v.how,
      "1 risk above the appetite of 9 with no current acceptance on 2026-06-01 (R-HIGH); 1 more accepted",
    );
  });

  test("applicable controls implemented, as a percentage", () => {
    assert.equal(ok("M-SOA").value, 66.7);
  });

  test("overdue reviews: the CTO role reviewed in 2024", () => {
    const v = ok("M-REVIEWS");
    assert.equal(v.value, 1);
    assert.equal(v.how, "1 review overdue on 2026-06-01 (cto)");
  });

  test("hours: a period of 48 hours is today and the day before", () => {
    const v = ok("M-48H");
    assert.deepEqual(v.period, { from: day("2026-05-30"), to: day("2026-06-01") });
    assert.equal(v.value, 1);
    assert.equal(ok("M-48H", day("2026-06-02")).value, 1); // INC-AFTER, and INC-3 no longer
  });

  test("no value, with the reason", () => {
    const week = value("M-CONTAIN-WEEK", day("2026-03-08"));
    assert.equal(week.ok, false);
    assert.equal(week.ok ? "" : week.why, "1 incident detected 2026-03-01..2026-03-08, none contained yet");
    assert.equal(
      metricLine(entry("M-CONTAIN-WEEK"), index, day("2026-05-24")),
      "no value: no incident detected 2026-05-17..2026-05-24",
    );
    const np = value("M-NOPERIOD");
    assert.equal(np.ok ? "" : np.why, "no period: set `every`");
  });
});

describe("manual metrics", () => {
  test("the latest measurement on or before today counts", () => {
    const v = ok("M-MANUAL");
    assert.equal(v.value, 4.5);
    assert.equal(v.source, "measured");
    assert.equal(v.period.to, day("2026-05-31"));
    assert.equal(metricLine(entry("M-MANUAL"), index, TODAY), "4.5% · target 5% · on target");
    assert.equal(metricLine(entry("M-MANUAL"), index, day("2026-05-30")), "7% · target 5% · off target");
  });

  test("never measured", () => {
    assert.equal(metricLine(entry("M-NEVER"), index, TODAY), "no value: not measured yet");
  });

  test("a monthly series: measurements by month; derived values as of each month's end", () => {
    const manual = monthlySeries(entry("M-MANUAL"), index, TODAY, 3);
    assert.deepEqual(
      manual.map((p) => [p.month, p.value]),
      [
        ["2026-04", 7],
        ["2026-05", 4.5],
        ["2026-06", undefined],
      ],
    );
    const count = monthlySeries(entry("M-COUNT"), index, TODAY, 4);
    // As of 2026-03-31 (from 2025-12-31): INC-BEFORE (2026-02-28 in UTC) and INC-EDGE; 04-30 (from
    // 01-30): + INC-1; 05-31 (from 02-28, the 31st clamped): + INC-2, INC-3; 06-01 (from 03-01): 4.
    assert.deepEqual(
      count.map((p) => [p.month, p.value]),
      [
        ["2026-03", 2],
        ["2026-04", 3],
        ["2026-05", 5],
        ["2026-06", 4],
      ],
    );
    // The SoA has no history: only this month is computed.
    assert.deepEqual(
      monthlySeries(entry("M-SOA"), index, TODAY, 2).map((p) => p.value),
      [undefined, 66.7],
    );
  });
});

describe("bad input never throws", () => {
  test("wrong types give no value and no nonsense", () => {
    const v = value("M-BAD");
    assert.equal(v.ok, false);
    assert.equal(v.ok ? "" : v.why, "'(not text)' is not a measure isms derives");
    assert.doesNotThrow(() => monthlySeries(entry("M-BAD"), index, TODAY));
    assert.doesNotThrow(() => metricHover(entry("M-BAD"), { index, today: TODAY }));
  });

  test("every measure on an empty workspace", () => {
    const empty = workspace({ "metrics.yaml": "kind: metrics\nmetrics:\n" });
    for (const measure of Object.keys(DERIVED)) {
      const w = workspace({
        "metrics.yaml": `kind: metrics\nmetrics:\n  - { id: M, title: T, every: 3 months, derived: ${measure} }\n`,
      });
      const m = w.index.defs.get("M")?.[0];
      assert.ok(m);
      assert.doesNotThrow(() => metricValue(m, w.index, TODAY), measure);
      assert.doesNotThrow(() => monthlySeries(m, w.index, TODAY), measure);
      assert.doesNotThrow(() => metricLine(m, empty.index, TODAY), measure);
    }
  });

  test("the schema's derived values are the measures isms derives", () => {
    assert.deepEqual(metricsSchema.definitions.metric.properties.derived.enum, Object.keys(DERIVED));
  });
});

describe("rules, hover and code lens", () => {
  const findings = checkWorkspace(ws, { today: TODAY });
  const of = (code: string) =>
    findings
      .filter((f) => f.code === code)
      .map((f) => `${f.file.replace("/w/", "")}:${f.start.line + 1} ${f.message}`);

  test("metric-off-target names value, target and period", () => {
    assert.deepEqual(of("metric-off-target"), [
      "metrics.yaml:3 Metric M-COUNT: 4 misses its target of 2 (lower-is-better): 4 incidents detected 2026-03-01..2026-06-01 (INC-1, INC-2, INC-3, INC-EDGE)",
      "metrics.yaml:6 Metric M-RESOLVE: 15 h misses its target of 12 h (lower-is-better): median of 2 incidents detected 2026-03-01..2026-06-01: detected to resolved; 2 not resolved yet",
      "metrics.yaml:7 Metric M-LATE: 1 misses its target of 0 (lower-is-better): 3 personal data breaches detected 2026-03-01..2026-06-01, 1 notified more than 72 hours after detection (INC-2)",
      "metrics.yaml:10 Metric M-ACTIONS: 2 misses its target of 0 (lower-is-better): 2 of 5 corrective actions past their due date and not closed on 2026-06-01 (F-OVERDUE, OBJ-1)",
      "metrics.yaml:11 Metric M-RISKS: 1 misses its target of 0 (lower-is-better): 1 risk above the appetite of 9 with no current acceptance on 2026-06-01 (R-HIGH); 1 more accepted",
      "metrics.yaml:13 Metric M-REVIEWS: 1 misses its target of 0 (lower-is-better): 1 review overdue on 2026-06-01 (cto)",
      "metrics.yaml:14 Metric M-48H: 1 misses its target of 0 (lower-is-better): 1 incident detected 2026-05-30..2026-06-01 (INC-3)",
    ]);
  });

  test("metric-stale, objective-no-measure, objective-overdue", () => {
    assert.deepEqual(of("metric-stale"), [
      "metrics.yaml:26 Metric M-NEVER is measured every 1 month and has no measurement yet",
    ]);
    assert.deepEqual(of("objective-no-measure"), [
      "objectives.yaml:13 Objective OBJ-2 cites no metric: how will its fulfilment be measured?",
    ]);
    assert.deepEqual(of("objective-overdue"), [
      "objectives.yaml:13 Objective OBJ-2 was due 2026-05-01 (31 days ago) and is at-risk",
    ]);
  });

  test("a manual metric is stale once its latest measurement is more than a period old", () => {
    const stale = (d: string) =>
      checkWorkspace(workspace(), { today: day(d) })
        .filter((f) => f.code === "metric-stale")
        .map((f) => f.message);
    // On 2026-07-30 the measurement of 2026-06-30 is due, not yet stale; on 2026-07-31 it is.
    assert.deepEqual(stale("2026-07-30"), [
      "Metric M-NEVER is measured every 1 month and has no measurement yet",
    ]);
    assert.deepEqual(stale("2026-07-31"), [
      "Metric M-MANUAL was last measured 2026-06-30; it is measured every 1 month, so a measurement was due 2026-07-30",
      "Metric M-NEVER is measured every 1 month and has no measurement yet",
    ]);
  });

  test("the hover of a metric: value, target, period, how", () => {
    const h = metricHover(entry("M-CONTAIN"), { index, today: TODAY }).join("\n");
    assert.match(h, /^\*\*M-CONTAIN\*\* · Contain/);
    assert.match(h, /Value: \*\*2\.5 h\*\* over 2026-03-01\.\.2026-06-01/);
    assert.match(h, /Target: 4 h \(lower-is-better\) · \*\*on target\*\*/);
    assert.match(h, /Period: every 3 months/);
    assert.match(h, /How: median of 3 incidents detected 2026-03-01\.\.2026-06-01: detected to contained/);
  });

  test("the code lens of an objective: its metrics' state and due date", () => {
    assert.equal(
      objectiveLens(entry("OBJ-1"), { index, today: TODAY }),
      "2 metrics: 1 on target, 1 off target · due 2027-03-31",
    );
    assert.equal(
      objectiveLens(entry("OBJ-2"), { index, today: TODAY }),
      "no metrics · due 2026-05-01 (overdue)",
    );
    assert.equal(
      objectiveLens(entry("OBJ-3"), { index, today: TODAY }),
      "achieved · 1 metric: 1 unknown · due 2026-05-01",
    );
    const h = objectiveHover(entry("OBJ-1"), { index, today: TODAY }).join("\n");
    assert.match(h, /- M-RESOLVE Resolve: 15 h · target 12 h · off target/);
    assert.match(h, /Actions: 0 open, 1 overdue, 1 closed/);
  });
});

describe("the objectives report", () => {
  const type = REPORT_BY_ID.get("objectives");
  const input = { index, today: TODAY, findings: [], dir: "/w" };

  test("objectives with their metrics, metrics with value, target, period, derivation and trend", async () => {
    assert.ok(type);
    const md = String(await produce(type, "md", input));
    assert.match(md, /^# Information security objectives and measurement \(clauses 6\.2, 9\.1\)/);
    assert.ok(
      md.includes(
        "| OBJ-1 | Faster response | iso (ISO) |   | on-track | 2027-03-31 | 2 metrics: 1 on target, 1 off target | 0 open, 1 overdue, 1 closed |",
      ),
    );
    assert.match(
      md,
      /\| M-CONTAIN \| Contain \| 2\.5 h \| 4 h \(lower-is-better\) \| 2026-03-01\.\.2026-06-01 \| on target \|/,
    );
    assert.match(
      md,
      /- \*\*How:\*\* median of 3 incidents detected 2026-03-01\.\.2026-06-01: detected to contained; 1 not contained yet/,
    );
    assert.match(
      md,
      /\*\*M-COUNT by month \(computed as of each month's end\):\*\* 2025-07 0, 2025-08 0, 2025-09 0, 2025-10 0, 2025-11 0, 2025-12 0, 2026-01 0, 2026-02 1, 2026-03 2, 2026-04 3, 2026-05 5, 2026-06 4 \(target 2\)/,
    );
    assert.match(
      md,
      /\*\*M-MANUAL by month \(latest measurement of each month\):\*\* .*2026-04 7, 2026-05 4\.5, 2026-06 - \(target 5%\)/,
    );
    assert.ok(
      md.includes(
        "| OBJ-2 | Unmeasured |   |   | at-risk | 2026-05-01 (overdue 31 days) | no metrics | none |",
      ),
    );
  });

  test("HTML draws each trend as inline SVG; the same input gives the same bytes", async () => {
    assert.ok(type);
    const html = String(await produce(type, "html", input));
    assert.match(html, /<figure class="trend"><figcaption>M-COUNT by month/);
    assert.match(html, /<circle class="trend-point" data-month="2026-06" data-value="4" /);
    assert.match(html, /<title>target 4 h<\/title>/);
    assert.ok(!/<script|https?:/i.test(html));
    assert.equal(String(await produce(type, "html", input)), html);
  });
});
