// The README starts with the two commands; every file generated from the registry and the rule modules
// (the rule table and pages, schemas/, templates/, snippets, package.json's firstLine) is up to date.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generated } from "../../scripts/generate";
import { REPORTS } from "../../server/src/reports/index";
import { ROOT } from "./helpers";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");

test("README starts with the install-and-run command and the test command", () => {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)![1].split("\n");
  assert.match(block[0], /^npm ci && npm start\b/);
  assert.match(block[1], /^npm test\b/);
  assert.equal(
    readFileSync(join(ROOT, ".ci", "run"), "utf8")
      .trim()
      .split("\n")
      .at(-1),
    "npm test",
  );
});

test("every generated file is up to date (npm run docs)", async () => {
  const files = await generated();
  for (const [path, content] of files) assert.equal(readFileSync(join(ROOT, path), "utf8"), content, path);
  // and nothing generated is left over from a kind or rule that went
  for (const dir of ["docs/rules", "schemas", "templates"])
    for (const name of readdirSync(join(ROOT, dir)))
      assert.ok(files.has(`${dir}/${name}`), `${dir}/${name} is stale`);
});

test("the README's report table lists every report type with the formats it offers", () => {
  const rows = new Map(
    [...readme.matchAll(/^\| `([\w-]+)` \| .* \| ([\w, ]+) \|$/gm)].map((m) => [m[1], m[2]] as const),
  );
  // The registers of every kind share one row.
  for (const r of REPORTS)
    assert.equal(rows.get(r.id.startsWith("register-") ? "register-KIND" : r.id), r.formats.join(", "), r.id);
});
