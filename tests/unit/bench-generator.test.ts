// The benchmark's generator (tests/bench/generate.ts): what it says it planted in the records is exactly
// what a check finds there, and the SoA it writes gets no finding the example's SoA does not have.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { generate } from "../bench/generate";
import { EXAMPLE } from "../lsp/client";

const today = parseDay("2026-11-29");
const findings = (dir: string) =>
  checkWorkspace(loadDirectory(dir), { today, fileExists, roots: [dir] }).map((f) => ({
    ...f,
    file: f.file.slice(dir.length + 1),
  }));

test("the generator's planted defects in the records are exactly the findings there", () => {
  const dir = mkdtempSync(join(tmpdir(), "isms-gen-"));
  try {
    const g = generate(dir, 2000);
    const found: Record<string, number> = {};
    const all = findings(dir);
    for (const f of all) if (f.file.startsWith("records/")) found[f.code] = (found[f.code] ?? 0) + 1;
    const planted = Object.fromEntries(Object.entries(g.recordsPlanted).filter(([, n]) => n > 0));
    assert.deepEqual(found, planted);
    // Every rule the generator plants is planted at least once at this size.
    assert.deepEqual(
      Object.entries(g.recordsPlanted).filter(([, n]) => n === 0),
      [],
    );
    const soa = (list: { file: string; code: string; start: { line: number } }[]) =>
      list
        .filter((f) => f.file === "soa.yaml")
        .map((f) => f.code)
        .sort();
    assert.deepEqual(soa(all), soa(findings(EXAMPLE)), "the checks added to the SoA add no finding");
    const text = readFileSync(join(dir, "soa.yaml"), "utf8");
    assert.equal(text.match(/^ {4}checks:/gm)?.length, text.match(/^ {4}applicable: true/gm)?.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
