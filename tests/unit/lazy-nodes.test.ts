// Entries' YAML nodes are dropped after a check (core/yaml.ts, releaseNodes) and parsed again from their
// chunk's text when asked for: what a user sees (findings, ranges, what is under the cursor, an audit's
// findings) is the same before and after, and a keystroke's check parses nothing but the edited entry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { nodeAt } from "../../server/src/core/locate";
import { anchorRange, fieldRange } from "../../server/src/core/model";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { nodeStats } from "../../server/src/core/yaml";

const today = parseDay("2026-11-29");
const RISKS = 3000;
const risk = (i: number) =>
  `  - id: R-${i}\n    title: Risk ${i}\n    owner: ${i % 100 === 7 ? `ghost-${i}` : "iso"}\n` +
  `    likelihood: 2\n    impact: 3\n    treatment: accept\n    accepted_by: iso\n    accepted_on: 2026-01-0${1 + (i % 9)}\n` +
  `    reviewed: 2026-11-01\n`;
const ROLES = "kind: roles\nroles:\n  - id: iso\n    title: ISO\n    holder: Ann\n";
const AUDITS =
  "kind: audits\naudits:\n  - id: AUD-1\n    title: Internal audit\n    scope: ISMS\n    auditor: Ann\n" +
  "    planned: 2026-03-01\n    performed: 2026-03-02\n    findings:\n      - id: F-1\n        type: observation\n" +
  "        description: Logs kept\n      - id: F-2\n        type: minor-nc\n        description: Access review late\n";

function workspace(): { ws: Workspace; text: string } {
  const ws = new Workspace();
  let text = "kind: risks\nrisks:\n";
  for (let i = 0; i < RISKS; i++) text += risk(i);
  ws.setText("/w/roles.yaml", ROLES);
  ws.setText("/w/risks.yaml", text);
  ws.setText("/w/audits.yaml", AUDITS);
  return { ws, text };
}
const shown = (ws: Workspace) =>
  checkWorkspace(ws, { today }).map(
    (f) => `${f.file}:${f.start.line}:${f.start.character} ${f.code} ${f.message}`,
  );

test("after a check the entries' nodes are dropped; asked for, they are parsed again, the same", () => {
  const { ws } = workspace();
  const file = ws.get("/w/risks.yaml");
  assert.ok(file);
  const mid = file.entries[RISKS / 2];
  // Where its owner is, read from another load of the same text (reading it here would parse it now).
  const ownerAt = fieldRange(workspace().ws.get("/w/risks.yaml")!.entries[RISKS / 2], ["owner"]);
  const before = shown(ws);
  assert.ok(nodeStats().held <= 128, `held ${nodeStats().held}`);
  const reparsed = nodeStats().reparsed;
  // Every entry's anchor (a code lens asks for all of them) and its start (file order) need no node.
  for (const e of file.entries) assert.ok(anchorRange(e)[0] >= e.chunk.base + e.start);
  assert.equal(nodeStats().reparsed, reparsed);
  // The node of an entry whose chunk dropped it: parsed again, with the same ranges.
  assert.equal(mid.node?.range?.[0], mid.span?.[0]);
  assert.equal(nodeStats().reparsed, reparsed + 1);
  assert.deepEqual(fieldRange(mid, ["owner"]), ownerAt);
  const at = nodeAt(file, ownerAt[0] + 1);
  assert.equal(at.entry, mid);
  assert.deepEqual(at.path, ["risks", RISKS / 2, "owner"]);
  assert.equal(at.scalar?.value, "iso");
  // An audit's findings (child entries) read their nodes through the audit's.
  const audit = ws.get("/w/audits.yaml");
  const f2 = audit?.entries.find((e) => e.id === "F-2");
  assert.equal(f2?.node?.range?.[0], f2?.span?.[0]);
  // A second check says exactly what the first said.
  assert.deepEqual(shown(ws), before);
  assert.ok(before.some((s) => s.includes("unknown-role") && s.includes("ghost-7'")));
  assert.ok(
    before.some((s) => s.startsWith("/w/audits.yaml:") && s.includes("F-2 is a minor nonconformity")),
  );
});

test("a keystroke's check parses no chunk but the edited entry's", () => {
  const { ws, text } = workspace();
  checkWorkspace(ws, { today });
  const at = text.indexOf("    owner: iso", text.length / 2) + "    owner: iso".length;
  const reparsed = nodeStats().reparsed;
  for (const typed of ["x", ""]) {
    const next = text.slice(0, at) + typed + text.slice(at);
    ws.setText("/w/risks.yaml", next, { unchanged: { prefix: at, suffix: text.length - at } });
    const found = shown(ws);
    assert.equal(
      found.some((s) => s.includes("'isox'")),
      typed === "x",
    );
  }
  assert.equal(nodeStats().reparsed, reparsed, "no chunk parsed again");
});
