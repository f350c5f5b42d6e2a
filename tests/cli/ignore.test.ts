// .ismsignore and --exclude: which files `isms check`, `isms report` and the language server read. Each
// syntax rule is shown by a file it keeps out and one it keeps, as a user sees it: the files named in
// the findings.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { EXAMPLE, exampleCopy, filesOf, isms, ROOT, roleFile, tmp, TODAY, writeTree } from "./helpers";
import { startClient, uriOf } from "../lsp/client";

/** One file per case, each with its own role (so every file has findings and no id repeats). */
const FILES = [
  "main.yaml",
  "top-only.yaml", // `/top-only.yaml`: anchored, the root's only
  "sub/top-only.yaml",
  "drafts/a.yaml", // `drafts/*.yaml`: an inner slash anchors; `*` stays within a name
  "drafts/keep.yaml", // `!drafts/keep.yaml`
  "drafts/sub/b.yaml",
  "r1.yaml", // `r?.yaml`: one character, at any depth
  "sub/r2.yaml",
  "r10.yaml",
  "deep/x.yaml", // `deep/**/x.yaml`: zero or more folders
  "deep/a/b/x.yaml",
  "deep/y.yaml",
  "archive/2019/old.yaml", // `archive/**`: everything inside
  "a-file.yaml", // `[ab]-file.yaml`
  "c-file.yaml",
  "odd.yaml/in.yaml", // `odd.yaml/`: a folder of that name, not a file
  "nested/odd.yaml",
  "gone/back.yaml", // `gone/` then `!gone/back.yaml`: a file in a folder left out stays out
  "#hash.yaml", // `\#hash.yaml`: an escaped #
  "#kept.yaml", // `#kept.yaml` is a comment
];

const IGNORE = `# a comment, and a blank line

/top-only.yaml
drafts/*.yaml
!drafts/keep.yaml
r?.yaml
deep/**/x.yaml
archive/**
[ab]-file.yaml
odd.yaml/
gone/
!gone/back.yaml
\\#hash.yaml
#kept.yaml
`;

const KEPT = [
  "#kept.yaml",
  "c-file.yaml",
  "deep/y.yaml",
  "drafts/keep.yaml",
  "drafts/sub/b.yaml",
  "main.yaml",
  "nested/odd.yaml",
  "r10.yaml",
  "sub/top-only.yaml",
];

function workspace(ignore?: string): string {
  const dir = tmp("ignore");
  writeTree(dir, Object.fromEntries(FILES.map((f, i) => [f, roleFile(`role-${i}`)])));
  if (ignore !== undefined) writeFileSync(join(dir, ".ismsignore"), ignore);
  return dir;
}

const check = (dir: string, ...args: string[]) =>
  isms(["check", dir, "--today", TODAY, "--format", "json", ...args]);

describe(".ismsignore", () => {
  test("without one, every file is read", () => {
    assert.deepEqual(filesOf(check(workspace())), [...FILES].sort());
  });

  test("comments, negation, folder-only, *, ?, [..], **, anchoring: each keeps its files out", () => {
    const dir = workspace(IGNORE);
    const r = check(dir);
    assert.equal(r.stderr, "");
    assert.deepEqual(filesOf(r), KEPT);
    // The text summary counts only the files read.
    const text = isms(["check", dir, "--today", TODAY]);
    assert.match(text.stdout.trimEnd().split("\n").at(-1)!, new RegExp(` of ${KEPT.length} ISMS files\\.$`));
  });

  test("--exclude adds lines after the file's, so they win (also a negation)", () => {
    const dir = workspace(IGNORE);
    assert.deepEqual(
      filesOf(check(dir, "--exclude", "main.yaml", "--exclude", "!r1.yaml", "--exclude", "nested")),
      [...KEPT.filter((f) => f !== "main.yaml" && f !== "nested/odd.yaml"), "r1.yaml"].sort(),
    );
  });

  test("a .ismsignore that is a link out of the folder is not followed, and isms says so", () => {
    const outside = writeTree(tmp("outside"), { ignore: "*\n" });
    const dir = workspace();
    symlinkSync(join(outside, "ignore"), join(dir, ".ismsignore"));
    const r = check(dir);
    assert.match(r.stderr, /isms: warning: \.ismsignore is a link to .*outside the folder: not read/);
    assert.deepEqual(filesOf(r), [...FILES].sort());
  });
});

describe("the tool checked out inside the workspace", () => {
  // actions/checkout with `path: isms-tool`: this repository's example and rule fixtures beside the ISMS.
  function withTool(): string {
    const dir = exampleCopy("with-tool");
    cpSync(join(ROOT, "examples"), join(dir, "isms-tool", "examples"), { recursive: true });
    cpSync(
      join(ROOT, "server", "src", "core", "kinds"),
      join(dir, "isms-tool", "server", "src", "core", "kinds"),
      {
        recursive: true,
        filter: (p) => !p.endsWith(".ts"),
      },
    );
    return dir;
  }
  const alone = check(EXAMPLE);
  const own = (r: { stdout: string }) => JSON.parse(r.stdout) as { file: string }[];

  test("read as part of the ISMS without an exclusion", () => {
    const r = check(withTool());
    assert.ok(own(r).filter((f) => f.file.startsWith("isms-tool/")).length > 100);
  });

  test("`isms-tool/` in .ismsignore, or --exclude isms-tool: exactly the ISMS's own findings", () => {
    const dir = withTool();
    assert.deepEqual(own(check(dir, "--exclude", "isms-tool")), own(alone));
    writeFileSync(join(dir, ".ismsignore"), "isms-tool/\n");
    assert.deepEqual(own(check(dir)), own(alone));
  });

  test("isms report leaves it out too", () => {
    const dir = withTool();
    writeFileSync(join(dir, ".ismsignore"), "isms-tool/\n");
    // The tool's example holds the same risks; a risk only in the tool's copy must not show.
    const extra = join(dir, "isms-tool", "examples", "acme-isms", "risks", "extra.yaml");
    writeFileSync(
      extra,
      "kind: risks\nrisks:\n  - id: R-TOOL-ONLY\n    title: A risk of the tool's copy\n    owner: iso\n    likelihood: 1\n    impact: 1\n    treatment: accept\n",
    );
    const r = isms(["report", "risk-register", dir, "--today", TODAY, "--format", "csv"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /R-001/);
    assert.doesNotMatch(r.stdout, /R-TOOL-ONLY/);
    const all = isms([
      "report",
      "risk-register",
      dir,
      "--today",
      TODAY,
      "--format",
      "csv",
      "--exclude",
      "!isms-tool/",
    ]);
    assert.match(all.stdout, /R-TOOL-ONLY/);
  });

  test("the language server's scan leaves it out", async () => {
    const dir = exampleCopy("lsp-ignore");
    mkdirSync(join(dir, "isms-tool"));
    const tool = join(dir, "isms-tool", "roles.yaml");
    writeFileSync(tool, roleFile("tool-role"));
    const kept = join(dir, "other", "roles.yaml");
    writeTree(dir, { "other/roles.yaml": roleFile("other-role") });
    writeFileSync(join(dir, ".ismsignore"), "isms-tool/\n");
    const c = await startClient(dir);
    try {
      await c.diagnosticsOf(uriOf(kept), (d) => d.some((x) => x.code === "role-vacant"));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(c.diagnostics.get(uriOf(tool)), undefined, "no diagnostics for the ignored file");
    } finally {
      await c.shutdown();
    }
  });
});
