// The document-control record in the editor, over stdio: completion of a revision's reason and of the
// role that approved it, rename of a role reaching revisions of every kind, and revision-unrecorded
// shown for a file of a temporary git repository, with its quick fix applied.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  RenameRequest,
  type CompletionItem,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { applyEdits, editsFor, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
let hash: string;
const p = (rel: string) => join(dir, rel);
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);

const ROLES = (holder: string) => `kind: roles
revisions:
  - { date: 2026-02-01, by: Dana Scully, reason: initial, summary: First issue, approved_by: ceo }
  - date: 2026-02-20
    by: Dana Scully
    reason: annual-review
    summary: Annual review
    approved_by: iso
roles:
  - { id: ceo, title: Chief Executive Officer, holder: Walter Skinner }
  - { id: iso, title: Information Security Officer, holder: ${holder} }
`;
const DOCUMENTS = `kind: documents
revisions:
  - { date: 2026-01-10, by: Dana Scully, reason: initial, summary: First issue, approved_by: iso }
documents:
  - { id: DOC-1, title: Information security policy, path: roles.yaml, owner: iso, refs: ["5.2"] }
`;

function git(args: string[], date: string, author = "Dana Scully"): string {
  return execFileSync("git", args, {
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
}

async function completionAt(path: string, needle: string, delta: number): Promise<CompletionItem[]> {
  const res = await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return Array.isArray(res) ? res : (res?.items ?? []);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "isms-lsp-revisions-"));
  git(["init", "-q", "-b", "main"], "2026-02-20T10:00:00Z");
  writeFileSync(p("roles.yaml"), ROLES("Dana Scully"));
  writeFileSync(p("documents.yaml"), DOCUMENTS);
  git(["add", "-A"], "2026-02-20T10:00:00Z");
  git(["commit", "-qm", "Roles and documents"], "2026-02-20T10:00:00Z");
  // The holder changes and nobody records it.
  writeFileSync(p("roles.yaml"), ROLES("Fox Mulder"));
  git(["commit", "-qam", "New ISO holder"], "2026-03-10T09:30:00+01:00", "Fox Mulder");
  hash = git(["rev-parse", "--short=7", "HEAD"], "2026-03-10T09:30:00Z");
  c = await startClient(dir, { today: "2026-06-01" });
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

describe("revisions in the editor", () => {
  test("revision-unrecorded is shown on the revisions: key of a file changed after its record", async () => {
    const ds = await c.diagnosticsOf(uriOf(p("roles.yaml")), (d) =>
      d.some((x) => x.code === "revision-unrecorded"),
    );
    const d = ds.find((x) => x.code === "revision-unrecorded")!;
    assert.equal(d.severity, 2); // warning
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
    assert.equal(
      text(d),
      `Changed by commit ${hash} on 2026-03-10 by Fox Mulder, after the newest revision (2026-02-20): record the change in revisions:`,
    );
    // documents.yaml was not changed after its record.
    assert.ok(
      !(c.diagnostics.get(uriOf(p("documents.yaml"))) ?? []).some((x) => x.code === "revision-unrecorded"),
    );
  });

  test("completion offers the reasons of a revision and the roles that can approve it", async () => {
    const path = p("roles.yaml");
    await c.open(path);
    const reasons = await completionAt(path, "reason: annual-review", 8);
    assert.deepEqual(
      reasons.map((i) => i.label),
      ["initial", "annual-review", "trigger", "correction", "other"],
    );
    const roles = await completionAt(path, "approved_by: iso", 13);
    const iso = roles.find((i) => i.label === "iso");
    assert.ok(iso, roles.map((i) => i.label).join(", "));
    assert.equal(iso.detail, "Information Security Officer · Fox Mulder");
    assert.ok(roles.some((i) => i.label === "ceo"));
  });

  test("hover on a revision's approved_by names the role", async () => {
    const path = p("roles.yaml");
    const h = await c.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "approved_by: iso", 14),
    });
    assert.match((h?.contents as MarkupContent).value, /Information Security Officer/);
  });

  test("a typo in approved_by is an unknown role with a did-you-mean", async () => {
    const path = p("roles.yaml");
    const at = positionOf(c.text(path), "approved_by: iso", 13);
    await c.change(path, { start: at, end: { line: at.line, character: at.character + 3 } }, "ISO");
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.some((x) => x.code === "unknown-role"));
    assert.equal(
      text(ds.find((x) => x.code === "unknown-role")!),
      "Unknown role 'ISO' (did you mean 'iso'?)",
    );
    await c.change(path, { start: at, end: { line: at.line, character: at.character + 3 } }, "iso");
    await c.diagnosticsOf(uriOf(path), (d) => !d.some((x) => x.code === "unknown-role"));
  });

  test("rename of a role updates the revisions that name it, in every file", async () => {
    const path = p("roles.yaml");
    const edit = (await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "id: iso", 5),
      newName: "info-sec",
    })) as WorkspaceEdit;
    const roles = applyEdits(c.text(path), editsFor(edit, path));
    assert.match(roles, /^ {4}approved_by: info-sec$/m);
    assert.match(roles, /\{ id: info-sec, title: Information Security Officer/);
    const docs = applyEdits(DOCUMENTS, editsFor(edit, p("documents.yaml")));
    assert.match(docs, /summary: First issue, approved_by: info-sec \}/);
    assert.match(docs, /owner: info-sec,/);
  });

  test("the quick fix records the commit in revisions:, and the finding goes", async () => {
    const path = p("roles.yaml");
    const d = (c.diagnostics.get(uriOf(path)) ?? []).find((x) => x.code === "revision-unrecorded")!;
    assert.ok(d);
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(path) },
      range: d.range,
      context: { diagnostics: [d] },
    }))!;
    const fix = actions.find((a) => a.title === `Record commit ${hash} in revisions:`) as {
      edit: WorkspaceEdit;
    };
    assert.ok(fix, actions.map((a) => a.title).join(" | "));
    const [e] = editsFor(fix.edit, path);
    await c.change(path, e.range, e.newText);
    assert.match(
      c.text(path),
      / {4}approved_by: iso\n {2}- date: 2026-03-10\n {4}by: Fox Mulder\n {4}reason: other\n {4}summary: New ISO holder\nroles:/,
    );
    await c.diagnosticsOf(uriOf(path), (ds) => !ds.some((x) => x.code === "revision-unrecorded"));
  });
});
