// Every rule has a pass and a fail fixture (in its kind's folder, or core/rules/fixtures for the
// cross-kind rules). The fail fixture marks each expected finding with `# expect: <code>` on its line
// (optionally `code(messageId)` and `@column`); the rule must report exactly those. Guard tests check
// that every rule file is registered and every kind folder complete.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, test } from "node:test";
import { KINDS_DIR, ROOT, ruleFixtureDir } from "../../scripts/generate";
import { allRules, kindDefs, ruleKind } from "../../server/src/core/registry";
import { SEVERITIES } from "../../server/src/core/rules/api";
import { MAX_FILE_BYTES } from "../../server/src/core/files";
import { checkDir, expected, expectations, fixtureDirs, fixtureHistory, keys } from "./helpers";

const maxBytesOf = (dir: string) => {
  const f = join(dir, "fixture.json");
  return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")).maxBytes as number) : MAX_FILE_BYTES;
};

const tsFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => basename(f, ".ts"))
    : [];

describe("rules", () => {
  test("ids are unique, kebab-case, documented, with messages", () => {
    const ids = allRules().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of allRules()) {
      assert.match(r.id, /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/);
      assert.ok(SEVERITIES.includes(r.severity));
      assert.ok(r.doc.length > 40, `${r.id} doc`);
      assert.ok(r.fix.length > 10, `${r.id} fix`);
      assert.ok(Object.keys(r.messages).length > 0, `${r.id} messages`);
      assert.ok(existsSync(join(ROOT, "docs", "rules", `${r.id}.md`)), `${r.id} has no page`);
    }
  });

  test("every file under a rules folder is a registered rule, in the folder of its kind", () => {
    const ids = new Set(allRules().map((r) => r.id));
    const core = tsFiles(join(ROOT, "server", "src", "core", "rules")).filter(
      (f) => !["api", "index", "shared"].includes(f),
    );
    for (const f of core) {
      assert.ok(ids.has(f), `core/rules/${f}.ts is not registered`);
      assert.equal(ruleKind(f), undefined, `${f} is registered by a kind but lives in core/rules`);
    }
    for (const kind of readdirSync(KINDS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()))
      for (const f of tsFiles(join(KINDS_DIR, kind.name, "rules")))
        assert.equal(
          ruleKind(f)?.kind,
          kind.name,
          `kinds/${kind.name}/rules/${f}.ts is not a rule of ${kind.name}`,
        );
  });

  test("every kind folder is registered and complete; every registered kind has its folder", () => {
    const folders = readdirSync(KINDS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    assert.deepEqual(
      folders,
      kindDefs()
        .map((d) => d.kind)
        .sort(),
    );
    for (const def of kindDefs()) {
      const dir = join(KINDS_DIR, def.kind);
      for (const f of ["kind.ts", "schema.json", "template.yaml", "format.md"])
        assert.ok(existsSync(join(dir, f)), `${def.kind}/${f}`);
      if (!def.collection) continue;
      const snippets = JSON.parse(readFileSync(join(dir, "snippets.json"), "utf8")) as Record<
        string,
        { prefix: string }
      >;
      assert.ok(
        Object.values(snippets).some((s) => s.prefix === def.collection!.entry.name),
        `${def.kind} has no '${def.collection.entry.name}' snippet`,
      );
    }
  });

  test("every fixture folder belongs to a rule", () => {
    const known = new Set(fixtureDirs());
    const dirs = [
      join(ROOT, "server", "src", "core", "rules", "fixtures"),
      ...kindDefs().map((d) => join(KINDS_DIR, d.kind, "fixtures")),
    ];
    for (const d of dirs)
      if (existsSync(d))
        for (const f of readdirSync(d)) assert.ok(known.has(join(d, f)), `${join(d, f)} has no rule`);
  });

  for (const rule of allRules()) {
    describe(rule.id, () => {
      const base = ruleFixtureDir(rule.id);
      test("fail fixture: exactly the marked findings", () => {
        const dir = join(base, "fail");
        assert.ok(existsSync(dir), `missing ${dir}`);
        const want = expectations(dir, rule.id);
        assert.ok(want.length > 0, "the fail fixture marks no finding");
        const found = checkDir(dir, undefined, maxBytesOf(dir), fixtureHistory(dir)).filter(
          (f) => f.code === rule.id,
        );
        assert.deepEqual(keys(dir, found, expected(dir)), want);
        for (const f of found)
          assert.ok(f.messageId in rule.messages, `${f.messageId} is not a message of ${rule.id}`);
      });
      test("pass fixture: no finding", () => {
        const dir = join(base, "pass");
        assert.ok(existsSync(dir), `missing ${dir}`);
        const got = checkDir(dir, undefined, maxBytesOf(dir), fixtureHistory(dir)).filter(
          (f) => f.code === rule.id,
        );
        assert.deepEqual(
          got.map((f) => `${f.start.line + 1}: ${f.message}`),
          [],
        );
      });
    });
  }
});
