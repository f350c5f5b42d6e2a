// The CLI as CI runs it: the built bundle, each format, exit codes, --today and ISMS_TODAY.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ROOT } from "./helpers";
import { ruleFixtureDir } from "../../scripts/generate";

const CLI = join(ROOT, "dist", "cli.js");
const EXAMPLE = join(ROOT, "examples", "acme-isms");

function isms(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    // Not in GitHub Actions (where annotations would be the default format).
    env: { ...process.env, ISMS_TODAY: "", GITHUB_ACTIONS: "", GITHUB_STEP_SUMMARY: "", ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("isms check", () => {
  test("text: file:line:col severity code message, grouped by file, with a summary", () => {
    const r = isms(["check", EXAMPLE, "--today", "2026-11-29"]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split("\n");
    assert.ok(
      lines.includes(
        "roles.yaml:198:5  warning  role-vacant  Role bcm-coordinator (Business Continuity Coordinator) is vacant: no holder, and it owns 2 SoA controls; accountability for A.5.29, A.5.30",
      ),
    );
    assert.ok(
      lines.includes(
        "risks/people-and-suppliers.yaml:43:12  error  unknown-role  Unknown role 'devops-lead' (did you mean 'dev-lead'?)",
      ),
    );
    assert.equal(lines.at(-1), "36 problems (7 errors, 28 warnings, 1 information) in 21 of 26 ISMS files.");
    // Grouped: a blank line between files, never inside one.
    const groups = r.stdout.trim().split("\n\n").slice(0, -1);
    const files = groups.map((g) => new Set(g.split("\n").map((l) => l.split(":")[0])));
    assert.ok(files.every((s) => s.size === 1));
    assert.equal(new Set(files.map((s) => [...s][0])).size, groups.length);
  });

  test("json: an array of findings with relative paths and 1-based positions", () => {
    const r = isms(["check", EXAMPLE, "--today", "2026-11-29", "--format", "json"]);
    assert.equal(r.code, 1);
    const rows = JSON.parse(r.stdout);
    assert.equal(rows.length, 36);
    assert.deepEqual(
      rows.find((x: { code: string }) => x.code === "unknown-control"),
      {
        file: "risks/corporate-it.yaml",
        line: 157,
        column: 40,
        endLine: 157,
        endColumn: 48,
        severity: "error",
        code: "unknown-control",
        message:
          "A.12.3.1 is an ISO/IEC 27001:2013 control id; its 2022 equivalent is A.8.13 Information backup",
      },
    );
  });

  test("sarif: 2.1.0 with one rule entry per code and results pointing at them", () => {
    const r = isms(["check", EXAMPLE, "--today", "2026-11-29", "--format", "sarif"]);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, "2.1.0");
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes("breach-notification-late"));
    assert.match(run.tool.driver.rules[0].help.text, /How to fix/);
    assert.equal(run.results.length, 36);
    for (const res of run.results) assert.equal(ids[res.ruleIndex], res.ruleId);
    const late = run.results.find((x: { ruleId: string }) => x.ruleId === "breach-notification-late");
    assert.equal(late.level, "error");
    // Relative to the repository root (the example is in this repository).
    assert.deepEqual(late.locations[0].physicalLocation.artifactLocation, {
      uri: "examples/acme-isms/incidents.yaml",
      uriBaseId: "%SRCROOT%",
    });
    assert.equal(late.locations[0].physicalLocation.region.startLine, 46);
  });

  test("--today moves the clock; ISMS_TODAY does the same", () => {
    const early = JSON.parse(isms(["check", EXAMPLE, "--today", "2026-10-01", "--format", "json"]).stdout);
    assert.ok(!early.some((x: { code: string }) => x.code === "action-overdue"));
    const env = JSON.parse(isms(["check", EXAMPLE, "--format", "json"], { ISMS_TODAY: "2026-10-01" }).stdout);
    assert.deepEqual(env, early);
  });

  test("exit 0 without errors; --max-warnings turns warnings into a failure", () => {
    const dir = join(ruleFixtureDir("role-vacant"), "fail"); // warnings only
    assert.equal(isms(["check", dir, "--today", "2026-06-01"]).code, 0);
    assert.equal(isms(["check", dir, "--today", "2026-06-01", "--max-warnings", "1"]).code, 1);
    assert.equal(isms(["check", dir, "--today", "2026-06-01", "--max-warnings", "10"]).code, 0);
  });

  test("a folder without ISMS files: no problems, exit 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "isms-empty-"));
    writeFileSync(join(dir, "deploy.yaml"), "kind: Deployment\napiVersion: apps/v1\n");
    const r = isms(["check", dir, "--today", "2026-06-01"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "No problems in 0 ISMS files.\n");
  });

  test("bad usage and unreadable folders exit 2 with a clear message", () => {
    const cases: [string[], RegExp][] = [
      [
        ["check", EXAMPLE, "--format", "xml"],
        /--format must be text, json, sarif, github, codequality, junit/,
      ],
      [["check", EXAMPLE, "--today", "2026-13-01"], /--today must be a date YYYY-MM-DD/],
      [["check", EXAMPLE, "--max-warnings", "many"], /--max-warnings must be a whole number/],
      [["check", EXAMPLE, "--colour"], /Unknown option '--colour'/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["check", join(ROOT, "no-such-folder")], /cannot read folder/],
      [[], /Usage: isms check/],
    ];
    for (const [args, message] of cases) {
      const r = isms(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, message);
    }
    assert.equal(isms(["check", EXAMPLE], { ISMS_TODAY: "tomorrow" }).code, 2);
  });

  test("--help and --version", () => {
    assert.match(isms(["--help"]).stdout, /text, json, sarif, github, codequality or junit/);
    assert.match(isms(["--version"]).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
