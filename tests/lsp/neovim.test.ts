// A real editor nobody here wrote: headless Neovim (Debian's neovim, its built-in LSP client) starts the
// server on the example ISMS, opens a file and records the diagnostics it received. `.ci/run` installs
// neovim; without it this test fails rather than pass unseen.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { EXAMPLE, SERVER, TODAY } from "./client";

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
