// The README starts with the two commands and documents every rule as the rule modules say.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { rulePage, withRules } from "../../scripts/rules-doc";
import { RULES } from "../../server/src/core/rules";
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

test("README's rule table is up to date (npm run docs)", () => {
  assert.equal(readme, withRules(readme));
});

test("every rule has its page in docs/rules, up to date (npm run docs)", () => {
  for (const rule of RULES)
    assert.equal(readFileSync(join(ROOT, "docs", "rules", `${rule.id}.md`), "utf8"), rulePage(rule), rule.id);
});
