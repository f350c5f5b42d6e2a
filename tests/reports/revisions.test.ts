// The document-control record (`revisions:`) against git: revision-unrecorded on temporary repositories
// with commits dated by GIT_AUTHOR_DATE and GIT_COMMITTER_DATE, silent without history, git run once per
// history (not per check), and the roles report's document-control block in Markdown and DOCX.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { nodeAt } from "../../server/src/core/locate";
import { ruleById } from "../../server/src/core/registry";
import { GitHistory } from "../../server/src/core/revisions";
import { parseDay } from "../../server/src/core/values";
import { cli, docxText } from "./helpers";

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};

/** A repository whose commits are dated as asked, by the author asked. */
function repo(dir = tmp("isms-revisions-")) {
  const git = (args: string[], date = "2026-01-05T10:00:00Z", author = "Dana Scully") =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: author,
        GIT_AUTHOR_EMAIL: "a@x",
        GIT_COMMITTER_NAME: author,
        GIT_COMMITTER_EMAIL: "a@x",
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    }).trim();
  git(["init", "-q", "-b", "main"]);
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const commit = (message: string, date: string, author?: string) => {
    git(["add", "-A"], date, author);
    git(["commit", "-qm", message], date, author);
    return git(["rev-parse", "--short=7", "HEAD"]);
  };
  return { dir, git, write, commit };
}

const ROLES = (revisions: string, holder = "Dana Scully") =>
  `kind: roles\n${revisions}roles:\n  - { id: ceo, title: CEO, holder: Walter Skinner }\n  - { id: iso, title: ISO, holder: ${holder} }\n`;
const REV_2026_02 =
  "revisions:\n  - { date: 2026-02-01, by: Dana Scully, reason: initial, summary: First issue, approved_by: ceo }\n";

/** The revision-unrecorded findings of `isms check` on a folder, as "file:line message". */
async function unrecorded(dir: string, today = "2026-06-01"): Promise<string[]> {
  const r = await cli(["check", dir, "--format", "json"], dir, { ISMS_TODAY: today });
  const found = JSON.parse(r.stdout) as { file: string; line: number; code: string; message: string }[];
  return found.filter((f) => f.code === "revision-unrecorded").map((f) => `${f.file}:${f.line} ${f.message}`);
}

/** A repository where roles.yaml got its record on 2026-02-03 and a new holder on 2026-03-10. */
function changedAfterRecord() {
  const r = repo();
  r.write("roles.yaml", ROLES(""));
  r.commit("Roles", "2026-01-05T10:00:00Z");
  r.write("roles.yaml", ROLES(REV_2026_02));
  r.commit("Start the document-control record", "2026-02-03T10:00:00Z");
  r.write("roles.yaml", ROLES(REV_2026_02, "Fox Mulder"));
  const hash = r.commit("New ISO holder", "2026-03-10T09:30:00+01:00", "Fox Mulder");
  return { ...r, hash };
}

describe("revision-unrecorded", () => {
  test("a commit after the newest revision is named with its hash, date and author", async () => {
    const { dir, hash } = changedAfterRecord();
    assert.deepEqual(await unrecorded(dir), [
      `roles.yaml:2 Changed by commit ${hash} on 2026-03-10 by Fox Mulder, after the newest revision (2026-02-01): record the change in revisions:`,
    ]);
  });

  test("several commits: the latest is named, with how many more", async () => {
    const { dir, write, commit } = changedAfterRecord();
    write("roles.yaml", ROLES(REV_2026_02, "Walter Skinner"));
    const hash = commit("Another holder", "2026-04-02T08:00:00Z", "Walter Skinner");
    assert.deepEqual(await unrecorded(dir), [
      `roles.yaml:2 Changed by commit ${hash} on 2026-04-02 by Walter Skinner and 1 earlier commit after the newest revision (2026-02-01): record the changes in revisions:`,
    ]);
  });

  test("a new revision line silences it, in the working tree and once committed a day later", async () => {
    const { dir, write, commit } = changedAfterRecord();
    const recorded = ROLES(
      `${REV_2026_02}  - { date: 2026-03-10, by: Fox Mulder, reason: trigger, trigger: Dana left, summary: New holder of iso, approved_by: ceo }\n`,
      "Fox Mulder",
    );
    write("roles.yaml", recorded);
    assert.deepEqual(await unrecorded(dir), []);
    commit("Record the new holder", "2026-03-11T10:00:00Z", "Fox Mulder");
    assert.deepEqual(await unrecorded(dir), []);
    // A later commit that only corrects the record itself, or only a comment, is no unrecorded change.
    write("roles.yaml", recorded.replace("Dana left", "Dana Scully left") + "# reviewed by the CEO\n");
    commit("Typo in the record", "2026-04-01T10:00:00Z");
    assert.deepEqual(await unrecorded(dir), []);
  });

  test("commits dated after today and commits before the record started are not counted", async () => {
    const r = repo();
    r.write("roles.yaml", ROLES(""));
    r.commit("Roles", "2026-01-05T10:00:00Z");
    r.write("roles.yaml", ROLES("", "Fox Mulder")); // a change before any record: not counted
    r.commit("Holder", "2026-01-20T10:00:00Z");
    r.write("roles.yaml", ROLES(REV_2026_02, "Fox Mulder"));
    r.commit("Record", "2026-02-01T10:00:00Z");
    r.write("roles.yaml", ROLES(REV_2026_02, "Walter Skinner"));
    const hash = r.commit("Holder again", "2026-07-01T10:00:00Z");
    assert.deepEqual(await unrecorded(r.dir, "2026-06-01"), []);
    assert.deepEqual(await unrecorded(r.dir, "2026-07-01"), [
      `roles.yaml:2 Changed by commit ${hash} on 2026-07-01 by Dana Scully, after the newest revision (2026-02-01): record the change in revisions:`,
    ]);
  });

  test("silent without git history: no repository, an untracked file, a shallow clone's boundary", async () => {
    const { dir } = changedAfterRecord();
    // A copy outside any repository.
    const copy = tmp("isms-nogit-");
    cpSync(join(dir, "roles.yaml"), join(copy, "roles.yaml"));
    assert.deepEqual(await unrecorded(copy), []);
    // A file git does not track, beside a tracked one that fires.
    writeFileSync(join(dir, "more-roles.yaml"), ROLES(REV_2026_02).replace(/id: (\w+)/g, "id: x-$1"));
    assert.equal((await unrecorded(dir)).length, 1);
    assert.ok((await unrecorded(dir)).every((f) => f.startsWith("roles.yaml:")));
    // A clone of depth 1 holds only the boundary commit: where history stops, not a change.
    const shallow = tmp("isms-shallow-");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${dir}`, shallow]);
    assert.deepEqual(await unrecorded(shallow), []);
    // With depth 2 the last commit's parent is there: its change is seen.
    const deeper = tmp("isms-shallow-");
    execFileSync("git", ["clone", "-q", "--depth", "2", `file://${dir}`, deeper]);
    assert.equal((await unrecorded(deeper)).length, 1);
  });

  test("the quick fix adds a revision line from the commit, and the finding goes", () => {
    const { dir, hash } = changedAfterRecord();
    const ws = loadDirectory(dir);
    const today = parseDay("2026-06-01")!;
    const findings = checkWorkspace(ws, { today, roots: [dir], fileExists, history: new GitHistory() });
    const f = findings.find((x) => x.code === "revision-unrecorded") as Finding;
    const file = ws.get(f.file)!;
    const [fix] = ruleById("revision-unrecorded")!.fixes!({
      index: ws.index,
      today,
      file,
      range: f.range,
      at: nodeAt(file, f.range[0]),
      messageId: f.messageId,
      data: f.data,
    });
    assert.equal(fix.title, `Record commit ${hash} in revisions:`);
    const [edit] = fix.edits ?? [];
    assert.ok(edit);
    const text = file.text.slice(0, edit.range[0]) + edit.newText + file.text.slice(edit.range[1]);
    assert.equal(
      text,
      ROLES(
        `${REV_2026_02}  - { date: 2026-03-10, by: Fox Mulder, reason: other, summary: New ISO holder }\n`,
        "Fox Mulder",
      ),
    );
    writeFileSync(join(dir, "roles.yaml"), text);
    const again = checkWorkspace(loadDirectory(dir), {
      today,
      roots: [dir],
      fileExists,
      history: new GitHistory(),
    });
    assert.deepEqual(
      again.filter((x) => x.code === "revision-unrecorded" || x.code === "schema"),
      [],
    );
  });

  test("git runs once per history: again only after a commit (not per check)", () => {
    const { dir, write, commit } = changedAfterRecord();
    const history = new GitHistory();
    const path = join(dir, "roles.yaml");
    const ask = () => history.unrecorded([{ path, after: parseDay("2026-02-01")! }]).get(path) ?? [];
    assert.equal(ask().length, 1);
    for (let i = 0; i < 20; i++) ask();
    assert.equal(history.runs, 1);
    assert.equal(history.stale(), false);
    write("roles.yaml", ROLES(REV_2026_02, "Walter Skinner"));
    commit("Another holder", "2026-04-02T08:00:00Z");
    assert.equal(history.stale(), true);
    assert.equal(ask().length, 2);
    assert.equal(history.runs, 2);
    // A later newest revision needs no new log; an older one than was read does.
    assert.equal(history.unrecorded([{ path, after: parseDay("2026-03-31")! }]).get(path)?.length, 1);
    assert.equal(history.runs, 2);
  });
});

describe("the roles report's document-control block", () => {
  const REVISIONS = `revisions:
  - { date: 2024-03-01, by: Dana Scully, reason: initial, summary: First issue, approved_by: ceo }
  - date: 2026-03-10
    by: Fox Mulder
    reason: trigger
    trigger: Dana Scully left
    summary: New holder of iso
    approved_by: ceo
  - { date: 2025-02-03, by: Dana Scully, reason: annual-review, summary: Annual review, approved_by: ghost }
`;

  test("Markdown: a table of the revisions, oldest first, with the approving role's title", async () => {
    const dir = tmp("isms-roles-");
    writeFileSync(join(dir, "roles.yaml"), ROLES(REVISIONS, "Fox Mulder"));
    const md = (await cli(["report", "roles", dir], dir)).stdout;
    assert.match(
      md,
      /## Revision history\n\n\| Date \| By \| Reason \| Summary \| Approved by \|\n\|---\|---\|---\|---\|---\|\n\| 2024-03-01 \| Dana Scully \| initial \| First issue \| ceo \(CEO\) \|\n\| 2025-02-03 \| Dana Scully \| annual-review \| Annual review \| ghost \|\n\| 2026-03-10 \| Fox Mulder \| trigger: Dana Scully left \| New holder of iso \| ceo \(CEO\) \|\n\n## Organisation chart/,
    );
    // Without a record there is no block.
    writeFileSync(join(dir, "roles.yaml"), ROLES(""));
    assert.doesNotMatch((await cli(["report", "roles", dir], dir)).stdout, /Revision history/);
  });

  test("DOCX carries the same table", async () => {
    const dir = tmp("isms-roles-");
    writeFileSync(join(dir, "roles.yaml"), ROLES(REVISIONS, "Fox Mulder"));
    const out = join(dir, "roles.docx");
    const r = await cli(["report", "roles", dir, "--format", "docx", "--out", out], dir);
    assert.equal(r.code, 0, r.stderr);
    const text = docxText(readFileSync(out));
    const at = text.indexOf("Revision history");
    assert.ok(at > 0 && at < text.indexOf("Organisation chart"));
    for (const s of [
      "2024-03-01",
      "Dana Scully",
      "trigger: Dana Scully left",
      "New holder of iso",
      "ceo (CEO)",
      "ghost",
    ])
      assert.ok(text.slice(at).includes(s), `DOCX lacks ${s}`);
  });
});
