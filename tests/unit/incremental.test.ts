// The incremental path (chunks, entries, references and entry-rule findings reused across edits) must give
// exactly what a fresh load gives. Seeded random edit sequences on the example, checked after every step.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory, walkYaml } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
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
];

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`seed ${seed}: 80 random edits, each checked against a fresh load`, () => {
    const ws = loadDirectory(EXAMPLE);
    const paths = walkYaml(EXAMPLE).filter((p) => ws.get(p));
    const texts = new Map(paths.map((p) => [p, readFileSync(p, "utf8")]));
    const rnd = random(seed);
    for (let step = 0; step < 80; step++) {
      const path = paths[Math.floor(rnd() * paths.length)];
      let text = texts.get(path)!;
      const before = text.length;
      const at = Math.floor(rnd() * text.length);
      let removed = 0;
      if (rnd() < 0.6) text = text.slice(0, at) + PIECES[Math.floor(rnd() * PIECES.length)] + text.slice(at);
      else {
        removed = Math.min(text.length - at, Math.floor(rnd() * 40));
        text = text.slice(0, at) + text.slice(at + removed);
      }
      texts.set(path, text);
      // Half the edits tell the loader what they left unchanged (the language server's path).
      ws.setText(path, text, step % 2 ? { unchanged: { prefix: at, suffix: before - at - removed } } : {});
      const fresh = new Workspace();
      for (const [p, t] of texts) fresh.setText(p, t);
      assert.deepEqual(
        show(checkWorkspace(ws, { today, fileExists })),
        show(checkWorkspace(fresh, { today, fileExists })),
        `step ${step} (${path})`,
      );
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
