// The README's CI commands, run verbatim in a fresh folder holding a copy of the example ISMS (with the
// local build standing in for `npx --yes isms@VERSION`, which would fetch the package), and the versions
// the README's CI section and the wrappers pin, which must be this version.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cleanEnv, exampleCopy, fakeBin, ROOT, tmp, VERSION } from "./helpers";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
/** The README's "## CI" section. */
const CI = README.slice(
  README.indexOf("\n## CI\n"),
  README.indexOf("\n## ", README.indexOf("\n## CI\n") + 1),
);

test("the README's CI commands work as written", () => {
  const block = /```sh\n([\s\S]*?)```/.exec(CI);
  assert.ok(block, "a ```sh block in ## CI");
  const dir = exampleCopy("readme-ci");
  const log = join(tmp("npx-log"), "log");
  const r = spawnSync("bash", ["-e", "-c", block[1]], {
    cwd: dir,
    encoding: "utf8",
    env: cleanEnv({ PATH: `${fakeBin()}:${process.env.PATH}`, FAKE_NPX_LOG: log, ISMS_TODAY: "2026-11-29" }),
  });
  // The example has errors: the job fails, and its reports are written all the same.
  assert.equal(r.status, 1, r.stderr);
  assert.equal(readFileSync(log, "utf8"), `isms@${VERSION}\n`);
  assert.match(r.stdout, /^risks\/people-and-suppliers\.yaml:43:12 {2}error {2}unknown-role/m);
  const sarif = JSON.parse(readFileSync(join(dir, "isms.sarif"), "utf8"));
  assert.equal(sarif.version, "2.1.0");
  assert.ok(sarif.runs[0].results.length > 5);
  assert.match(readFileSync(join(dir, "isms-junit.xml"), "utf8"), /^<\?xml[\s\S]*<failure /);
});

test("the README's CI section and the wrappers pin this version", () => {
  const pins = [...CI.matchAll(/isms@v?(\d+\.\d+\.\d+)|[#@/]v(\d+\.\d+\.\d+)|rev: v(\d+\.\d+\.\d+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  assert.ok(pins.length >= 5, pins.join(" "));
  assert.deepEqual([...new Set(pins)], [VERSION]);
  const gitlab = readFileSync(join(ROOT, "ci", "gitlab", "isms.gitlab-ci.yml"), "utf8");
  assert.match(gitlab, new RegExp(`ISMS_VERSION: "${VERSION.replace(/\./g, "\\.")}"`));
  for (const f of ["action.yml", "ci/gitlab/isms.gitlab-ci.yml", ".pre-commit-hooks.yaml", "Dockerfile"])
    assert.ok(existsSync(join(ROOT, f)), `${f}, which the CI section names`);
});
