// The npm package `isms` as a user installs it: `npm run pack:cli`'s tarball holds the bundles and
// assets only, installs offline into an empty prefix, and its two commands run from there. Also what
// `npm install git+...` (and pre-commit's node hooks) would install from a clone.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { cleanEnv, exampleCopy, ROOT, tmp, TODAY, VERSION } from "./helpers";
import { packCli } from "../../scripts/pack-cli";

/** A request over LSP's stdio framing; resolves with the response to id 1. */
function initialize(
  bin: string,
  cwd: string,
): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ["--stdio"], { cwd, env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error("no initialize response in 20 s"));
    }, 20_000);
    let buf = Buffer.alloc(0);
    proc.stdout.on("data", (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      for (;;) {
        const head = buf.indexOf("\r\n\r\n");
        if (head < 0) return;
        const len = +/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())![1];
        if (buf.length < head + 4 + len) return;
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
        buf = buf.subarray(head + 4 + len);
        if (msg.id === 1) {
          clearTimeout(timer);
          proc.kill();
          resolve(msg.result);
        }
      }
    });
    proc.on("error", reject);
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null },
    });
    proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

describe("the npm package", () => {
  let packed: ReturnType<typeof packCli>;
  let prefix: string;
  before(() => {
    packed = packCli(tmp("pack"));
    prefix = tmp("prefix");
  });

  test("the tarball holds the bundles, notices, schemas, rule pages, templates, the Neovim config, README and LICENSE only", () => {
    const list = spawnSync("tar", ["tzf", packed.tarball], { encoding: "utf8" });
    assert.equal(list.status, 0, list.stderr);
    const names = list.stdout
      .trim()
      .split("\n")
      .map((n) => n.replace(/^package\//, ""));
    const bad = names.filter((n) =>
      /\.ts$|\.map$|(^|\/)tests?\/|fixtures\/|node_modules\/|^server\/|^client\/|^examples\//.test(n),
    );
    assert.deepEqual(bad, []);
    for (const must of [
      "package.json",
      "dist/cli.js",
      "dist/server.js",
      "dist/THIRD-PARTY-NOTICES.md",
      "schemas/risks.schema.json",
      "docs/rules/unknown-role.md",
      "templates/isms.yaml",
      "lsp/isms.lua",
      "README.md",
      "LICENSE",
    ])
      assert.ok(names.includes(must), must);
    const top = new Set(names.map((n) => n.split("/")[0]));
    assert.deepEqual([...top].sort(), [
      "LICENSE",
      "README.md",
      "dist",
      "docs",
      "lsp",
      "package.json",
      "schemas",
      "templates",
    ]);
    assert.deepEqual(names.filter((n) => n.startsWith("dist/")).sort(), [
      "dist/THIRD-PARTY-NOTICES.md",
      "dist/cli.js",
      "dist/server.js",
    ]);
  });

  test("its manifest: name, version, bins, engines, no dependencies", () => {
    const x = spawnSync("tar", ["xzf", packed.tarball, "-O", "package/package.json"], { encoding: "utf8" });
    const m = JSON.parse(x.stdout);
    assert.equal(m.name, "isms");
    assert.equal(m.version, VERSION);
    assert.deepEqual(m.bin, { isms: "dist/cli.js", "isms-language-server": "dist/server.js" });
    assert.equal(m.engines.node, ">=20");
    assert.equal(m.license, "MIT");
    assert.ok(m.repository.url);
    assert.equal(m.dependencies, undefined);
    assert.equal(m.scripts, undefined);
    assert.equal(m.private, undefined);
    const cli = spawnSync("tar", ["xzf", packed.tarball, "-O", "package/dist/cli.js"], { encoding: "utf8" });
    assert.ok(cli.stdout.startsWith("#!/usr/bin/env node\n"));
    assert.doesNotMatch(cli.stdout.slice(-200), /sourceMappingURL/);
  });

  test("installs offline into an empty prefix; isms check, init and report run from there", () => {
    const r = spawnSync(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, packed.tarball],
      { encoding: "utf8", env: cleanEnv() },
    );
    assert.equal(r.status, 0, r.stderr);
    const bin = join(prefix, "node_modules", ".bin");
    const dir = exampleCopy("installed");
    const check = spawnSync(join(bin, "isms"), ["check", dir, "--today", TODAY], {
      encoding: "utf8",
      env: cleanEnv(),
    });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /risks\/people-and-suppliers\.yaml:43:12 {2}error {2}unknown-role/);
    assert.match(check.stdout.trimEnd().split("\n").at(-1)!, /^\d+ problems \(7 errors/);
    const version = spawnSync(join(bin, "isms"), ["--version"], { encoding: "utf8" });
    assert.equal(version.stdout, `${VERSION}\n`);
    const fresh = tmp("init");
    const init = spawnSync(join(bin, "isms"), ["init", fresh], { encoding: "utf8" });
    assert.equal(init.status, 0, init.stderr);
    assert.match(readFileSync(join(fresh, "isms.yaml"), "utf8"), /^kind: isms/m);
    const report = spawnSync(join(bin, "isms"), ["report", "soa", dir, "--today", TODAY], {
      encoding: "utf8",
    });
    assert.equal(report.status, 0, report.stderr);
    assert.match(report.stdout, /A\.5\.1/);
  });

  test("isms-language-server --stdio answers initialize", async () => {
    const result = await initialize(join(prefix, "node_modules", ".bin", "isms-language-server"), tmp("lsp"));
    assert.ok(result.capabilities.textDocumentSync !== undefined);
    assert.ok(result.capabilities.completionProvider);
  });
});

test("a git install packs the built bundles (.npmignore), and `prepare` builds them", () => {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  assert.equal(root.scripts.prepare, "node scripts/prepare.mjs");
  assert.deepEqual(root.bin, { isms: "dist/cli.js", "isms-language-server": "dist/server.js" });
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: cleanEnv({ npm_config_offline: "true" }),
  });
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
  for (const must of [
    "dist/cli.js",
    "dist/server.js",
    "package.json",
    "templates/isms.yaml",
    "docs/rules/unknown-role.md",
  ])
    assert.ok(files.includes(must), must);
  assert.deepEqual(
    files.filter((f) => /\.ts$|\.map$|^tests\/|^server\/|^client\/|^node_modules\//.test(f)),
    [],
  );
});
