// Facts of a kind kept up to date from what each load changed (core/aggregate.ts): after edits, new files
// and deleted files they equal what a fresh workspace gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { firstInFileOrder, kindFacts } from "../../server/src/core/aggregate";
import type { Entry } from "../../server/src/core/model";
import { Workspace } from "../../server/src/core/workspace";

const risks = (...rows: [string, number][]) =>
  `kind: risks\nrisks:\n${rows.map(([id, l]) => `  - id: ${id}\n    title: T\n    likelihood: ${l}\n`).join("")}`;
const high = (ws: Workspace) =>
  kindFacts(ws.index, "risk", "high", (e: Entry) => (Number(e.value.likelihood) >= 4 ? e.id : undefined))
    .map(([, id]) => id)
    .sort();

test("facts follow edits, new files and deleted files", () => {
  const ws = new Workspace();
  ws.setText("/w/a.yaml", risks(["R-1", 5], ["R-2", 1], ["R-3", 4]));
  assert.deepEqual(high(ws), ["R-1", "R-3"]);
  const before = risks(["R-1", 5], ["R-2", 1], ["R-3", 4]);
  const after = risks(["R-1", 5], ["R-2", 4], ["R-3", 4]);
  const at = before.indexOf("likelihood: 1");
  ws.setText("/w/a.yaml", after, { unchanged: { prefix: at, suffix: before.length - at - 14 } });
  assert.deepEqual(high(ws), ["R-1", "R-2", "R-3"]);
  ws.setText("/w/b.yaml", risks(["R-9", 5]));
  assert.deepEqual(high(ws), ["R-1", "R-2", "R-3", "R-9"]);
  ws.delete("/w/a.yaml");
  assert.deepEqual(high(ws), ["R-9"]);
  const fresh = new Workspace();
  fresh.setText("/w/b.yaml", risks(["R-9", 5]));
  assert.deepEqual(high(fresh), high(ws));
});

test("firstInFileOrder: the first entries by file, then by place in the file", () => {
  const ws = new Workspace();
  ws.setText("/w/b.yaml", risks(["R-5", 1], ["R-1", 1]));
  ws.setText("/w/a.yaml", risks(["R-9", 1], ["R-7", 1]));
  const all = [...(ws.index.byKind.get("risk") ?? [])].reverse();
  assert.deepEqual(
    firstInFileOrder(all, 3).map((e) => e.id),
    ["R-9", "R-7", "R-5"],
  );
});
