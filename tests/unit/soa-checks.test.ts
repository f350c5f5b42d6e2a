// Control checks and evidence validity in the Statement of Applicability: when a check falls due, a failed
// check without its action, expired evidence; the rules' messages, the Overdue view's items, the Actions
// view, linked-file-missing and path-outside-workspace over the new path fields, hover and code lens, and
// bad input.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import {
  checksOf,
  datedEvidenceOf,
  evidenceText,
  nextCheckDue,
} from "../../server/src/core/kinds/soa/domain";
import { controlEntryHover, controlLens } from "../../server/src/core/kinds/soa/present";
import type { Entry } from "../../server/src/core/model";
import { dueItems, openActions } from "../../server/src/core/queries";
import { entrySpec } from "../../server/src/core/registry";
import { formatDay, parseDay, type Day } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";

const TODAY = parseDay("2026-06-01")!;
const ROLES = `kind: roles
roles:
  - { id: iso, title: Information Security Officer, holder: Bo }
  - { id: it, title: IT Manager, holder: Sam }
`;
const SOA = `kind: soa
controls:
  A.5.15:
    applicable: true
    owner: it
    justification: Access control.
    checks:
      - description: Quarterly admin account review
        every: 3 months
        method: examine
        last: 2026-02-15
        result: pass
      - description: Leaver sample
        every: 12 months
        method: interview
        owner: iso
  A.8.13:
    applicable: true
    owner: it
    justification: Backups.
    evidence:
      - Restore runbook in the wiki
      - path: reports/restore-2025.pdf
        collected: 2025-05-10
        valid_until: 2026-05-09
      - { path: reports/restore-2026.pdf, collected: 2026-05-20, valid_until: 2027-05-19 }
    checks:
      - description: Restore test
        every: 6 months
        method: test
        last: 2026-05-20
        result: fail
        evidence: reports/restore-2026.pdf
      - description: Backup monitoring
        every: 1 month
        last: 2026-05-25
        result: fail
        action: { description: Alert on failed jobs, owner: it, due: 2026-05-31 }
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const check = (ws: Workspace, today: Day = TODAY, exists: (p: string) => boolean = () => true): Finding[] =>
  checkWorkspace(ws, { today, roots: ["/w"], fileExists: exists });

const of = (findings: Finding[], code: string) =>
  findings
    .filter((f) => f.code === code)
    .map((f) => `${f.start.line + 1}:${f.start.character + 1} ${f.message}`);

const control = (ws: Workspace, id: string): Entry => {
  const e = ws.index.soa.get(id)?.[0];
  assert.ok(e, id);
  return e;
};

describe("control checks", () => {
  const ws = workspace({ "roles.yaml": ROLES, "soa.yaml": SOA });

  test("each check's next due date, owner and state", () => {
    const checks = checksOf(control(ws, "A.5.15"), TODAY);
    assert.deepEqual(
      checks.map((c) => [c.id, c.description, c.next && formatDay(c.next), c.owner, c.overdue]),
      [
        ["A.5.15 check 1", "Quarterly admin account review", "2026-05-15", "it", true],
        // Never done: due now; its own owner wins over the control's.
        ["A.5.15 check 2", "Leaver sample", undefined, "iso", true],
      ],
    );
    const backup = checksOf(control(ws, "A.8.13"), TODAY);
    assert.deepEqual(
      backup.map((c) => [c.next && formatDay(c.next), c.overdue, c.failedWithoutAction]),
      [
        ["2026-11-20", false, true],
        // Failed, with its action: no control-check-failed.
        ["2026-06-25", false, false],
      ],
    );
    assert.equal(formatDay(nextCheckDue(backup)!), "2026-06-25");
    assert.equal(nextCheckDue([]), undefined);
  });

  test("a check due today is not overdue; the day after, it is", () => {
    const due = parseDay("2026-05-15")!;
    const first = (today: Day) => checksOf(control(ws, "A.5.15"), today)[0].overdue;
    assert.equal(first(due), false);
    assert.equal(first(due + 1), true);
  });

  test("the rules name the control and the check, at the check's fields", () => {
    const found = check(ws);
    assert.deepEqual(of(found, "control-check-overdue"), [
      "11:15 A.5.15: the check 'Quarterly admin account review' was due 2026-05-15 (17 days ago)",
      "13:22 A.5.15: the check 'Leaver sample' has never been done",
    ]);
    assert.deepEqual(of(found, "control-check-failed"), [
      "32:17 A.8.13: the check 'Restore test' failed and has no corrective action",
    ]);
    assert.deepEqual(of(found, "evidence-expired"), [
      "25:22 A.8.13: the evidence 'reports/restore-2025.pdf' was valid until 2026-05-09 (23 days ago)",
    ]);
    // The check's owner and its action's owner are role references.
    assert.deepEqual(of(found, "unknown-role"), []);
    // The check's action is a corrective action: overdue since 2026-05-31.
    assert.deepEqual(of(found, "action-overdue"), [
      "38:70 Corrective action of A.8.13 was due 2026-05-31 (1 days ago) and is not closed",
    ]);
  });

  test("an unknown role as a check's owner or its action's", () => {
    const bad = SOA.replace("owner: iso", "owner: auditor").replace("owner: it, due", "owner: ops, due");
    const found = check(workspace({ "roles.yaml": ROLES, "soa.yaml": bad }));
    assert.deepEqual(
      found.filter((f) => f.code === "unknown-role").map((f) => f.start.line + 1),
      [16, 38],
    );
  });

  test("the Overdue view: one item per check and per dated evidence item, at its field", () => {
    const items = dueItems(
      ws.index,
      TODAY,
      (f, r) => `${f.path}:${f.lines.position(r[0]).line + 1}`,
      true,
    ).filter((i) => i.kind === "control-checks" || i.kind === "evidence");
    assert.deepEqual(
      items.map(
        (i) =>
          `${i.kindTitle} | ${i.id} | ${i.title} | ${i.due ?? "never"} | ${i.state} | ${i.owner} | ${i.location}`,
      ),
      [
        "Control checks | A.5.15 check 2 | Leaver sample | never | overdue | iso | /w/soa.yaml:13",
        "Evidence | A.8.13 evidence 2 | reports/restore-2025.pdf | 2026-05-09 | overdue | it | /w/soa.yaml:25",
        "Control checks | A.5.15 check 1 | Quarterly admin account review | 2026-05-15 | overdue | it | /w/soa.yaml:8",
        "Control checks | A.8.13 check 2 | Backup monitoring | 2026-06-25 | due-soon | it | /w/soa.yaml:34",
        "Control checks | A.8.13 check 1 | Restore test | 2026-11-20 | later | it | /w/soa.yaml:28",
        "Evidence | A.8.13 evidence 3 | reports/restore-2026.pdf | 2027-05-19 | later | it | /w/soa.yaml:26",
      ],
    );
  });

  test("the Actions view lists a check's open action under its control", () => {
    const open = openActions(ws.index, TODAY, () => undefined).filter((a) => a.source.id === "A.8.13");
    assert.deepEqual(
      open.map((a) => `${a.source.kind} ${a.description} ${a.owner} ${a.due} ${a.state} ${a.path.join(".")}`),
      ["SoA control Alert on failed jobs it 2026-05-31 overdue controls.A.8.13.checks.1.action"],
    );
  });

  test("completion documents each method and result", () => {
    const docs = entrySpec("control")?.valueDocs;
    assert.match(docs?.["checks.method"].interview ?? "", /^interview the people who operate the control$/);
    assert.deepEqual(Object.keys(docs?.["checks.method"] ?? {}), ["examine", "interview", "test"]);
    assert.deepEqual(Object.keys(docs?.["checks.result"] ?? {}), ["pass", "fail"]);
  });
});

describe("evidence validity", () => {
  const ws = workspace({ "roles.yaml": ROLES, "soa.yaml": SOA });

  test("only items with a path and dates have a validity; text stays evidence", () => {
    const dated = datedEvidenceOf(control(ws, "A.8.13"), TODAY);
    assert.deepEqual(
      dated.map((d) => [
        d.id,
        d.name,
        d.collected && formatDay(d.collected),
        d.validUntil && formatDay(d.validUntil),
        d.expired,
      ]),
      [
        ["A.8.13 evidence 2", "reports/restore-2025.pdf", "2025-05-10", "2026-05-09", true],
        ["A.8.13 evidence 3", "reports/restore-2026.pdf", "2026-05-20", "2027-05-19", false],
      ],
    );
    // Valid through its last day.
    assert.equal(datedEvidenceOf(control(ws, "A.8.13"), parseDay("2026-05-09")!)[0].expired, false);
    assert.equal(
      evidenceText(control(ws, "A.8.13").value.evidence),
      "Restore runbook in the wiki, reports/restore-2025.pdf, reports/restore-2026.pdf",
    );
  });

  test("linked-file-missing covers an evidence item's path and a check's evidence; text is not checked", () => {
    const exists = (p: string) => p !== "/w/reports/restore-2026.pdf";
    const found = check(ws, TODAY, exists).filter((f) => f.code === "linked-file-missing");
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.message}`),
      [
        "26 SoA control A.8.13: the evidence.path file 'reports/restore-2026.pdf' does not exist",
        "33 SoA control A.8.13: the checks.evidence file 'reports/restore-2026.pdf' does not exist",
      ],
    );
  });

  test("path-outside-workspace covers them too", () => {
    const bad = SOA.replace("path: reports/restore-2025.pdf", "path: ../elsewhere/restore.pdf").replace(
      "evidence: reports/restore-2026.pdf",
      "evidence: /tmp/restore.pdf",
    );
    const found = check(workspace({ "roles.yaml": ROLES, "soa.yaml": bad })).filter(
      (f) => f.code === "path-outside-workspace",
    );
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.messageId}`),
      ["23 outside", "33 absolute"],
    );
  });
});

describe("hover and code lens", () => {
  const ws = workspace({ "roles.yaml": ROLES, "soa.yaml": SOA });
  const ctx = { index: ws.index, today: TODAY };

  test("the hover lists the checks with their last result and next due date, and evidence validity", () => {
    const h = controlEntryHover(control(ws, "A.8.13"), ctx).join("\n");
    assert.ok(
      h.includes(
        [
          "Checks (2):",
          "- Restore test (test, every 6 months, owner it): last 2026-05-20 fail · next due 2026-11-20 (in 172 days) · failed, no corrective action",
          "- Backup monitoring (every 1 month, owner it): last 2026-05-25 fail · next due 2026-06-25 (in 24 days)",
          "",
          "Evidence:",
          "- reports/restore-2025.pdf: collected 2025-05-10, expired: valid until 2026-05-09 (23 days ago)",
          "- reports/restore-2026.pdf: collected 2026-05-20, valid until 2027-05-19",
        ].join("\n"),
      ),
      h,
    );
    const access = controlEntryHover(control(ws, "A.5.15"), ctx).join("\n");
    assert.ok(
      access.includes("- Leaver sample (interview, every 12 months, owner iso): never done · due now"),
      access,
    );
    assert.ok(
      access.includes(
        "- Quarterly admin account review (examine, every 3 months, owner it): last 2026-02-15 pass · next due 2026-05-15 (overdue, 17 days ago)",
      ),
      access,
    );
  });

  test("the lens counts the checks and says the next due or how many are overdue", () => {
    assert.equal(
      controlLens(control(ws, "A.8.13"), ctx),
      "0 risks · not audited · 2 checks · next due 2026-06-25 · 1 evidence expired",
    );
    assert.equal(controlLens(control(ws, "A.5.15"), ctx), "0 risks · not audited · 2 checks · 2 overdue");
  });
});

describe("bad input gets a finding, never a crash", () => {
  test("checks and evidence of the wrong shape", () => {
    const bad = `kind: soa
controls:
  A.5.1:
    applicable: true
    justification: J
    checks:
      - 42
      - null
      - description: [not, text]
        every: often
        last: someday
        result: maybe
        action: close it
      - { description: No interval, last: 2026-01-01 }
    evidence:
      - { valid_until: 2020-01-01 }
      - { path: 7, collected: yesterday }
      - [a, list]
  A.5.2:
    applicable: true
    justification: J
    checks: not a list
    evidence: not a list
`;
    const ws = workspace({ "soa.yaml": bad });
    const found = check(ws);
    assert.ok(found.some((f) => f.code === "schema"));
    // The unreadable check is never done: overdue, named by its place.
    assert.deepEqual(of(found, "control-check-overdue"), [
      "9:22 A.5.1: the check 'check 3' has never been done",
    ]);
    assert.deepEqual(of(found, "control-check-failed"), []);
    assert.deepEqual(of(found, "evidence-expired"), [
      "16:24 A.5.1: the evidence 'evidence 1' was valid until 2020-01-01 (2343 days ago)",
    ]);
    const ctx = { index: ws.index, today: TODAY };
    for (const id of ["A.5.1", "A.5.2"]) {
      const e = control(ws, id);
      for (const line of controlEntryHover(e, ctx))
        assert.doesNotMatch(line, /undefined|null|\[object Object\]/);
      assert.doesNotMatch(controlLens(e, ctx) ?? "", /undefined|null|\[object Object\]/);
    }
    assert.doesNotThrow(() => dueItems(ws.index, TODAY, () => undefined, true));
  });
});
