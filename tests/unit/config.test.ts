// Rule severities from the manifest and `# isms-disable-next-line` comments.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";

const today = parseDay("2026-06-01")!;
const ROLES = `kind: roles
roles:
  - id: iso
    title: ISO
    holder:
    reviewed: 2026-01-01
  # isms-disable-next-line role-vacant
  - id: dpo
    title: DPO
    reviewed: 2026-01-01
  - id: ceo # isms-disable-line
    title: CEO
    owns: [5.3]
`;

const codes = (ws: Workspace) =>
  checkWorkspace(ws, { today, only: (p) => p === "/w/roles.yaml" }).map(
    (f) => `${f.start.line + 1} ${f.severity} ${f.code}`,
  );

test("disable comments silence one line, for one code or all", () => {
  const ws = new Workspace();
  ws.setText("/w/roles.yaml", ROLES);
  assert.deepEqual(codes(ws), ["1 warning clause-5.3-unassigned", "5 warning role-vacant"]);
});

test("the manifest changes a rule's severity or turns it off", () => {
  const ws = new Workspace();
  ws.setText("/w/roles.yaml", ROLES);
  ws.setText(
    "/w/isms.yaml",
    "kind: isms\norganisation: X\nrules:\n  role-vacant: error\n  clause-5.3-unassigned: off\n",
  );
  assert.deepEqual(codes(ws), ["5 error role-vacant"]);
});
