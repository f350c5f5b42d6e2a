// Writes go only where the user asked and never lose data: no write through a link or into a folder that
// leads out of the workspace, an untrusted ledger reported rather than followed, atomic writes, a ledger
// that survives a crash between the report and its entry, and concurrent writers that lose nothing.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { LEDGER, writeReport } from "../../server/src/reports/write";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli.js");
const EXAMPLE = join(ROOT, "examples", "acme-isms");
const tmp = () => mkdtempSync(join(tmpdir(), "isms-write-"));
const ledgerOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, LEDGER), "utf8")) as Record<string, string>;

describe("report writes", () => {
  test("a new report, then its replacement; a changed file is kept unless forced", () => {
    const dir = tmp();
    const out = join(dir, "r.md");
    assert.deepEqual(writeReport(out, "one"), { ok: true });
    assert.deepEqual(writeReport(out, "two"), { ok: true });
    assert.equal(readFileSync(out, "utf8"), "two");
    writeFileSync(out, "edited by hand");
    const r = writeReport(out, "three");
    assert.equal(r.ok, false);
    assert.equal(readFileSync(out, "utf8"), "edited by hand");
    assert.deepEqual(writeReport(out, "three", true), { ok: true });
    // Nothing is left of the temporary files and the lock.
    assert.deepEqual(readdirSync(dir).sort(), [LEDGER, "r.md"]);
    assert.match(ledgerOf(dir)["r.md"], /^[0-9a-f]{64}$/);
  });

  test("never through a symbolic link, never into a folder that leaves the workspace", () => {
    const outside = tmp();
    writeFileSync(join(outside, "secret.txt"), "keep me");
    const ws = tmp();
    mkdirSync(join(ws, "reports"));
    symlinkSync(join(outside, "secret.txt"), join(ws, "reports", "risk-register.md"));
    const linked = writeReport(join(ws, "reports", "risk-register.md"), "x", true);
    assert.equal(linked.ok, false);
    assert.match(linked.ok ? "" : linked.reason, /is a symbolic link; isms does not write through links/);
    assert.equal(readFileSync(join(outside, "secret.txt"), "utf8"), "keep me");
    // A reports folder that is itself a link (to a home directory, say).
    symlinkSync(outside, join(ws, "out"));
    const folder = writeReport(join(ws, "out", "soa.md"), "x", true, { root: ws });
    assert.equal(folder.ok, false);
    assert.match(
      folder.ok ? "" : folder.reason,
      /is a symbolic link; isms writes reports only into real folders/,
    );
    assert.equal(folder.ok ? true : folder.forceable, false);
    assert.deepEqual(readdirSync(outside), ["secret.txt"]);
    assert.equal(writeReport(join(outside, "x.md"), "x", true, { root: ws }).ok, false);
  });

  test("the ledger is untrusted: a bad one is reported, not followed", () => {
    for (const [what, make] of [
      ["not JSON", (d: string) => writeFileSync(join(d, LEDGER), "{ not json")],
      [
        "a hash isms did not write",
        (d: string) => writeFileSync(join(d, LEDGER), JSON.stringify({ "r.md": "x" })),
      ],
      [
        "a path as a name",
        (d: string) => writeFileSync(join(d, LEDGER), JSON.stringify({ "../r.md": "a".repeat(64) })),
      ],
      ["a folder", (d: string) => mkdirSync(join(d, LEDGER))],
      ["a link", (d: string) => symlinkSync("/etc/passwd", join(d, LEDGER))],
    ] as const) {
      const dir = tmp();
      make(dir);
      const r = writeReport(join(dir, "r.md"), "x");
      assert.equal(r.ok, false, what);
      assert.ok(!existsSync(join(dir, "r.md")), what);
    }
    // Forcing replaces a corrupt ledger file with a good one.
    const dir = tmp();
    writeFileSync(join(dir, LEDGER), "{ not json");
    assert.deepEqual(writeReport(join(dir, "r.md"), "x", true), { ok: true });
    assert.ok(ledgerOf(dir)["r.md"]);
  });

  test("a device, a FIFO or a folder where the report goes is refused, not read", () => {
    assert.equal(writeReport("/dev/null", "x").ok, false);
    const dir = tmp();
    spawnSync("mkfifo", [join(dir, "fifo.md")]);
    const t0 = Date.now();
    const r = writeReport(join(dir, "fifo.md"), "x", true);
    assert.equal(r.ok, false);
    assert.ok(Date.now() - t0 < 5000);
    mkdirSync(join(dir, "folder.md"));
    assert.equal(writeReport(join(dir, "folder.md"), "x", true).ok, false);
  });

  test("a crash between the ledger and the report leaves the report replaceable", () => {
    const dir = tmp();
    const out = join(dir, "risk-register.md");
    const run = (env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [CLI, "report", "risk-register", EXAMPLE, "--out", out], {
        encoding: "utf8",
        env: { ...process.env, ISMS_TODAY: "2026-11-29", ...env },
      });
    assert.equal(run().status, 0);
    const first = readFileSync(out, "utf8");
    // Killed after the ledger names the old and the new hash, before the report is renamed into place.
    const crash = join(dir, "crash.cjs");
    writeFileSync(
      crash,
      `const fs = require("fs"); const rename = fs.renameSync;
       fs.renameSync = (a, b) => { if (String(b).endsWith("risk-register.md")) process.kill(process.pid, "SIGKILL"); return rename(a, b); };`,
    );
    const killed = run({ NODE_OPTIONS: `--require ${crash}`, ISMS_TODAY: "2026-11-30" });
    assert.equal(killed.signal, "SIGKILL");
    assert.equal(readFileSync(out, "utf8"), first, "the report is untouched");
    const again = run({ ISMS_TODAY: "2026-11-30" });
    assert.equal(again.status, 0, again.stderr);
    assert.match(readFileSync(out, "utf8"), /2026-11-30/);
  });

  test("twelve concurrent writers into one folder: every entry kept, later runs replace every file", async () => {
    const dir = tmp();
    const types = ["risk-register", "soa", "roles", "audits", "management-review", "overdue"];
    const jobs = types.flatMap((t) => ["md", "html"].map((f) => ({ t, f, out: join(dir, `${t}.${f}`) })));
    const runAll = () =>
      Promise.all(
        jobs.map(
          (j) =>
            new Promise<number | null>((done) => {
              const p = spawn(
                process.execPath,
                [CLI, "report", j.t, EXAMPLE, "--format", j.f, "--out", j.out],
                {
                  env: { ...process.env, ISMS_TODAY: "2026-11-29" },
                  stdio: "ignore",
                },
              );
              p.on("exit", (code) => done(code));
            }),
        ),
      );
    assert.deepEqual(
      await runAll(),
      jobs.map(() => 0),
    );
    assert.deepEqual(Object.keys(ledgerOf(dir)).sort(), jobs.map((j) => `${j.t}.${j.f}`).sort());
    assert.deepEqual(
      await runAll(),
      jobs.map(() => 0),
    );
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith(".tmp") || n.endsWith(".lock")),
      [],
    );
  });
});
