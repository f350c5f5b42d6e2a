// Domain logic lives once: the same corrective actions (an empty `closed:` among them) and the same audits
// fed to every consumer give one answer: the rules, the Overdue view, the audit view, the audits report
// and the management review.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { auditRows, dueItems } from "../../server/src/core/queries";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-06-01")!;
const ROLES = "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: Ann, reviewed: 2026-05-01 }\n";
const AUDITS = `kind: audits
audits:
  - id: IA-1
    title: Done
    scope: [4, 5, 6, 7, 8, 9, 10]
    planned: 2026-03-01
    performed: 2026-03-02
    findings:
      - { id: F-EMPTY, type: minor-nc, ref: 4.1, statement: Closed left empty, action: { owner: iso, due: 2026-05-01, closed: } }
      - { id: F-CLOSED, type: minor-nc, ref: 4.1, statement: Closed, action: { owner: iso, due: 2026-05-01, closed: 2026-04-20 } }
      - { id: F-OPEN, type: minor-nc, ref: 4.1, statement: Not yet due, action: { owner: iso, due: 2026-06-20 } }
      - { id: F-VERIFIED, type: minor-nc, ref: 4.1, statement: Verified, action: { owner: iso, due: 2026-05-01, closed: 2026-05-02, verified_by: iso } }
  - { id: IA-2, title: Started late, scope: [9.2], planned: 2026-05-01, status: in-progress }
  - { id: IA-3, title: Slipped, scope: [9.2], planned: 2026-05-01 }
  - { id: IA-4, title: Performed empty, scope: [9.2], planned: 2026-05-01, performed: }
`;

function workspace(): Workspace {
  const ws = new Workspace();
  ws.setText("/w/roles.yaml", ROLES);
  ws.setText("/w/audits.yaml", AUDITS);
  return ws;
}

describe("one answer for an action's and an audit's state", () => {
  const ws = workspace();
  const index = ws.index;

  test("action-overdue and audit-overdue", () => {
    const f = checkWorkspace(ws, { today: TODAY }).filter((x) => x.code.endsWith("-overdue"));
    assert.deepEqual(
      f.map((x) => `${x.code} ${x.entryId}`),
      ["action-overdue F-EMPTY", "audit-overdue IA-3", "audit-overdue IA-4"],
    );
  });

  test("the Overdue view", () => {
    const due = dueItems(index, TODAY, () => undefined, true);
    assert.deepEqual(
      due
        .filter((d) => d.kind === "actions" || d.kind === "audits")
        .map((d) => `${d.kind} ${d.id} ${d.state}`),
      ["actions F-EMPTY overdue", "audits IA-3 overdue", "audits IA-4 overdue", "actions F-OPEN due-soon"],
    );
  });

  test("the audit view", () => {
    const rows = auditRows(index, TODAY, () => undefined);
    assert.deepEqual(
      rows.map((a) => `${a.id} ${a.state}`),
      ["IA-1 completed", "IA-2 in-progress", "IA-3 overdue", "IA-4 overdue"],
    );
    assert.deepEqual(
      rows[0].findings.map((f) => `${f.id} ${f.action?.state} ${f.action?.verified}`),
      ["F-EMPTY overdue false", "F-CLOSED closed false", "F-OPEN open false", "F-VERIFIED closed true"],
    );
    // A finding without a title shows its statement.
    assert.equal(rows[0].findings[0].title, "Closed left empty");
  });

  const report = async (type: string) =>
    String(await produce(REPORT_BY_ID.get(type)!, "md", { index, today: TODAY, findings: [], dir: "/w" }));

  test("the audits report", async () => {
    const md = await report("audits");
    assert.match(md, /\*\*Closure rate:\*\* 50% \(2 of 4 closed\)\n/);
    assert.match(md, /\*\*Overdue actions:\*\* 1\n/);
    const row = (id: string) => md.split("\n").find((l) => l.startsWith(`| ${id} | IA-1 |`)) ?? "";
    assert.match(row("F-EMPTY"), /\| overdue \|$/);
    assert.match(row("F-CLOSED"), /\| closed \|$/);
    assert.match(row("F-OPEN"), /\| open \|$/);
  });

  test("the management review", async () => {
    const md = await report("management-review");
    // 9.3.2 d): each nonconformity with its action's state.
    const row = (id: string) => md.split("\n").find((l) => l.startsWith(`| ${id} | minor-nc | IA-1 |`)) ?? "";
    assert.match(row("F-EMPTY"), /\| overdue \|$/);
    assert.match(row("F-CLOSED"), /\| closed \|$/);
    assert.match(row("F-OPEN"), /\| open \|$/);
    assert.match(row("F-VERIFIED"), /\| closed \|$/);
  });
});
