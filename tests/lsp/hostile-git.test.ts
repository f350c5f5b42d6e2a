// A hostile repository: its own git config, attributes and hooks name programs (fsmonitor, hooks, pager,
// external diff, textconv, clean/smudge/process filters, gpg with log.showSignature on a signed commit,
// set directly and through an includeIf chain), and a `git` planted in the workspace is first on PATH.
// Every program only leaves a mark. `isms check`, every report (as of now, --at a tag, the changes
// history), through the CLI and through the language server, must leave none.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AuditPackTagsRequest, BuildAuditPackRequest, ReportRequest } from "../../server/src/protocol";
import { EXAMPLE, ROOT, startClient, TODAY, type Client } from "./client";

const CLI = join(ROOT, "dist", "cli.js");
const REPORTS: [string, string][] = [
  ["risk-register", "md"],
  ["soa", "md"],
  ["soa", "docx"],
  ["roles", "md"],
  ["audits", "md"],
  ["management-review", "md"],
  ["overdue", "md"],
  ["changes", "md"],
];

const sh = (cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

/** The workspace, the folder where programs leave their marks, and an environment for both. */
function hostileRepo(): { dir: string; marks: string; env: NodeJS.ProcessEnv } {
  const base = mkdtempSync(join(tmpdir(), "isms-hostile-"));
  const dir = join(base, "isms");
  const marks = join(base, "marks");
  mkdirSync(marks);
  cpSync(EXAMPLE, dir, { recursive: true });
  const date = "2026-11-01T10:00:00Z";
  const quiet = {
    GIT_AUTHOR_NAME: "A",
    GIT_AUTHOR_EMAIL: "a@x",
    GIT_COMMITTER_NAME: "A",
    GIT_COMMITTER_EMAIL: "a@x",
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  sh(dir, "git", ["init", "-q", "-b", "main"], quiet);
  sh(dir, "git", ["add", "-A"], quiet);
  sh(dir, "git", ["commit", "-qm", "ISMS"], quiet);
  // A signed commit on top: a gpgsig header that log.showSignature would hand to gpg.program.
  writeFileSync(join(dir, "roles.yaml"), sh(dir, "cat", ["roles.yaml"]) + "\n# signed\n");
  sh(dir, "git", ["commit", "-qam", "Signed"], quiet);
  const raw = sh(dir, "git", ["cat-file", "commit", "HEAD"]);
  const signed = raw.replace(
    /^(committer .*)$/m,
    "$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----",
  );
  const r = spawnSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], {
    cwd: dir,
    input: signed,
    encoding: "utf8",
  });
  sh(dir, "git", ["update-ref", "refs/heads/main", r.stdout.trim()]);
  sh(dir, "git", ["tag", "cert"]);
  // Every program the repository names only leaves a mark.
  const evil = join(base, "evil.sh");
  writeFileSync(evil, `#!/bin/sh\ntouch "${marks}/$1"\ncat\n`);
  chmodSync(evil, 0o755);
  const hooks = join(base, "hooks");
  mkdirSync(hooks);
  for (const hook of [
    "post-index-change",
    "post-checkout",
    "pre-commit",
    "reference-transaction",
    "pre-auto-gc",
  ]) {
    for (const d of [hooks, join(dir, ".git", "hooks")]) {
      writeFileSync(join(d, hook), `#!/bin/sh\ntouch "${marks}/hook-${hook}"\n`);
      chmodSync(join(d, hook), 0o755);
    }
  }
  writeFileSync(
    join(base, "included.cfg"),
    `[core]\n\tfsmonitor = "${evil} included-fsmonitor"\n[diff]\n\texternal = ${evil} included-diff\n`,
  );
  appendFileSync(
    join(dir, ".git", "config"),
    [
      "[core]",
      `\tfsmonitor = "${evil} fsmonitor"`,
      `\thooksPath = ${hooks}`,
      `\tpager = ${evil} pager`,
      `\tsshCommand = ${evil} ssh`,
      "[pager]",
      `\tlog = ${evil} pager-log`,
      "[diff]",
      `\texternal = ${evil} diff-external`,
      '[diff "x"]',
      `\ttextconv = ${evil} textconv`,
      '[filter "x"]',
      `\tclean = ${evil} clean`,
      `\tsmudge = ${evil} smudge`,
      `\tprocess = ${evil} process`,
      "\trequired = true",
      "[gpg]",
      `\tprogram = ${evil} gpg`,
      "[log]",
      "\tshowSignature = true",
      '[includeIf "gitdir:/"]',
      `\tpath = ${join(base, "included.cfg")}`,
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, ".gitattributes"), "* filter=x diff=x\n");
  // A local change, so anything that compared the working tree would run the clean filter.
  appendFileSync(join(dir, "assets.yaml"), "# local change\n");
  // A `git` in the workspace, first on PATH (and an empty PATH entry, which means the current folder).
  writeFileSync(join(dir, "git"), `#!/bin/sh\ntouch "${marks}/planted-git"\nexit 1\n`);
  chmodSync(join(dir, "git"), 0o755);
  return {
    dir,
    marks,
    env: { PATH: `${dir}${delimiter}${delimiter}${process.env.PATH}`, ISMS_TODAY: TODAY },
  };
}

describe("a hostile repository runs no program", () => {
  const { dir, marks, env } = hostileRepo();
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
  let client: Client;
  before(async () => {
    client = await startClient(dir, { env });
  });
  after(async () => {
    await client.shutdown();
  });

  test("the setup is hostile: git itself, unhardened, runs the repository's programs", () => {
    const probe = mkdtempSync(join(tmpdir(), "isms-probe-"));
    cpSync(join(dir, ".git"), join(probe, ".git"), { recursive: true });
    spawnSync("git", ["status"], {
      cwd: dir,
      env: { ...process.env, GIT_DIR: join(probe, ".git"), GIT_WORK_TREE: dir },
    });
    assert.ok(
      readdirSync(marks).includes("fsmonitor") || readdirSync(marks).includes("included-fsmonitor"),
      readdirSync(marks).join(),
    );
    for (const m of readdirSync(marks)) spawnSync("rm", [join(marks, m)]);
  });

  test("isms check, every report now and --at a tag, the changes history: through the CLI", () => {
    assert.equal(cli(["check", "."]).status, 1);
    for (const [type, format] of REPORTS) {
      const out = join(tmpdir(), `isms-hostile-${type}.${format}`);
      for (const at of [[], ["--at", "cert"]]) {
        const r = cli(["report", type, ".", "--format", format, "--out", out, "--force", ...at]);
        assert.equal(r.status, 0, `${type} ${at.join(" ")}: ${r.stderr}`);
      }
    }
    const md = cli(["report", "risk-register", "."]).stdout;
    assert.match(md, /\*\*Source:\*\* [0-9a-f]{7} \+ local changes/);
    assert.match(cli(["report", "changes", ".", "--from", "2000-01-01"]).stdout, /Signed/);
    assert.deepEqual(readdirSync(marks), []);
  });

  test("every report through the language server", async () => {
    for (const [type, format] of REPORTS) {
      const r = await client.conn.sendRequest(ReportRequest, { type, format: format as "md" });
      assert.ok(r.data.length > 0, type);
    }
    assert.deepEqual(readdirSync(marks), []);
  });

  test("the audit pack, now and --at a tag, through the CLI and the language server", async () => {
    const out = mkdtempSync(join(tmpdir(), "isms-hostile-pack-"));
    for (const at of [[], ["--at", "cert"]]) {
      const zip = join(out, `pack${at.length ? "-cert" : ""}.zip`);
      const r = cli(["audit-pack", ".", "--out", zip, "--today", TODAY, ...at]);
      assert.equal(r.status, 0, `audit-pack ${at.join(" ")}: ${r.stderr}`);
      assert.equal(cli(["audit-pack", "verify", zip]).status, 0);
    }
    const tags = await client.conn.sendRequest(AuditPackTagsRequest, {});
    assert.ok(
      tags.some((t) => t.tag === "cert"),
      JSON.stringify(tags),
    );
    const built = await client.conn.sendRequest(BuildAuditPackRequest, { ref: "cert", folder: "pack-out" });
    assert.equal(built.written, true, built.reason);
    assert.deepEqual(readdirSync(marks), []);
  });
});
