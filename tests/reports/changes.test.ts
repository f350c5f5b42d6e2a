// The changes report as an auditor's evidence: per entry the fields that changed with old and new values,
// bounds given as tags (--since, --until, --at) named exactly in the heading, the as-of date of --at, a
// mistyped tag answered with did-you-mean, and a shallow clone saying where its history stops. Runs the
// built CLI (dist/cli.js) on temporary repositories whose commit dates are fixed.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli.js");
const TODAY = "2026-11-29";
const temps: string[] = [];

function repo(): {
  dir: string;
  git: (...args: string[]) => string;
  commit: (when: string, message: string) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), "isms-changes-"));
  temps.push(dir);
  let authored = "";
  let committed = "";
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Dana Officer",
        GIT_AUTHOR_EMAIL: "dana@example.com",
        GIT_COMMITTER_NAME: "Chris Committer",
        GIT_COMMITTER_EMAIL: "chris@example.com",
        GIT_AUTHOR_DATE: authored,
        GIT_COMMITTER_DATE: committed,
      },
    });
  /** Commits everything; `when` is "AUTHOR-DAY" or "AUTHOR-DAY/COMMIT-DAY". Returns the full id. */
  const commit = (when: string, message: string) => {
    const [a, c = a] = when.split("/");
    authored = `${a}T10:00:00Z`;
    committed = `${c}T10:00:00Z`;
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").trim();
  };
  git("init", "-q", "-b", "main");
  return { dir, git, commit };
}

const isms = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ISMS_TODAY: TODAY, ...env },
  });

const risk = (fields: string) =>
  `kind: risks\nrisks:\n  - id: R-1\n    title: Laptop theft\n    owner: iso\n    impact: 2\n    treatment: mitigate\n${fields}`;
const LONG = "A very long note. ".repeat(20).trim();

after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe("the changes report between tags", () => {
  let dir: string;
  let git: (...args: string[]) => string;
  const ids: Record<string, string> = {};
  before(() => {
    const r = repo();
    dir = r.dir;
    git = r.git;
    writeFileSync(join(dir, "isms.yaml"), "kind: isms\norganisation: Git Ltd\n");
    writeFileSync(
      join(dir, "roles.yaml"),
      "kind: roles\nroles:\n  - id: iso\n    title: Information Security Officer\n  - id: ceo\n    title: CEO\n    holder: Priya Raman\n",
    );
    writeFileSync(
      join(dir, "risks.yaml"),
      risk(
        `    likelihood: 3\n    controls: [A.8.1]\n    residual: { likelihood: 4, impact: 2 }\n    notes: Old note\n`,
      ),
    );
    writeFileSync(
      join(dir, "more-risks.yaml"),
      "kind: risks\nrisks:\n  - { id: R-9, title: Moving risk, owner: iso, likelihood: 1, impact: 1, treatment: avoid }\n",
    );
    ids.v1 = r.commit("2026-01-10", "Initial register");
    git("tag", "v1.0");
    writeFileSync(
      join(dir, "roles.yaml"),
      "kind: roles\nroles:\n  - id: iso\n    title: Information Security Officer\n    holder: Oliver Bennett\n  - id: ceo\n    title: CEO\n",
    );
    writeFileSync(
      join(dir, "risks.yaml"),
      risk(
        `    likelihood: 2\n    controls: [A.8.1, A.8.24]\n    residual: { likelihood: 2, impact: 2 }\n    rationale: "${LONG}"\n` +
          "  - { id: R-9, title: Moving risk, owner: ceo, likelihood: 1, impact: 1, treatment: avoid }\n",
      ),
    );
    writeFileSync(join(dir, "more-risks.yaml"), "kind: risks\nrisks: []\n");
    // Authored on 2026-05-20, committed (merged) on 2026-06-01: the commit date is the tag's date.
    ids.cert = r.commit(
      "2026-05-20/2026-06-01",
      "Risk review before certification\n\nApproved by the ISMS board on 2026-05-30.",
    );
    git("tag", "cert");
    writeFileSync(join(dir, "isms.yaml"), "kind: isms\norganisation: Git Ltd\nversion: '2.0'\n");
    r.commit("2026-07-01", "After the audit");
  });

  const short = (k: string) => ids[k].slice(0, 7);

  test("field-level diffs: old and new values per entry, with who and why", () => {
    const r = isms(dir, ["report", "changes", ".", "--since", "v1.0", "--until", "cert"]);
    assert.equal(r.status, 0, r.stderr);
    const md = r.stdout;
    // The examples of the issue, exactly.
    assert.match(md, /\| risks\.yaml \| R-1 \| likelihood 3 → 2 \|/);
    assert.match(md, /\| roles\.yaml \| iso \| holder \(vacant\) → Oliver Bennett \|/);
    assert.match(md, /\| risks\.yaml \| R-1 \| controls A\.8\.1 → A\.8\.1, A\.8\.24 \|/);
    assert.match(md, /\| risks\.yaml \| R-1 \| residual\.likelihood 4 → 2 \|/);
    // A removed field, a vacated role, an added field whose long value is cut.
    assert.match(md, /\| risks\.yaml \| R-1 \| notes Old note → \(none\) \|/);
    assert.match(md, /\| roles\.yaml \| ceo \| holder Priya Raman → \(vacant\) \|/);
    const long = /\| risks\.yaml \| R-1 \| rationale \(none\) → (A very long note\.[^|]*…) \|/.exec(md);
    assert.ok(long, md);
    assert.ok(Array.from(long[1]).length <= 120, long[1]);
    assert.ok(!/\| R-1 \| (impact|title|owner) /.test(md), "unchanged fields are not listed");
    // An entry moved between files of the same kind in one commit: moved, with what changed on the way.
    assert.match(md, /\| more-risks\.yaml \| +\| +\| R-9 \(moved to risks\.yaml\) \| +\|/);
    assert.match(md, /\| risks\.yaml \| R-9 \| moved from more-risks\.yaml \|/);
    assert.match(md, /\| risks\.yaml \| R-9 \| owner iso → ceo \|/);
    assert.match(md, /- \*\*Entries moved:\*\* 1\n/);
    // Who and why: author, subject and the message's body; the per-file table stays.
    assert.match(md, /\n## 2026-05-20 [0-9a-f]{7} Dana Officer: Risk review before certification\n/);
    assert.match(md, /\nApproved by the ISMS board on 2026-05-30\.\n/);
    assert.match(md, /\| risks\.yaml \| R-9 \(moved from more-risks\.yaml\) \| R-1 \| +\| +\|/);
    assert.match(md, /\| roles\.yaml \| +\| iso, ceo \| +\| +\|/);
    for (const bad of ["[object Object]", "undefined", "null"]) assert.ok(!md.includes(bad), bad);

    const html = isms(dir, [
      "report",
      "changes",
      ".",
      "--since",
      "v1.0",
      "--until",
      "cert",
      "--format",
      "html",
    ]);
    assert.equal(html.status, 0, html.stderr);
    assert.match(html.stdout, /<td>likelihood 3 → 2<\/td>/);
    assert.match(html.stdout, /<td>holder \(vacant\) → Oliver Bennett<\/td>/);
    assert.match(html.stdout, /<td>controls A\.8\.1 → A\.8\.1, A\.8\.24<\/td>/);
    assert.match(html.stdout, /Dana Officer: Risk review before certification/);
    for (const bad of ["[object Object]", "undefined", "null"]) assert.ok(!html.stdout.includes(bad), bad);
  });

  test("--since and --until: the commits after one tag up to and including the other, named exactly", () => {
    const md = isms(dir, ["report", "changes", ".", "--since", "v1.0", "--until", "cert"]).stdout;
    assert.equal(
      md.split("\n")[0],
      `# Changes from v1.0 (${short("v1")}, 2026-01-10) to cert (${short("cert")}, 2026-06-01)`,
    );
    assert.match(md, /Commits after v1\.0 \([0-9a-f]{7}, 2026-01-10\) up to and including cert \(/);
    assert.match(md, /- \*\*Commits:\*\* 1\n/);
    assert.ok(!md.includes("Initial register"), "the --since commit itself is not in");
    assert.ok(!md.includes("After the audit"), "nothing after --until");
    // --since alone runs to the latest commit; a commit id names itself.
    const since = isms(dir, ["report", "changes", ".", "--since", ids.v1]).stdout;
    assert.match(since, new RegExp(`^# Changes from ${short("v1")} \\(2026-01-10\\) to ${TODAY}\\n`));
    assert.match(since, /After the audit/);
    assert.match(since, /\| isms\.yaml \| \(file\) \| version \(none\) → 2\.0 \|/);
    // A date on one side, a tag on the other.
    const mixed = isms(dir, ["report", "changes", ".", "--from", "2026-06-15", "--until", "HEAD"]).stdout;
    assert.match(mixed, /^# Changes from 2026-06-15 to HEAD \([0-9a-f]{7}, 2026-07-01\)\n/);
    assert.match(mixed, /- \*\*Commits:\*\* 1\n/);
  });

  test("--at: the history up to the tag, not HEAD; the as-of date is the tag's commit date", () => {
    const md = isms(dir, ["report", "changes", ".", "--at", "cert", "--from", "2026-01-01"]).stdout;
    assert.match(md, new RegExp(`^# Changes from 2026-01-01 to cert \\(${short("cert")}, 2026-06-01\\)\\n`));
    assert.match(md, /Risk review before certification/);
    assert.match(md, /Initial register/);
    assert.ok(!md.includes("After the audit"), "a commit after the tag is not listed");
    assert.match(md, /\*\*As of:\*\* 2026-06-01 /);
    // Every report: the as-of date of --at is the commit date (not the author date, not ISMS_TODAY)...
    for (const type of ["soa", "risk-register", "roles"]) {
      const r = isms(dir, ["report", type, ".", "--at", "cert"]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /\*\*As of:\*\* 2026-06-01 /, type);
      assert.match(r.stdout, new RegExp(`\\*\\*Source:\\*\\* cert \\(${short("cert")}\\)`), type);
    }
    // ...unless --today says otherwise; without --at, today as before.
    assert.match(
      isms(dir, ["report", "soa", ".", "--at", "cert", "--today", "2026-06-30"]).stdout,
      /\*\*As of:\*\* 2026-06-30 /,
    );
    assert.match(isms(dir, ["report", "soa", "."]).stdout, new RegExp(`\\*\\*As of:\\*\\* ${TODAY} `));
    // The default period of --at is the 12 months up to the tag's date.
    assert.match(
      isms(dir, ["report", "changes", ".", "--at", "cert"]).stdout,
      /^# Changes from 2025-06-01 to cert \([0-9a-f]{7}, 2026-06-01\)\n/,
    );
  });

  test("a mistyped tag: did you mean, exit 2, for --at, --since and --until alike", () => {
    for (const opt of ["--at", "--since", "--until"]) {
      const r = isms(dir, ["report", "changes", ".", opt, "v1.O"]);
      assert.equal(r.status, 2, opt);
      assert.equal(r.stderr, "isms: no tag or commit 'v1.O' (did you mean 'v1.0'?)\n", opt);
    }
    const soa = isms(dir, ["report", "soa", ".", "--at", "cret"]);
    assert.equal(soa.status, 2);
    assert.equal(soa.stderr, "isms: no tag or commit 'cret' (did you mean 'cert'?)\n");
    const far = isms(dir, ["report", "soa", ".", "--at", "release-2031"]);
    assert.equal(far.stderr, "isms: no tag or commit 'release-2031'\n");
    assert.ok(!/fatal|Needed a single revision/.test(far.stderr));
    const dash = isms(dir, ["report", "soa", ".", "--at=--output=x"]);
    assert.equal(dash.status, 2);
    assert.equal(dash.stderr, "isms: '--output=x' is not a git reference\n");
  });

  test("a date and a ref for the same bound, or --until with --at, are usage errors (exit 2)", () => {
    for (const [args, message] of [
      [["--from", "2026-01-01", "--since", "v1.0"], "--from and --since both say where the changes start"],
      [["--to", "2026-12-31", "--until", "cert"], "--to and --until both say where the changes end"],
      [["--at", "cert", "--until", "cert"], "--at and --until both say where the changes end"],
      [
        ["--since", "cert", "--until", "v1.0"],
        "--since cert (2026-06-01) is after --until v1.0 (2026-01-10)",
      ],
    ] as const) {
      const r = isms(dir, ["report", "changes", ".", ...args]);
      assert.equal(r.status, 2, args.join(" "));
      assert.ok(r.stderr.startsWith(`isms: ${message}`), r.stderr);
    }
    const soa = isms(dir, ["report", "soa", ".", "--since", "v1.0"]);
    assert.equal(soa.status, 2);
    assert.match(soa.stderr, /--since is an option of the changes report, not of soa/);
  });
});

describe("the changes report on a shallow clone", () => {
  let clone: string;
  let first: string;
  before(() => {
    const { dir, git, commit } = repo();
    const ids: string[] = [];
    for (const i of [1, 2, 3, 4]) {
      writeFileSync(join(dir, "risks.yaml"), risk(`    likelihood: ${i}\n`));
      ids.push(commit(`2026-0${i}-01`, `Step ${i}`));
      git("tag", `step-${i}`);
    }
    first = ids[0];
    clone = join(mkdtempSync(join(tmpdir(), "isms-shallow-")), "c");
    temps.push(join(clone, ".."));
    execFileSync("git", ["clone", "-q", "--depth", "2", `file://${dir}`, clone]);
  });

  test("a ref older than the shallow boundary: a clear message, exit 2", () => {
    for (const ref of ["step-1", first]) {
      const r = isms(clone, ["report", "changes", ".", "--since", ref]);
      assert.equal(r.status, 2, ref);
      assert.match(
        r.stderr,
        new RegExp(
          `^isms: no tag or commit '${ref}'.*; the repository is a shallow clone whose history stops at 2026-03-01 \\([0-9a-f]{7}\\), so an older commit is not in it \\(fetch the full history: git fetch --unshallow`,
        ),
      );
    }
  });

  test("--since and --at on a shallow clone still say where history stops", () => {
    // The tag of the first commit, fetched alone: present, but not connected to the rest.
    execFileSync("git", ["fetch", "-q", "--depth", "1", "origin", "tag", "step-1"], { cwd: clone });
    const since = isms(clone, ["report", "changes", ".", "--since", "step-1"]);
    assert.equal(since.status, 0, since.stderr);
    assert.match(
      since.stdout,
      /History stops at 2026-03-01 \([0-9a-f]{7}\): the repository is a shallow clone/,
    );
    assert.match(since.stdout, /- \*\*Commits:\*\* 1\n/);
    assert.match(since.stdout, /\| risks\.yaml \| R-1 \| likelihood 3 → 4 \|/);
    const at = isms(clone, ["report", "changes", ".", "--at", "step-4", "--from", "2026-01-01"]);
    assert.equal(at.status, 0, at.stderr);
    assert.match(at.stdout, /History stops at 2026-03-01 \([0-9a-f]{7}\): the repository is a shallow clone/);
    assert.match(at.stdout, /\*\*As of:\*\* 2026-04-01 /);
  });
});
