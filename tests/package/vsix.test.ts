// `npm run package` makes a .vsix with the bundles and assets only: no sources, no tests, no node_modules.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { zipEntries, unzipFile } from "../zip";

const ROOT = join(__dirname, "..", "..");

test("the .vsix holds bundles, schemas, snippets, language configuration, icon, README, CHANGELOG and LICENSE only", () => {
  const dir = mkdtempSync(join(tmpdir(), "isms-vsix-"));
  const vsix = join(dir, "isms.vsix");
  const r = spawnSync(
    "npx",
    ["vsce", "package", "--no-dependencies", "--no-rewrite-relative-links", "--out", vsix],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const zip = readFileSync(vsix);
  const names = zipEntries(zip).map((e) => e.name);
  for (const must of [
    "extension/dist/extension.js",
    "extension/dist/server.js",
    "extension/dist/cli.js",
    "extension/package.json",
    "extension/readme.md",
    "extension/changelog.md",
    "extension/LICENSE.txt",
    "extension/language-configuration.json",
    "extension/syntaxes/isms-yaml.tmLanguage.json",
    "extension/snippets/isms.code-snippets",
    "extension/schemas/risks.schema.json",
    "extension/media/icon.png",
    "extension/media/isms.svg",
    "extension/templates/soa.yaml",
    "extension/docs/rules/unknown-role.md",
  ])
    assert.ok(names.includes(must), `${must} is packaged`);
  const bad = names.filter((n) =>
    /\.ts$|\.map$|node_modules\/|\/tests\/|\/server\/src\/|\/client\/src\/|\/examples\//.test(n),
  );
  assert.deepEqual(bad, []);
  const manifest = JSON.parse(unzipFile(zip, "extension/package.json")!) as {
    engines: { vscode: string };
    main: string;
  };
  assert.equal(manifest.main, "./dist/extension.js");
  assert.equal(manifest.engines.vscode, "^1.91.0");
  rmSync(dir, { recursive: true, force: true });
});
