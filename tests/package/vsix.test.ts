// `npm run package` makes a .vsix with the bundles the extension loads (the extension and the language
// server) and assets only: no CLI bundle, no sources, no tests, no node_modules.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { zipEntries, unzipFile } from "../zip";

const ROOT = join(__dirname, "..", "..");

test("the .vsix holds the extension and server bundles, third-party notices, schemas, snippets, language configuration, icon, README, CHANGELOG and LICENSE only", () => {
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
    "extension/dist/THIRD-PARTY-NOTICES.md",
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
  // Exactly the files .vscodeignore allows (its `!` lines), plus the manifests vsce adds and the README,
  // CHANGELOG and LICENSE under the names vsce gives them.
  const allowed = readFileSync(join(ROOT, ".vscodeignore"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("!"))
    .map((l) => l.slice(1).trim());
  const renamed: Record<string, string> = {
    "readme.md": "README.md",
    "changelog.md": "CHANGELOG.md",
    "LICENSE.txt": "LICENSE",
  };
  const unexpected = names.filter((n) => {
    if (n === "extension.vsixmanifest" || n === "[Content_Types].xml") return false;
    const rel = n.replace(/^extension\//, "");
    const path = renamed[rel] ?? rel;
    return !allowed.some((a) => (a.endsWith("/**") ? path.startsWith(a.slice(0, -2)) : path === a));
  });
  assert.deepEqual(unexpected, [], "every packaged file is on the .vscodeignore allow-list");
  assert.deepEqual(
    names.filter((n) => n.startsWith("extension/dist/")).sort(),
    ["extension/dist/THIRD-PARTY-NOTICES.md", "extension/dist/extension.js", "extension/dist/server.js"],
    "dist/ ships the bundles the extension loads and their notices: no CLI bundle, no source maps, no metafiles",
  );
  assert.equal(
    unzipFile(zip, "extension/dist/THIRD-PARTY-NOTICES.md"),
    readFileSync(join(ROOT, "dist", "THIRD-PARTY-NOTICES.md"), "utf8"),
  );
  const manifest = JSON.parse(unzipFile(zip, "extension/package.json")!) as {
    engines: { vscode: string };
    main: string;
  };
  assert.equal(manifest.main, "./dist/extension.js");
  assert.equal(manifest.engines.vscode, "^1.91.0");
  rmSync(dir, { recursive: true, force: true });
});
