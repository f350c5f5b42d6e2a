// Business impact analysis and continuity plans: the domain helpers (recovery times, a plan's tests and
// its test clock, the plans of a service, the rto check of the latest test), the hover and code lens,
// the Overdue view's continuity tests, test actions in the Actions view and action-overdue, the review
// clocks of services and plans, the manifest's reviews.continuity, the example's planted gaps, bad input.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { actionsOf } from "../../server/src/core/action";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import {
  latestTest,
  lastTestOfService,
  longer,
  needsAction,
  planServiceIds,
  plansOfService,
  planTests,
  recoveryTimes,
  rtoChecks,
  targetRto,
  testClock,
  testEvery,
  testHistory,
} from "../../server/src/core/kinds/continuity/domain";
import { planHover, planLens } from "../../server/src/core/kinds/continuity/present";
import { serviceHover } from "../../server/src/core/kinds/services/present";
import type { Entry } from "../../server/src/core/model";
import { dueItems, openActions } from "../../server/src/core/queries";
import { formatDay, formatDuration, parseDay, type Day } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";

const ROOT = join(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "acme-isms");
const TODAY = parseDay("2026-06-01")!;
const MANIFEST = "kind: isms\norganisation: Example Ltd\n";
const ROLES = `kind: roles
roles:
  - { id: cto, title: Chief Technology Officer, holder: Ann, reviewed: 2026-05-01 }
  - { id: iso, title: Information Security Officer, holder: Bo, reviewed: 2026-05-01 }
`;
const SERVICES = `kind: services
services:
  - { id: SVC-LEDGER, name: Ledger, owner: cto, criticality: critical, mtpd: 24 hours, rto: 4 hours, rpo: 15 minutes, reviewed: 2026-01-10 }
  - { id: SVC-IDP, name: Sign-in, owner: cto, criticality: critical, mtpd: 8 hours, rto: 90 minutes, reviewed: 2025-04-01 }
  - { id: SVC-WIKI, name: Wiki, owner: cto, criticality: low, reviewed: 2026-01-10 }
`;
const PLANS = `kind: continuity
plans:
  - id: BCP-01
    title: Loss of the primary region
    owner: iso
    services: [SVC-LEDGER, SVC-IDP, SVC-LEDGER, SVC-GONE]
    tests:
      - { date: 2026-03-10, type: failover, result: pass, achieved_rto: 3 hours }
      - { date: 2025-03-10, type: tabletop, result: partial, action: { description: Fix the call tree, owner: iso, due: 2025-04-30 } }
      - { date: 2026-09-01, type: full, result: pass, achieved_rto: 1 hour }
    reviewed: 2026-03-20
  - id: BCP-02
    title: Loss of the office
    owner: iso
    services: [SVC-WIKI]
    test_every: 6 months
    tests:
      - { date: 2025-10-01, type: walkthrough, result: fail }
    reviewed: 2025-02-01
  - { id: BCP-03, title: Ransomware, owner: iso, services: [SVC-IDP] }
`;

const REVIEWS_DEFAULT = [
  "Continuity plan BCP-02 is overdue for review: due 2026-02-01 (120 days ago; review every 12 months)",
  "Continuity plan BCP-03 has never been reviewed (no reviewed date; review every 12 months)",
  "Service SVC-IDP is overdue for review: due 2026-04-01 (61 days ago; review every 12 months)",
];
const REVIEWS_6_24 = [
  "Continuity plan BCP-02 is overdue for review: due 2025-08-01 (304 days ago; review every 6 months)",
  "Continuity plan BCP-03 has never been reviewed (no reviewed date; review every 6 months)",
];

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}
const check = (ws: Workspace, today: Day = TODAY): Finding[] =>
  checkWorkspace(ws, { today, roots: ["/w"], fileExists: () => true });
const entry = (ws: Workspace, kind: string, id: string): Entry => {
  const e = ws.index.byKind.get(kind)?.find((x) => x.id === id);
  assert.ok(e, `${kind} ${id}`);
  return e;
};
const base = {
  "isms.yaml": MANIFEST,
  "roles.yaml": ROLES,
  "services.yaml": SERVICES,
  "continuity.yaml": PLANS,
};

describe("continuity domain", () => {
  const ws = workspace(base);
  const index = ws.index;
  const bcp1 = entry(ws, "plan", "BCP-01");
  const bcp2 = entry(ws, "plan", "BCP-02");
  const bcp3 = entry(ws, "plan", "BCP-03");

  test("recovery times in minutes and hours compare as durations", () => {
    const t = recoveryTimes(entry(ws, "service", "SVC-LEDGER"));
    assert.deepEqual(
      [t.mtpd, t.rto, t.rpo].map((d) => (d ? formatDuration(d) : "-")),
      ["24 hours", "4 hours", "15 minutes"],
    );
    assert.deepEqual(recoveryTimes(entry(ws, "service", "SVC-WIKI")), {
      mtpd: undefined,
      rto: undefined,
      rpo: undefined,
    });
    assert.equal(longer({ n: 300, unit: "minutes" }, { n: 4, unit: "hours" }), true);
    assert.equal(longer({ n: 240, unit: "minutes" }, { n: 4, unit: "hours" }), false);
    assert.equal(longer({ n: 1, unit: "days" }, { n: 24, unit: "hours" }), false);
  });

  test("a plan's tests: history by date, the latest held on or before today, what needs an action", () => {
    assert.deepEqual(
      testHistory(bcp1).map((t) => `${formatDay(t.day)} ${t.result}`),
      ["2025-03-10 partial", "2026-03-10 pass", "2026-09-01 pass"],
    );
    // The test dated 2026-09-01 has not happened yet on 2026-06-01.
    assert.equal(latestTest(bcp1, TODAY)?.index, 0);
    assert.equal(latestTest(bcp1, parseDay("2026-09-01")!)?.index, 2);
    assert.equal(latestTest(bcp3, TODAY), undefined);
    assert.deepEqual(
      planTests(bcp1).map(needsAction),
      [false, false, false], // the partial test has its action
    );
    assert.deepEqual(planTests(bcp2).map(needsAction), [true]);
  });

  test("the test clock: test_every, else reviews.continuity, else 12 months", () => {
    const c1 = testClock(bcp1, index.settings, TODAY);
    assert.equal(formatDay(c1.due!), "2027-03-10");
    assert.equal(c1.overdue, false);
    const c2 = testClock(bcp2, index.settings, TODAY);
    assert.equal(formatDay(c2.due!), "2026-04-01");
    assert.equal(c2.overdue, true);
    const c3 = testClock(bcp3, index.settings, TODAY);
    assert.deepEqual([c3.due, c3.overdue, formatDuration(c3.every)], [undefined, true, "12 months"]);
    const ws2 = workspace({ ...base, "isms.yaml": `${MANIFEST}reviews:\n  continuity: 18 months\n` });
    assert.equal(formatDuration(testEvery(entry(ws2, "plan", "BCP-01"), ws2.index.settings)), "18 months");
    assert.equal(formatDuration(testEvery(entry(ws2, "plan", "BCP-02"), ws2.index.settings)), "6 months");
    assert.equal(
      formatDay(testClock(entry(ws2, "plan", "BCP-01"), ws2.index.settings, TODAY).due!),
      "2027-09-10",
    );
    // The key is part of the manifest's schema: no finding for it.
    assert.deepEqual(
      check(ws2).filter((f) => f.file.endsWith("isms.yaml") && f.code === "schema"),
      [],
    );
  });

  test("the plans of a service, a plan's services once each, and the rto check of the latest test", () => {
    assert.deepEqual(planServiceIds(bcp1), ["SVC-LEDGER", "SVC-IDP", "SVC-GONE"]);
    assert.deepEqual(
      plansOfService(index, "SVC-IDP").map((p) => p.id),
      ["BCP-01", "BCP-03"],
    );
    assert.deepEqual(plansOfService(index, "SVC-NONE"), []);
    assert.deepEqual(
      rtoChecks(index, bcp1, TODAY).map((c) => `${c.serviceId} ${c.met}`),
      ["SVC-LEDGER true", "SVC-IDP false", "SVC-GONE undefined"],
    );
    assert.equal(formatDuration(targetRto(index, bcp1)!), "90 minutes");
    assert.equal(targetRto(index, bcp2), undefined);
    const last = lastTestOfService(index, "SVC-IDP", TODAY);
    assert.equal(`${last?.plan.id} ${formatDay(last!.test.day)}`, "BCP-01 2026-03-10");
    assert.equal(lastTestOfService(index, "SVC-WIKI", TODAY)?.plan.id, "BCP-02");
  });

  test("the rules on realistic input", () => {
    assert.deepEqual(
      check(ws)
        .filter((f) => f.file.endsWith("continuity.yaml") || f.file.endsWith("services.yaml"))
        .map((f) => `${f.file.slice(3)}:${f.start.line + 1} ${f.code}(${f.messageId})`),
      [
        "continuity.yaml:6 unknown-service(unknown)",
        "continuity.yaml:8 rto-not-met(notMet)",
        "continuity.yaml:9 action-overdue(overdue)",
        "continuity.yaml:18 continuity-test-overdue(overdue)",
        "continuity.yaml:18 continuity-test-failed(fail)",
        "continuity.yaml:19 review-overdue(overdue)",
        "continuity.yaml:20 continuity-test-overdue(never)",
        "continuity.yaml:20 review-overdue(never)",
        "services.yaml:4 review-overdue(overdue)",
      ],
    );
    const msg = (code: string) => check(ws).find((f) => f.code === code)?.message;
    assert.equal(
      msg("rto-not-met"),
      "The latest test of continuity plan BCP-01 (2026-03-10) recovered in 3 hours, longer than the rto of 90 minutes of service SVC-IDP",
    );
    assert.equal(
      msg("continuity-test-failed"),
      "The walkthrough test of continuity plan BCP-02 on 2025-10-01 failed and has no action",
    );
  });

  test("hover on a service and on a plan, and the plan's lens", () => {
    const ctx = { index, today: TODAY };
    assert.deepEqual(serviceHover(entry(ws, "service", "SVC-IDP"), ctx), [
      "**SVC-IDP** · Sign-in",
      "",
      "Criticality: critical · Owner: cto (Chief Technology Officer)",
      "MTPD 8 hours · RTO 90 minutes · RPO not set",
      "Plans: BCP-01 (Loss of the primary region), BCP-03 (Ransomware)",
      "Last test: 2026-03-10 failover pass, recovered in 3 hours (BCP-01)",
    ]);
    assert.deepEqual(planHover(bcp1, ctx), [
      "**BCP-01** · Loss of the primary region",
      "",
      "Owner: iso (Information Security Officer)",
      "Last test: 2026-03-10 failover pass, recovered in 3 hours · next due 2027-03-10",
      "",
      "Services:",
      "- SVC-LEDGER Ledger · RTO 4 hours: met (3 hours)",
      "- SVC-IDP Sign-in · RTO 90 minutes: **not met** (3 hours)",
      "- SVC-GONE (no such service) · no RTO",
    ]);
    assert.equal(planLens(bcp1, ctx), "last test 2026-03-10 pass · next due 2027-03-10");
    assert.equal(planLens(bcp2, ctx), "last test 2025-10-01 fail · next due 2026-04-01");
    assert.equal(planLens(bcp3, ctx), "never tested");
    assert.equal(planHover(bcp3, ctx)[2 + 1], "Last test: **never tested** (a test is due every 12 months)");
  });

  test("the Overdue view lists continuity tests with the plan's owner; test actions are open actions", () => {
    const due = dueItems(index, TODAY, () => undefined, true).filter((d) => d.kind === "continuity-tests");
    assert.deepEqual(
      due.map((d) => `${d.kindTitle} ${d.kindLabel} ${d.id} ${d.due ?? "never"} ${d.state} ${d.owner}`),
      [
        "Continuity tests continuity test BCP-03 never overdue iso",
        "Continuity tests continuity test BCP-02 2026-04-01 overdue iso",
        "Continuity tests continuity test BCP-01 2027-03-10 later iso",
      ],
    );
    assert.deepEqual(
      actionsOf(bcp1).map((a) => a.path.join(".")),
      ["tests.1.action"],
    );
    const open = openActions(index, TODAY, () => undefined).filter((a) => a.source.id === "BCP-01");
    assert.deepEqual(
      open.map((a) => `${a.description} ${a.owner} ${a.due} ${a.state} ${a.source.kind}`),
      ["Fix the call tree iso 2025-04-30 overdue continuity plan"],
    );
  });

  test("review clocks: services (reviews.services) and plans (reviews.plans), 12 months by default", () => {
    const ws2 = workspace({
      ...base,
      "isms.yaml": `${MANIFEST}reviews:\n  services: 24 months\n  plans: 6 months\n`,
    });
    const reviews = (w: Workspace) =>
      check(w)
        .filter((f) => f.code === "review-overdue")
        .map((f) => f.message);
    // SVC-IDP, reviewed 2025-04-01, is due after 24 months (2027-04-01); BCP-01, reviewed 2026-03-20,
    // after 6 months (2026-09-20).
    assert.deepEqual(reviews(ws2), REVIEWS_6_24);
    assert.deepEqual(reviews(ws), REVIEWS_DEFAULT);
  });

  test("the schema takes rto and rpo in minutes and hours, up to 100 years", () => {
    const svc = (rto: string) =>
      `kind: services\nservices:\n  - { id: SVC-A, name: A, owner: cto, criticality: low, rto: ${rto} }\n`;
    const schema = (rto: string) =>
      check(workspace({ ...base, "services.yaml": svc(rto) }))
        .filter((f) => f.code === "schema")
        .map((f) => f.message);
    assert.deepEqual(schema("30 minutes"), []);
    assert.deepEqual(schema("1 minute"), []);
    assert.deepEqual(schema("36 hours"), []);
    assert.deepEqual(schema("52596001 minutes"), [
      "'rto': '52596001 minutes' is longer than isms accepts (at most 100 years)",
    ]);
    assert.deepEqual(schema("876601 hours"), [
      "'rto': '876601 hours' is longer than isms accepts (at most 100 years)",
    ]);
    assert.equal(schema("30 mins").length, 1);
  });

  test("bad input gets findings, never a crash", () => {
    const bad = `kind: continuity
plans:
  - { id: BCP-X, title: 7, owner: iso, services: SVC-LEDGER, tests: yes }
  - { id: BCP-Y, title: T, owner: iso, services: [7, null, {a: 1}], tests: [nope, null, 3, { date: someday, result: fail }, { date: 2026-02-30 }] }
  - nope
  - { id: BCP-Z, title: T, owner: iso, test_every: often, tests: [{ date: 2026-01-01, type: full, result: pass, achieved_rto: fast, action: [x] }] }
`;
    const badServices = `kind: services
services:
  - { id: SVC-LEDGER, name: [x], owner: cto, criticality: urgent, mtpd: 4 hours, rto: 1 fortnight, rpo: null }
  - null
`;
    const ws3 = workspace({ ...base, "continuity.yaml": bad, "services.yaml": badServices });
    let found: Finding[] = [];
    assert.doesNotThrow(() => (found = check(ws3)));
    assert.ok(found.some((f) => f.code === "schema"));
    // BCP-Y's undated failing test still needs an action.
    assert.ok(found.some((f) => f.code === "continuity-test-failed" && /an unknown date/.test(f.message)));
    const ctx = { index: ws3.index, today: TODAY };
    for (const e of [...(ws3.index.byKind.get("plan") ?? []), ...(ws3.index.byKind.get("service") ?? [])]) {
      const shown = [
        ...(e.kind === "plan" ? planHover(e, ctx) : serviceHover(e, ctx)),
        planLens(e, ctx),
      ].join("\n");
      assert.doesNotMatch(shown, /undefined|null|\[object Object\]/, shown);
    }
    assert.doesNotThrow(() => dueItems(ws3.index, TODAY, () => undefined, true));
  });
});

describe("the example's planted gaps", () => {
  test("a high service with no plan, a test overdue, an rto not met, a partial test without action", () => {
    const ws = loadDirectory(EXAMPLE, new Workspace());
    const found = checkWorkspace(ws, {
      today: parseDay("2026-11-29")!,
      roots: [EXAMPLE],
      fileExists,
    }).filter((f) => /(services|continuity)\.yaml$/.test(f.file));
    assert.deepEqual(
      found.map((f) => `${f.file.slice(EXAMPLE.length + 1)}:${f.start.line + 1} ${f.code}`),
      [
        "continuity.yaml:18 continuity-test-overdue",
        "continuity.yaml:21 rto-not-met",
        "continuity.yaml:51 continuity-test-failed",
        "services.yaml:33 service-no-plan",
      ],
    );
  });
});
