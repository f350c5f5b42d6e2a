// Every rule has a pass and a fail fixture (tests/fixtures/rules/<id>/{pass,fail}). The fail fixture
// marks each expected finding with `# expect: <code>` on its line; the rule must report exactly those.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { RULES } from "../../server/src/core/rules";
import { SEVERITIES } from "../../server/src/core/rules/api";
import { MAX_FILE_BYTES } from "../../server/src/core/files";
import { checkDir, expectations, FIXTURES, keys } from "./helpers";

const maxBytesOf = (dir: string) => {
  const f = join(dir, "fixture.json");
  return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")).maxBytes as number) : MAX_FILE_BYTES;
};

describe("rules", () => {
  test("ids are unique, kebab-case, documented", () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/);
      assert.ok(SEVERITIES.includes(r.severity));
      assert.ok(r.doc.length > 40, `${r.id} doc`);
      assert.ok(r.fix.length > 10, `${r.id} fix`);
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const base = join(FIXTURES, "rules", rule.id);
      test("fail fixture: exactly the marked findings", () => {
        const dir = join(base, "fail");
        assert.ok(existsSync(dir), `missing ${dir}`);
        const expected = expectations(dir).filter((k) => k.endsWith(` ${rule.id}`));
        assert.ok(expected.length > 0, "the fail fixture marks no finding");
        const got = keys(
          dir,
          checkDir(dir, undefined, maxBytesOf(dir)).filter((f) => f.code === rule.id),
        );
        assert.deepEqual(got, expected);
      });
      test("pass fixture: no finding", () => {
        const dir = join(base, "pass");
        assert.ok(existsSync(dir), `missing ${dir}`);
        const got = checkDir(dir, undefined, maxBytesOf(dir)).filter((f) => f.code === rule.id);
        assert.deepEqual(
          got.map((f) => `${f.start.line + 1}: ${f.message}`),
          [],
        );
      });
    });
  }
});
