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
    .list.map(([, id]) => id)
    .sort();
const version = (ws: Workspace) =>
  kindFacts(ws.index, "risk", "high", (e: Entry) => (Number(e.value.likelihood) >= 4 ? e.id : undefined))
    .version;

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

test("the facts' version changes with a fact, an id or the order, not with an edit that leaves them", () => {
  const ws = new Workspace();
  const text = risks(["R-1", 5], ["R-2", 1], ["R-3", 4]);
  ws.setText("/w/a.yaml", text);
  const v0 = version(ws);
  const edit = (from: string, to: string) => {
    const before = ws.get("/w/a.yaml")?.text ?? "";
    const at = before.indexOf(from);
    ws.setText("/w/a.yaml", before.slice(0, at) + to + before.slice(at + from.length), {
      unchanged: { prefix: at, suffix: before.length - at - from.length },
    });
    return version(ws);
  };
  // A title typed in R-1 (it has a fact): a new entry object, the same fact and id.
  const v1 = edit("title: T\n    likelihood: 5", "title: Tx\n    likelihood: 5");
  assert.equal(v1, v0);
  const r1 = kindFacts(ws.index, "risk", "high", () => undefined).list.find(([e]) => e.id === "R-1");
  assert.equal(r1?.[0].value.title, "Tx", "the pairs hold the current entries");
  const v2 = edit("id: R-1", "id: R-10");
  assert.notEqual(v2, v1, "an id");
  const v3 = edit("likelihood: 1", "likelihood: 4");
  assert.notEqual(v3, v2, "a fact");
  const v4 = edit("likelihood: 4\n  - id: R-3", "likelihood: 2\n  - id: R-3");
  assert.notEqual(v4, v3, "a fact gone");
  assert.deepEqual(high(ws), ["R-10", "R-3"]);
  // R-3 cut and pasted before R-10: the same entries (and facts) in another order.
  const now = ws.get("/w/a.yaml")?.text ?? "";
  const r3 = now.slice(now.indexOf("  - id: R-3"));
  ws.setText("/w/a.yaml", now.replace(r3, "").replace("  - id: R-10", `${r3}  - id: R-10`));
  assert.notEqual(version(ws), v4, "the order");
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
