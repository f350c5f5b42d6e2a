// The incremental path (chunks, entries, references and entry-rule findings reused across edits) must give
// exactly what a fresh load gives. Seeded random edit sequences on the example, checked after every step.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkByFile, checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory, walkYaml } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { anchorRange, type Entry } from "../../server/src/core/model";
import { ROOT } from "./helpers";
import { random } from "../random";

const EXAMPLE = join(ROOT, "examples", "acme-isms");
const today = parseDay("2026-11-29")!;
const show = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.range[0]}-${f.range[1]}:${f.code}:${f.message}`);

const PIECES = [
  "\n",
  "  ",
  "- ",
  ": ",
  "x",
  "#",
  "[",
  "'",
  "\n  - id: R-900\n    title: New\n    owner: iso\n    likelihood: 5\n    impact: 5\n    treatment: accept\n",
  "\n  - id: R-001\n",
  "owner: ghost\n    ",
  "reviewed: 2020-01-01\n    ",
  "A.12.3.1, ",
  "&anchor ",
  "# isms-disable-next-line\n",
  "  # isms-disable-line unknown-role, schema\n",
];

/** The index as a fresh scan orders it: ids, SoA controls and entries by kind, with where each entry sits. */
function indexShape(ws: Workspace): string[] {
  const index = ws.index;
  const where = (e: Entry) => {
    assert.equal(e.file, ws.get(e.file.path), "an entry's file is the current version");
    return `${e.file.path}#${e.path.join(".")}`;
  };
  const out: string[] = [];
  for (const map of [index.defs, index.soa])
    for (const [id, list] of [...map].sort(([a], [b]) => (a < b ? -1 : 1)))
      out.push(`${id}: ${list.map(where).join(" ")}`);
  for (const kind of ["role", "asset", "risk", "control", "audit", "finding", "incident"] as const)
    out.push(`${kind}: ${(index.byKind.get(kind) ?? []).map(where).join(" ")}`);
  return out;
}

/** The offset after the end of the `n`th line from `from` (or the end of the text). */
function nthLineEnd(text: string, from: number, n: number): number {
  let at = from;
  for (let i = 0; i < n && at < text.length; i++) {
    const eol = text.indexOf("\n", at);
    at = eol === -1 ? text.length : eol + 1;
  }
  return at;
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`seed ${seed}: 80 random edits, checked against a fresh load`, () => {
    const ws = loadDirectory(EXAMPLE);
    const paths = walkYaml(EXAMPLE).filter((p) => ws.get(p));
    const texts = new Map(paths.map((p) => [p, readFileSync(p, "utf8")]));
    const rnd = random(seed);
    for (let step = 0; step < 80; step++) {
      const path = paths[Math.floor(rnd() * paths.length)];
      let text = texts.get(path)!;
      const before = text.length;
      let at = Math.floor(rnd() * text.length);
      let removed = 0;
      const kind = rnd();
      if (kind < 0.5) text = text.slice(0, at) + PIECES[Math.floor(rnd() * PIECES.length)] + text.slice(at);
      else if (kind < 0.6) {
        // Move a block of lines below the next few lines (one edit, as a cut and paste would be).
        const from = text.lastIndexOf("\n", at) + 1;
        const mid = nthLineEnd(text, from, 1 + Math.floor(rnd() * 8));
        const to = nthLineEnd(text, mid, 1 + Math.floor(rnd() * 8));
        text = text.slice(0, from) + text.slice(mid, to) + text.slice(from, mid) + text.slice(to);
        at = from;
        removed = to - from;
      } else {
        removed = Math.min(text.length - at, Math.floor(rnd() * 40));
        text = text.slice(0, at) + text.slice(at + removed);
      }
      texts.set(path, text);
      // Half the edits tell the loader what they left unchanged (the language server's path).
      ws.setText(path, text, step % 2 ? { unchanged: { prefix: at, suffix: before - at - removed } } : {});
      // Some steps are not checked: the next check then catches up over several edits.
      if (step < 79 && rnd() < 0.4) continue;
      const fresh = new Workspace();
      for (const [p, t] of texts) fresh.setText(p, t);
      assert.deepEqual(
        show(checkWorkspace(ws, { today, fileExists })),
        show(checkWorkspace(fresh, { today, fileExists })),
        `step ${step} (${path})`,
      );
      assert.deepEqual(indexShape(ws), indexShape(fresh), `index after step ${step} (${path})`);
    }
  });
}

test("a change to the manifest (risk appetite, severities) re-checks entries whose text did not change", () => {
  const ws = loadDirectory(EXAMPLE);
  const manifest = join(EXAMPLE, "isms.yaml");
  const codes = () => checkWorkspace(ws, { today, fileExists }).map((f) => f.code);
  assert.ok(codes().includes("risk-above-appetite"));
  const text = readFileSync(manifest, "utf8");
  ws.setText(manifest, text.replace(/appetite: \d+/, "appetite: 25"));
  assert.ok(!codes().includes("risk-above-appetite"));
  ws.setText(manifest, text.replace("rules:", "rules:\n  role-vacant: off"));
  assert.ok(!codes().includes("role-vacant") && codes().includes("risk-above-appetite"));
  ws.setText(manifest, text);
  assert.ok(codes().includes("role-vacant"));
});

test("items swapped by one edit: the index and duplicate-id follow the new order", () => {
  const path = "/w/risks.yaml";
  const item = (title: string) =>
    `  - id: R-1\n    title: ${title}\n    owner: x\n    likelihood: 1\n    impact: 1\n    treatment: accept\n`;
  const head = "kind: risks\nrisks:\n";
  const before = head + item("First") + item("Second") + item("Third");
  const after = head + item("Second") + item("First") + item("Third");
  const dupTitles = (ws: Workspace) =>
    checkWorkspace(ws, { today })
      .filter((f) => f.code === "duplicate-id")
      .map((f) => ws.get(path)!.entries.find((e) => anchorRange(e)[0] === f.range[0])?.value.title);
  for (const unchanged of [undefined, { prefix: head.length, suffix: item("Third").length }]) {
    const ws = new Workspace();
    ws.setText(path, before);
    assert.deepEqual(dupTitles(ws), ["Second", "Third"]);
    ws.setText(path, after, { unchanged });
    const fresh = new Workspace();
    fresh.setText(path, after);
    assert.deepEqual(dupTitles(ws), ["First", "Third"]);
    assert.deepEqual(indexShape(ws), indexShape(fresh));
    assert.deepEqual(
      ws.index.defs.get("R-1")!.map((e) => e.value.title),
      ["Second", "First", "Third"],
    );
  }
});

test("ids added and removed elsewhere change unknown-reference findings and their did-you-mean", () => {
  const roles = "/w/roles.yaml";
  const risks = "/w/risks.yaml";
  const risk = (id: string, owner: string) =>
    `  - id: ${id}\n    title: T\n    owner: ${owner}\n    likelihood: 1\n    impact: 1\n    treatment: accept\n`;
  const ws = new Workspace();
  ws.setText(roles, "kind: roles\nroles:\n  - id: information-officer\n    title: A\n");
  ws.setText(
    risks,
    "kind: risks\nrisks:\n" + risk("R-1", "informaton-oficer-x") + risk("R-2", "information-officer"),
  );
  const unknown = () =>
    checkWorkspace(ws, { today })
      .filter((f) => f.code === "unknown-role")
      .map((f) => f.message);
  assert.deepEqual(unknown(), ["Unknown role 'informaton-oficer-x' (did you mean 'information-officer'?)"]);
  ws.setText(
    roles,
    "kind: roles\nroles:\n  - id: information-officer\n    title: A\n  - id: informaton-oficer\n    title: B\n",
  );
  assert.deepEqual(unknown(), ["Unknown role 'informaton-oficer-x' (did you mean 'informaton-oficer'?)"]);
  ws.setText(roles, "kind: roles\nroles:\n  - id: informaton-oficer\n    title: B\n");
  assert.deepEqual(unknown(), [
    "Unknown role 'informaton-oficer-x' (did you mean 'informaton-oficer'?)",
    "Unknown role 'information-officer' (did you mean 'informaton-oficer'?)",
  ]);
  // A new id as near as the suggestion, listed before it, becomes the suggestion (as in a fresh check).
  ws.setText(
    roles,
    "kind: roles\nroles:\n  - id: informaton-oficer-y\n    title: C\n  - id: informaton-oficer\n    title: B\n",
  );
  assert.deepEqual(unknown(), [
    "Unknown role 'informaton-oficer-x' (did you mean 'informaton-oficer-y'?)",
    "Unknown role 'information-officer' (did you mean 'informaton-oficer'?)",
  ]);
  // One as near, listed first, wins the tie.
  ws.setText(
    roles,
    "kind: roles\nroles:\n  - id: informaton-oficer-z\n    title: D\n  - id: informaton-oficer-y\n    title: C\n  - id: informaton-oficer\n    title: B\n",
  );
  assert.deepEqual(unknown(), [
    "Unknown role 'informaton-oficer-x' (did you mean 'informaton-oficer-z'?)",
    "Unknown role 'information-officer' (did you mean 'informaton-oficer'?)",
  ]);
});

test("an id of another kind added elsewhere leaves a file's findings as they were, the same array", () => {
  const roles = "/w/roles.yaml";
  const risks = "/w/risks.yaml";
  const incidents = "/w/incidents.yaml";
  const risk = (id: string, owner: string) =>
    `  - id: ${id}\n    title: T\n    owner: ${owner}\n    likelihood: 1\n    impact: 1\n    treatment: accept\n`;
  const incident = (id: string) =>
    `  - id: ${id}\n    title: T\n    owner: iso\n    detected: 2026-11-01\n    status: open\n`;
  const ws = new Workspace();
  ws.setText(
    roles,
    "kind: roles\nroles:\n  - id: iso\n    title: A\n  - id: information-officer\n    title: B\n",
  );
  ws.setText(risks, "kind: risks\nrisks:\n" + risk("R-1", "informaton-oficer-x") + risk("R-2", "INC-9"));
  ws.setText(incidents, "kind: incidents\nincidents:\n" + incident("INC-1"));
  const byFile = () => new Map(checkByFile(ws, { today }));
  const fresh = () => {
    const f = new Workspace();
    for (const p of [roles, risks, incidents]) f.setText(p, ws.get(p)!.text);
    return show(checkWorkspace(f, { today }).filter((x) => x.file === risks));
  };
  const before = byFile().get(risks)!;
  assert.deepEqual(
    before.filter((f) => f.code === "unknown-role").map((f) => f.message),
    [
      "Unknown role 'informaton-oficer-x' (did you mean 'information-officer'?)",
      "Unknown role 'INC-9' (no role has this id)",
    ],
  );
  // An incident whose id is near the unknown role: incidents are not what a role's did-you-mean offers.
  ws.setText(incidents, "kind: incidents\nincidents:\n" + incident("INC-1") + incident("informaton-oficer"));
  const after = byFile().get(risks)!;
  assert.equal(after, before, "the risks file's findings are the same array");
  assert.deepEqual(show(after), fresh());
  // The incident a risk names as its owner: that risk's finding says what the id is.
  ws.setText(incidents, "kind: incidents\nincidents:\n" + incident("INC-1") + incident("INC-9"));
  const cited = byFile().get(risks)!;
  assert.ok(cited.some((f) => f.message === "Unknown role 'INC-9': it is an incident, not a role"));
  assert.deepEqual(show(cited), fresh());
  // A role near the first owner: its did-you-mean changes.
  ws.setText(
    roles,
    "kind: roles\nroles:\n  - id: iso\n    title: A\n  - id: informaton-oficer\n    title: B\n",
  );
  const near = byFile().get(risks)!;
  assert.ok(
    near.some((f) => f.message === "Unknown role 'informaton-oficer-x' (did you mean 'informaton-oficer'?)"),
  );
  assert.deepEqual(show(near), fresh());
});

test("a file replaced wholesale (thousands of entries) is checked afresh and right", () => {
  const path = "/w/risks.yaml";
  const register = (owner: string) =>
    "kind: risks\nrisks:\n" +
    Array.from(
      { length: 3000 },
      (_, i) =>
        `  - id: R-${i}\n    title: T\n    owner: ${owner}\n    likelihood: 1\n    impact: 1\n    treatment: accept\n`,
    ).join("");
  const ws = new Workspace();
  ws.setText("/w/roles.yaml", "kind: roles\nroles:\n  - id: cto\n    title: CTO\n");
  ws.setText(path, register("cto"));
  const unknown = () => checkWorkspace(ws, { today }).filter((f) => f.code === "unknown-role").length;
  assert.equal(unknown(), 0);
  ws.setText(path, register("nobody"));
  assert.equal(unknown(), 3000);
});
