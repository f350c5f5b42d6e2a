// The Actions view's requests over stdio: every open corrective action with its source, most overdue
// first, and "Mark closed today" as the edit the server computes (block and flow actions alike).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { MarkClosedRequest, OpenActionsRequest } from "../../server/src/protocol";
import { applyEdits, editsFor, startClient, uriOf, type Client } from "./client";

const dir = mkdtempSync(join(tmpdir(), "isms-actions-"));
const AUDITS = `kind: audits
audits:
  - id: IA-1
    title: Access control
    scope: [A.5.15]
    planned: 2026-03-01
    performed: 2026-03-02
    status: completed
    findings:
      - id: F-1
        title: Leavers keep access
        type: minor-nc
        ref: A.5.18
        statement: Two leavers kept VPN access.
        action:
          description: Revoke access on the last day
          owner: iso
          due: 2026-10-31
      - id: F-2
        type: major-nc
        ref: A.5.15
        statement: No access policy.
        action: { description: Write the access policy, owner: ceo, due: 2026-12-10 }
      - id: F-3
        type: minor-nc
        ref: A.5.16
        statement: Shared accounts.
        action: { description: Remove shared accounts, owner: iso, due: 2026-05-01, closed: 2026-04-20 }
`;
let c: Client;

before(async () => {
  writeFileSync(
    join(dir, "roles.yaml"),
    "kind: roles\nroles:\n  - { id: iso, title: Information Security Officer, holder: A }\n  - { id: ceo, title: Chief Executive, holder: B }\n",
  );
  writeFileSync(join(dir, "audits.yaml"), AUDITS);
  c = await startClient(dir);
  await c.diagnosticsOf(uriOf(join(dir, "audits.yaml")));
});
after(() => c.shutdown());

test("isms/openActions: open actions only, the most overdue first, with source, owner and days", async () => {
  const actions = await c.conn.sendRequest(OpenActionsRequest, {});
  assert.deepEqual(
    actions.map((a) => [
      a.description,
      a.source.kind,
      a.source.id,
      a.owner,
      a.ownerTitle,
      a.due,
      a.daysOverdue,
      a.state,
    ]),
    [
      [
        "Revoke access on the last day",
        "audit finding",
        "F-1",
        "iso",
        "Information Security Officer",
        "2026-10-31",
        29,
        "overdue",
      ],
      [
        "Write the access policy",
        "audit finding",
        "F-2",
        "ceo",
        "Chief Executive",
        "2026-12-10",
        -11,
        "open",
      ],
    ],
  );
  assert.equal(actions[0].source.title, "Leavers keep access");
  // F-2 has no title: its statement names it.
  assert.equal(actions[1].source.title, "No access policy.");
  assert.equal(actions[0].location.uri, uriOf(join(dir, "audits.yaml")));
  assert.equal(actions[0].location.range.start.line, 15); // the action itself (its first line)
});

test("isms/markClosedEdit adds closed: today to a block action and to a flow action; none for a closed one", async () => {
  const uri = uriOf(join(dir, "audits.yaml"));
  const [f1, f2] = await c.conn.sendRequest(OpenActionsRequest, {});
  const block = await c.conn.sendRequest(MarkClosedRequest, { uri, path: f1.path });
  assert.match(
    applyEdits(AUDITS, editsFor(block, join(dir, "audits.yaml"))),
    /\n {10}due: 2026-10-31\n {10}closed: 2026-11-29\n {6}- id: F-2\n/,
  );
  const flow = await c.conn.sendRequest(MarkClosedRequest, { uri, path: f2.path });
  assert.match(
    applyEdits(AUDITS, editsFor(flow, join(dir, "audits.yaml"))),
    /action: \{ description: Write the access policy, owner: ceo, due: 2026-12-10, closed: 2026-11-29 \}\n/,
  );
  const closedPath = [...f2.path.slice(0, -3), 2, "action"];
  assert.equal(await c.conn.sendRequest(MarkClosedRequest, { uri, path: closedPath }), null);
  assert.equal(await c.conn.sendRequest(MarkClosedRequest, { uri, path: ["audits", 7, "x"] }), null);
  assert.equal(await c.conn.sendRequest(MarkClosedRequest, { uri, path: "nonsense" as never }), null);
});
