// examples/acme-isms: `isms check` reports exactly the gaps its README documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadDirectory } from "../../server/src/core/files";
import { kindNames } from "../../server/src/core/registry";
import { checkDir, keys, ROOT } from "./helpers";

const EXAMPLE = join(ROOT, "examples", "acme-isms");

test("the example reports exactly the documented gaps", () => {
  const documented = readFileSync(join(EXAMPLE, "README.md"), "utf8")
    .split("\n")
    .map((l) => /^\| ([\w/.-]+\.yaml):(\d+) \| ([\w.-]+) \|/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}:${m[2]} ${m[3]}`)
    .sort();
  assert.equal(documented.length, 36);
  assert.deepEqual(keys(EXAMPLE, checkDir(EXAMPLE, "2026-11-29")), documented);
});

test("the example is realistic: every kind, 93 controls, 40+ risks, 12+ roles", () => {
  const files = loadDirectory(EXAMPLE).index.files;
  assert.deepEqual([...new Set(files.map((f) => f.kind))].sort(), kindNames().sort());
  const f = checkDir(EXAMPLE, "2026-11-29");
  assert.ok(
    !f.some((x) => x.code === "soa-missing-control" || x.code === "schema" || x.code === "yaml-syntax"),
  );
  const soa = readFileSync(join(EXAMPLE, "soa.yaml"), "utf8");
  assert.equal(soa.match(/^ {2}A\.\d+\.\d+:/gm)?.length, 93);
  const risks = ["cloud-platform", "corporate-it", "people-and-suppliers"]
    .map(
      (n) => readFileSync(join(EXAMPLE, "risks", `${n}.yaml`), "utf8").match(/^ {2}- id: R-/gm)?.length ?? 0,
    )
    .reduce((a, b) => a + b);
  assert.ok(risks >= 40);
  const roles = readFileSync(join(EXAMPLE, "roles.yaml"), "utf8").match(/^ {2}- id: /gm)?.length ?? 0;
  assert.ok(roles >= 12);
});
