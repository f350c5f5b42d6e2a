// The VS Code manifest: what `npm run package` checks before packaging (scripts/check-manifest.mjs),
// the workspace-trust and virtual-workspace declarations, setting scopes, the task type, and the problem
// matcher $isms against what `isms check` really prints.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(__dirname, "..", "..");
const SCRIPT = join(ROOT, "scripts", "check-manifest.mjs");

interface Manifest {
  [key: string]: unknown;
  capabilities: {
    untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] };
    virtualWorkspaces: { supported: boolean; description: string };
  };
  extensionKind: string[];
  contributes: {
    configuration: { properties: Record<string, { scope?: string }> };
    taskDefinitions: { type: string }[];
    problemMatchers: {
      name: string;
      owner: string;
      fileLocation: string[];
      pattern: Record<string, string | number>;
    }[];
    yamlValidation?: unknown;
  };
}
const manifest = (): Manifest => JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;

/** Runs the check on a copy of the repository's manifest with `change` applied. */
function check(change: (m: Manifest) => void, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "isms-manifest-"));
  try {
    cpSync(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
    cpSync(join(ROOT, "media"), join(dir, "media"), { recursive: true });
    cpSync(join(ROOT, "LICENSE"), join(dir, "LICENSE"));
    const m = manifest();
    change(m);
    writeFileSync(join(dir, "package.json"), JSON.stringify(m, null, 2));
    return spawnSync(process.execPath, [join(dir, "scripts", "check-manifest.mjs"), ...args], {
      encoding: "utf8",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("npm run package checks the manifest first; this one passes (the placeholder repository warns)", () => {
  const pkg = manifest() as unknown as { scripts: Record<string, string> };
  assert.match(pkg.scripts.package, /^node scripts\/check-manifest\.mjs && /);
  const r = spawnSync(process.execPath, [SCRIPT], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  // --publish (a release to Open VSX) refuses a placeholder.
  const repo = (manifest().repository as { url: string }).url;
  const publish = spawnSync(process.execPath, [SCRIPT, "--publish"], { encoding: "utf8" });
  if (/\.invalid\b|example\./.test(repo)) {
    assert.equal(publish.status, 1);
    assert.match(publish.stderr, /repository is a placeholder/);
  } else assert.equal(publish.status, 0, publish.stderr);
});

test("the check refuses what Open VSX or the Marketplace would refuse", () => {
  const cases: [string, (m: Manifest) => void, RegExp][] = [
    ["no publisher", (m) => delete m.publisher, /publisher/],
    ["no licence", (m) => delete m.license, /license is missing/],
    ["no repository", (m) => delete m.repository, /repository is missing/],
    ["an SVG icon", (m) => (m.icon = "media/isms.svg"), /not a PNG/],
    ["a missing icon", (m) => (m.icon = "media/none.png"), /does not exist/],
    ["no gallery banner", (m) => delete m.galleryBanner, /galleryBanner/],
    ["a pre-release version", (m) => (m.version = "1.0.0-rc.1"), /version/],
    [
      "no trust declaration",
      (m) => delete (m.capabilities as Partial<Manifest["capabilities"]>).untrustedWorkspaces,
      /untrustedWorkspaces/,
    ],
    [
      "no virtual-workspace declaration",
      (m) => delete (m.capabilities as Partial<Manifest["capabilities"]>).virtualWorkspaces,
      /virtualWorkspaces/,
    ],
  ];
  for (const [what, change, message] of cases) {
    const r = check(change);
    assert.equal(r.status, 1, what);
    assert.match(r.stderr, message, what);
  }
  assert.equal(check(() => undefined, ["--publish"]).status, 1, "the placeholder repository");
  const real = check(
    (m) => (m.repository = { type: "git", url: "https://github.com/acme/isms.git" }),
    ["--publish"],
  );
  assert.equal(real.status, 0, real.stderr);
});

test("workspace trust limited, virtual workspaces not supported, runs where the files are, setting scopes", () => {
  const m = manifest();
  assert.equal(m.capabilities.untrustedWorkspaces.supported, "limited");
  assert.match(m.capabilities.untrustedWorkspaces.description, /Restricted Mode/);
  assert.deepEqual(m.capabilities.untrustedWorkspaces.restrictedConfigurations, ["isms.reportsFolder"]);
  assert.equal(m.capabilities.virtualWorkspaces.supported, false);
  assert.deepEqual(m.extensionKind, ["workspace"]);
  const props = m.contributes.configuration.properties;
  for (const [key, p] of Object.entries(props)) assert.ok(p.scope, `${key} has a scope`);
  assert.equal(props["isms.reportsFolder"].scope, "resource");
  // No file-name patterns for Red Hat YAML: ISMS files have no fixed names, and with this extension
  // they are isms-yaml documents, which Red Hat YAML does not serve (see the README).
  assert.equal(m.contributes.yamlValidation, undefined);
  assert.deepEqual(
    m.contributes.taskDefinitions.map((t) => t.type),
    ["isms"],
  );
});

test("the problem matcher $isms reads every finding line `isms check` prints, with its severity", () => {
  const matcher = manifest().contributes.problemMatchers.find((p) => p.name === "isms")!;
  assert.ok(matcher, "a problem matcher named isms");
  assert.notEqual(matcher.owner, "isms", "not the language server's diagnostic collection");
  assert.deepEqual(matcher.fileLocation, ["relative", "${workspaceFolder}"]);
  const re = new RegExp(String(matcher.pattern.regexp));
  const cli = spawnSync(
    process.execPath,
    [join(ROOT, "dist", "cli.js"), "check", ".", "--format", "text", "--today", "2026-11-29"],
    { cwd: join(ROOT, "examples", "acme-isms"), encoding: "utf8" },
  );
  const json = spawnSync(
    process.execPath,
    [join(ROOT, "dist", "cli.js"), "check", ".", "--format", "json", "--today", "2026-11-29"],
    { cwd: join(ROOT, "examples", "acme-isms"), encoding: "utf8" },
  );
  const expected = (
    JSON.parse(json.stdout) as {
      file: string;
      line: number;
      column: number;
      severity: string;
      code: string;
    }[]
  ).map((f) => `${f.file}|${f.line}|${f.column}|${f.severity}|${f.code}`);
  assert.ok(expected.length > 0);
  // VS Code maps "info" and "hint" itself; "information" would fall back to the matcher's default.
  const vscodeSeverity: Record<string, string> = {
    error: "error",
    warning: "warning",
    info: "information",
    hint: "hint",
  };
  const matched = cli.stdout
    .split("\n")
    .map((l) => re.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const g = (k: string) => m[Number(matcher.pattern[k])];
      return `${g("file")}|${g("line")}|${g("column")}|${vscodeSeverity[g("severity")]}|${g("code")}`;
    });
  assert.deepEqual(matched, expected);
  // The summary line is no finding.
  assert.ok(!re.test(cli.stdout.trim().split("\n").at(-1)!));
});
