// History read from git cannot be forged by file names or commit messages, costs one git process per
// kind of question (not two per commit), and says where a shallow clone's history stops.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli.js");

function repo(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), "isms-history-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Dana",
        GIT_AUTHOR_EMAIL: "d@x",
        GIT_COMMITTER_NAME: "Dana",
        GIT_COMMITTER_EMAIL: "d@x",
        GIT_AUTHOR_DATE: "2026-05-01T10:00:00Z",
        GIT_COMMITTER_DATE: "2026-05-01T10:00:00Z",
      },
    });
  git("init", "-q", "-b", "main");
  return { dir, git };
}

const report = (cwd: string, args: string[]) =>
  spawnSync(process.execPath, [CLI, "report", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ISMS_TODAY: "2026-06-01" },
  });

describe("history from git", () => {
  test("a file name holding newlines and a ref cannot make --at show another file as the SoA", () => {
    const { dir, git } = repo();
    writeFileSync(
      join(dir, "soa.yaml"),
      "kind: soa\nversion: REAL\ncontrols:\n  A.5.1: { applicable: true, justification: Real }\n",
    );
    writeFileSync(
      join(dir, "notes.txt"),
      "kind: soa\nversion: FORGED\ncontrols:\n  A.5.1: { applicable: false, justification: Forged }\n",
    );
    // Read line by line by `cat-file --batch`, this name would ask for HEAD:notes.txt in the middle.
    writeFileSync(join(dir, "m\nHEAD:notes.txt\n.yaml"), "kind: roles\nroles: []\n");
    git("add", "-A");
    git("commit", "-qm", "SoA");
    git("tag", "cert");
    const r = report(dir, ["soa", ".", "--at", "cert"]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes("FORGED") && !r.stdout.includes("Forged"));
    assert.match(r.stdout, /Real/);
  });

  test("a commit message cannot forge a record of the changes report", () => {
    const { dir, git } = repo();
    writeFileSync(
      join(dir, "risks.yaml"),
      "kind: risks\nrisks:\n  - { id: R-1, title: T, owner: x, likelihood: 1, impact: 1, treatment: avoid }\n",
    );
    git("add", "-A");
    git("commit", "-qm", "Real\u001ecommit fake\u001fx\u001fMallory\u001f2020-01-01\u001fForged\u001e");
    const r = report(dir, ["changes", ".", "--from", "2026-01-01"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /- \*\*Commits:\*\* 1\n/);
    // The message is shown as text on its commit's line, with its control characters taken out.
    assert.match(r.stdout, /\n## 2026-05-01 [0-9a-f]{7} Dana: Realcommit fakexMallory2020-01-01Forged\n/);
    assert.ok(!/^## 2020/m.test(r.stdout));
  });

  test("changes over 2,000 commits reads all blobs in one batch (bounded time)", () => {
    const { dir, git } = repo();
    // Commits made with fast-import: 2,000 versions of one file.
    const lines: string[] = [];
    for (let i = 1; i <= 2000; i++) {
      const text = `kind: risks\nrisks:\n  - { id: R-${i}, title: T, owner: x, likelihood: 1, impact: 1, treatment: avoid }\n`;
      lines.push(
        "commit refs/heads/main",
        `committer Dana <d@x> ${1777600000 + i * 60} +0000`,
        `data ${`Commit ${i}`.length}`,
        `Commit ${i}`,
        ...(i > 1 ? [] : []),
        `M 100644 inline risks.yaml`,
        `data ${Buffer.byteLength(text)}`,
        text,
      );
    }
    execFileSync("git", ["fast-import", "--quiet"], { cwd: dir, input: lines.join("\n") + "\n" });
    git("checkout", "-q", "main");
    const t0 = Date.now();
    const r = report(dir, ["changes", ".", "--from", "2026-01-01", "--to", "2026-12-31"]);
    const ms = Date.now() - t0;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /- \*\*Commits:\*\* 2000\n/);
    assert.ok(ms < 60_000, `${ms} ms`); // was two git processes per commit: minutes at this size
  });

  test("a shallow clone says where history stops instead of showing every file as created", () => {
    const { dir: origin, git } = repo();
    for (const [i, ids] of [
      ["1", "R-1"],
      ["2", "R-1, R-2"],
      ["3", "R-2"],
    ] as const) {
      writeFileSync(
        join(origin, "risks.yaml"),
        `kind: risks\nrisks:\n${ids
          .split(", ")
          .map((id) => `  - { id: ${id}, title: T, owner: x, likelihood: 1, impact: 1, treatment: avoid }\n`)
          .join("")}`,
      );
      git("add", "-A");
      git("commit", "-qm", `Step ${i}`);
    }
    const shallow = mkdtempSync(join(tmpdir(), "isms-shallow-"));
    execFileSync("git", ["clone", "-q", "--depth", "2", `file://${origin}`, join(shallow, "c")]);
    const r = report(join(shallow, "c"), ["changes", ".", "--from", "2026-01-01"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /History stops at 2026-05-01 \([0-9a-f]{7}\): the repository is a shallow clone/);
    assert.match(r.stdout, /- \*\*Commits:\*\* 1\n/);
    assert.ok(!r.stdout.includes("new file"));
  });
});
