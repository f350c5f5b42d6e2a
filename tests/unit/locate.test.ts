// What is under the cursor: the narrow lookups (bisection over a file's entries) must find what a scan of
// every entry and reference finds, at every reference and id of the example, and at random offsets.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { loadDirectory } from "../../server/src/core/files";
import { nodeAt } from "../../server/src/core/locate";
import { anchorRange, entryRefs, headerRefs, type Entry, type IsmsFile } from "../../server/src/core/model";
import { symbolAt } from "../../server/src/core/navigate";
import { random } from "../random";
import { ROOT } from "./helpers";

const ws = loadDirectory(join(ROOT, "examples", "acme-isms"));

/** The innermost entry whose item contains the offset, by scanning them all. */
function scanEntry(file: IsmsFile, offset: number): Entry | undefined {
  let found: Entry | undefined;
  for (const e of file.entries) {
    const inKey =
      e.key?.range && e.chunk.base + e.key.range[0] <= offset && offset <= e.chunk.base + e.key.range[1];
    const r = e.node?.range;
    if (inKey || (r && e.chunk.base + r[0] <= offset && offset <= e.chunk.base + r[1])) found = e;
  }
  return found;
}

test("every reference and every id of the example is found where it is", () => {
  let refs = 0;
  let ids = 0;
  for (const file of ws.index.files) {
    for (const r of [...headerRefs(file), ...file.entries.flatMap(entryRefs)]) {
      for (const offset of [r.range[0], r.range[1]]) {
        const sym = symbolAt(file, offset);
        assert.equal(sym?.value, r.value, `${file.path}@${offset}`);
        assert.equal(sym.isDefinition, false);
      }
      refs++;
    }
    for (const e of file.entries.filter((x) => x.id !== undefined)) {
      const sym = symbolAt(file, anchorRange(e)[0]);
      assert.equal(sym?.entry, e, `${file.path}: ${e.id}`);
      ids++;
    }
  }
  assert.ok(refs > 300 && ids > 150, `${refs} references, ${ids} ids`);
});

test("the entry under the cursor at random offsets is the one a scan finds", () => {
  const rnd = random(7);
  for (const file of ws.index.files)
    for (let i = 0; i < 200; i++) {
      const offset = Math.floor(rnd() * file.text.length);
      assert.equal(nodeAt(file, offset).entry, scanEntry(file, offset), `${file.path}@${offset}`);
    }
});
