// A real editor nobody here wrote: headless Neovim (Debian's neovim, its built-in LSP client) starts the
// server on the example ISMS, opens a file and records the diagnostics it received. `.ci/run` installs
// neovim; without it this test fails rather than pass unseen.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { copyOf, EXAMPLE, freshCheck, ROOT, SERVER, TODAY } from "./client";

test("Neovim receives the server's diagnostics for an opened file, and a hover", () => {
  const version = spawnSync("nvim", ["--version"], { encoding: "utf8" });
  assert.equal(version.status, 0, "nvim is not installed (apt-get install neovim; .ci/run does it)");
  const out = join(mkdtempSync(join(tmpdir(), "isms-nvim-")), "result.json");
  const file = join(EXAMPLE, "risks", "people-and-suppliers.yaml");
  const run = spawnSync(
    "nvim",
    ["--headless", "--clean", "-u", join(__dirname, "neovim", "probe.lua"), file],
    {
      cwd: EXAMPLE,
      env: {
        ...process.env,
        ISMS_TODAY: TODAY,
        ISMS_PROBE_OUT: out,
        ISMS_NODE: process.execPath,
        ISMS_SERVER: SERVER,
        ISMS_ROOT: EXAMPLE,
      },
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  const result = JSON.parse(readFileSync(out, "utf8")) as {
    diagnostics?: { line: number; code: string; severity: number; message: string; source: string }[];
    hover?: string;
    error?: string;
  };
  assert.equal(result.error, undefined, `${result.error}\n${run.stderr}`);
  assert.deepEqual(result.diagnostics, [
    {
      line: 43,
      code: "unknown-role",
      severity: 1,
      message: "Unknown role 'devops-lead' (did you mean 'dev-lead'?)",
      source: "isms",
    },
  ]);
  assert.match(result.hover!, /No role has the id \*\*devops-lead\*\*\. Did you mean \*\*dev-lead\*\*\?/);
});

/** The README's Neovim 0.7 example, as it stands there. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
  const example = blocks.filter((b) => b.startsWith("-- isms-language-server for Neovim 0.7+"));
  assert.equal(example.length, 1, "one Neovim 0.7 example in the README");
  return example[0];
}

test("the README's Neovim 0.7 example: one server for two YAML buffers, each diagnostic once", () => {
  const dir = mkdtempSync(join(tmpdir(), "isms-nvim-"));
  const ws = copyOf(EXAMPLE);
  try {
    // `isms-language-server` on PATH, as the package installs it: here the built server.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "isms-language-server"),
      `#!/bin/sh\nexec "${process.execPath}" "${SERVER}" "$@"\n`,
      { mode: 0o755 },
    );
    const init = join(dir, "init.lua");
    writeFileSync(
      init,
      `${readmeExample()}\ndofile(${JSON.stringify(join(__dirname, "neovim", "shared-client.lua"))})\n`,
    );
    const out = join(dir, "result.json");
    const files = [join(ws, "risks", "people-and-suppliers.yaml"), join(ws, "suppliers.yaml")];
    const run = spawnSync("nvim", ["--headless", "--clean", "-u", init, "-o", ...files], {
      cwd: ws,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        ISMS_TODAY: TODAY,
        ISMS_PROBE_OUT: out,
      },
      encoding: "utf8",
      timeout: 40_000,
    });
    const result = JSON.parse(readFileSync(out, "utf8")) as {
      clients: number[];
      buffers: { file: string; diagnostics: string[]; clients: number[] }[];
      error?: string;
    };
    assert.equal(result.error, undefined, `${result.error}\n${run.stderr}\n${JSON.stringify(result)}`);
    assert.equal(result.clients.length, 1, "one server");
    assert.deepEqual(
      result.buffers.map((b) => b.file),
      files,
    );
    // What a fresh `isms check` says about each file, once.
    const fresh = freshCheck([ws]);
    for (const b of result.buffers) {
      assert.deepEqual(b.clients, result.clients, `${b.file} is attached to the one server`);
      assert.equal(new Set(b.diagnostics).size, b.diagnostics.length, `no duplicates in ${b.file}`);
      assert.deepEqual(
        b.diagnostics.map((d) => d.replace(/^([^:]*):(\d+):/, "$1 $2:")).sort(),
        (fresh.get(b.file) ?? []).map((k) => k.replace(/^(\S+) (\d+):\d+ /, "$1 $2:")).sort(),
        b.file,
      );
      assert.ok(b.diagnostics.length > 0, `${b.file} has findings (the example has some in both)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});
