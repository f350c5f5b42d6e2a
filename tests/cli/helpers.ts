// Shared by the CLI tests: the built CLI run as a user runs it, temporary folders, and a stand-in for
// `npx --yes isms@VERSION` (the package is not fetched: the local build runs in its place).
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli.js");
export const SERVER = join(ROOT, "dist", "server.js");
export const EXAMPLE = join(ROOT, "examples", "acme-isms");
export const TODAY = "2026-11-29";
export const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;

/** The environment of a run: no CI variables of the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(GITHUB_|GITLAB_|CI$|ISMS_|RUNNER_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function isms(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    env: cleanEnv(opts.env),
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const tmp = (name = "cli"): string => mkdtempSync(join(tmpdir(), `isms-${name}-`));

/** Writes files (path -> text) below a folder. */
export function writeTree(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A fresh copy of the example ISMS. */
export function exampleCopy(name = "example"): string {
  const dir = tmp(name);
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** A roles file with one vacant role of this id (it always has findings: role-vacant, review-overdue). */
export const roleFile = (id: string): string => `kind: roles\nroles:\n  - id: ${id}\n    title: Role ${id}\n`;

/**
 * A folder holding an `npx` that accepts only `npx --yes isms@<version> ...` (each call is logged to
 * $FAKE_NPX_LOG) and runs the built CLI with the rest, and an `isms` that runs it directly.
 */
export function fakeBin(version = VERSION): string {
  const bin = tmp("bin");
  const node = process.execPath;
  writeFileSync(
    join(bin, "npx"),
    `#!/bin/sh
[ "$1" = "--yes" ] || { echo "fake npx: expected --yes, got $1" >&2; exit 97; }
[ -n "$FAKE_NPX_LOG" ] && echo "$2" >> "$FAKE_NPX_LOG"
[ "$2" = "isms@${version}" ] || { echo "fake npx: expected isms@${version}, got $2" >&2; exit 98; }
shift 2
exec "${node}" "${CLI}" "$@"
`,
  );
  writeFileSync(join(bin, "isms"), `#!/bin/sh\nexec "${node}" "${CLI}" "$@"\n`);
  writeFileSync(join(bin, "node"), `#!/bin/sh\nexec "${node}" "$@"\n`);
  for (const f of ["npx", "isms", "node"]) chmodSync(join(bin, f), 0o755);
  return bin;
}

/** The findings' files of a `--format json` run, sorted. */
export const filesOf = (r: Run): string[] =>
  [...new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file))].sort();
