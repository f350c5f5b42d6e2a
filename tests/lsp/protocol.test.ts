// LSP protocol hardening over stdio: a FIFO where a closed document was, positions far outside the
// text, the shutdown/exit sequence, malformed framing, and quick fixes from stale diagnostics.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentHighlightRequest,
  ErrorCodes,
  ExitNotification,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ShutdownRequest,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type Position,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { MarkReviewedRequest, SummaryRequest } from "../../server/src/protocol";
import {
  applyEdits,
  converge,
  copyOf,
  editsFor,
  EXAMPLE,
  freshCheck,
  positionOf,
  SERVER,
  startClient,
  TODAY,
  uriOf,
  versionsOf,
  watched,
  type Client,
} from "./client";

const dirs: string[] = [];
const clients: Client[] = [];
function folder(): string {
  const d = copyOf(EXAMPLE);
  dirs.push(d);
  return d;
}
async function client(dir: string, opts: Parameters<typeof startClient>[1] = {}): Promise<Client> {
  const c = await startClient(dir, opts);
  clients.push(c);
  return c;
}

after(async () => {
  for (const c of clients)
    if (c.proc.exitCode === null && c.proc.signalCode === null) await c.shutdown().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Resolves with the value, or fails when it takes longer than `ms`. */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const alive = async (c: Client, ms = 2000) =>
  assert.equal((await within(ms, "isms/summary", c.conn.sendRequest(SummaryRequest, {}))).today, TODAY);

describe("a FIFO never hangs the server", () => {
  test("a FIFO in the folder at start, created later, and where a closed document was", async (t) => {
    if (spawnSync("mkfifo", ["--help"]).status !== 0) return t.skip("mkfifo is not available");
    const dir = folder();
    const early = join(dir, "early-pipe.yaml");
    assert.equal(spawnSync("mkfifo", [early]).status, 0);
    const c = await within(10_000, "start with a FIFO in the folder", client(dir));
    await alive(c);
    // Created while running: a watched-file event for it.
    const late = join(dir, "late-pipe.yaml");
    assert.equal(spawnSync("mkfifo", [late]).status, 0);
    await watched(c, [{ path: late, type: 1 }]);
    await alive(c);
    // Open in the editor with text, then the file on disk becomes a FIFO, then the document is closed:
    // didClose looks at the disk again.
    const doc = join(dir, "incidents.yaml");
    await c.open(doc);
    rmSync(doc);
    assert.equal(spawnSync("mkfifo", [doc]).status, 0);
    await c.close(doc);
    await watched(c, [{ path: doc, type: 2 }]);
    await alive(c);
    // The FIFOs are what `isms check` skips: no finding on them, the rest as a fresh check says.
    await converge(c, freshCheck([dir]));
    assert.equal(c.diagnostics.get(uriOf(doc))?.length, 0, "the closed document's findings are cleared");
  });
});

describe("positions far outside the text", () => {
  let c: Client;
  let path: string;
  before(async () => {
    c = await client(folder());
    path = join(dirs.at(-1)!, "risks", "cloud-platform.yaml");
    await c.open(path);
  });

  const far: Position[] = [
    { line: 1e9, character: 0 },
    { line: 0, character: 1e9 },
    { line: 1e9, character: 1e9 },
    { line: -1, character: -5 },
    { line: 2.5, character: 1.5 },
    { line: Number.MAX_SAFE_INTEGER, character: Number.MAX_SAFE_INTEGER },
  ];

  test("every position-taking request answers at once, for positions past the end or malformed", async () => {
    const textDocument = { uri: uriOf(path) };
    const start = Date.now();
    for (const position of far) {
      const requests: Promise<unknown>[] = [
        c.conn.sendRequest(CompletionRequest.type, { textDocument, position }),
        c.conn.sendRequest(HoverRequest.type, { textDocument, position }),
        c.conn.sendRequest(DefinitionRequest.type, { textDocument, position }),
        c.conn.sendRequest(ReferencesRequest.type, {
          textDocument,
          position,
          context: { includeDeclaration: true },
        }),
        c.conn.sendRequest(DocumentHighlightRequest.type, { textDocument, position }),
        c.conn.sendRequest(PrepareRenameRequest.type, { textDocument, position }).catch(() => null),
        c.conn.sendRequest(RenameRequest.type, { textDocument, position, newName: "x" }).catch(() => null),
        c.conn.sendRequest(CodeActionRequest.type, {
          textDocument,
          range: { start: position, end: position },
          context: { diagnostics: [] },
        }),
        c.conn.sendRequest(MarkReviewedRequest, { uri: textDocument.uri, position }),
      ];
      await within(2000, `requests at ${JSON.stringify(position)}`, Promise.all(requests));
    }
    assert.ok(Date.now() - start < 5000, `${Date.now() - start} ms for ${far.length * 9} requests`);
    await alive(c);
  });

  test("a character past a line's end is the end of that line, before its line break", async () => {
    const text = c.text(path);
    const at = positionOf(text, "owner: platform-lead");
    const line = text.split("\n")[at.line];
    const end = { line: at.line, character: line.length };
    const past = { line: at.line, character: 1e9 };
    const textDocument = { uri: uriOf(path) };
    // Completion at the end of "    owner: platform-lead" offers role ids, replacing the word before it.
    const atEnd = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument,
      position: end,
    })) as CompletionList | null;
    const atPast = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument,
      position: past,
    })) as CompletionList | null;
    assert.ok(
      atEnd?.items.some((i) => i.label === "iso"),
      "role ids at the end of the line",
    );
    assert.deepEqual(atPast, atEnd);
    // Hover there is on the role id of that line, not on the next line's key.
    const hEnd = await c.conn.sendRequest(HoverRequest.type, { textDocument, position: end });
    const hPast = await c.conn.sendRequest(HoverRequest.type, { textDocument, position: past });
    assert.deepEqual(hPast, hEnd);
    assert.match(JSON.stringify(hPast), /platform-lead/);
    // An edit at a character past the end inserts at the end of the line.
    await c.change(path, { start: past, end: past }, "x");
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.some((x) => x.code === "unknown-role"));
    const d = ds.find((x) => x.code === "unknown-role")!;
    assert.equal(d.range.start.line, at.line);
    assert.match(String(d.message), /platform-leadx/);
    await c.change(path, { start: end, end: { line: at.line, character: line.length + 1 } }, "");
    await c.diagnosticsOf(uriOf(path), (x) => !x.some((y) => y.code === "unknown-role"));
  });

  test("a position number JSON cannot hold as a number (1e400 parses as Infinity) is clamped too", async () => {
    const scratch = join(dirs.at(-1)!, "scratch.yaml");
    await c.open(scratch, "kind: risks\nrisks:\n  - id: R-900\n    owner: ghost\n");
    await c.diagnosticsOf(uriOf(scratch), (d) => d.some((x) => x.code === "unknown-role"));
    const body = `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":${JSON.stringify(
      uriOf(scratch),
    )},"version":2},"contentChanges":[{"range":{"start":{"line":3,"character":1e400},"end":{"line":1e400,"character":1e400}},"text":"-x"}]}}`;
    c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    // "ghost" became "ghost-x" at the end of line 4: the owner's message says so.
    await c.diagnosticsOf(uriOf(scratch), (d) => d.some((x) => /ghost-x/.test(String(x.message))));
    await alive(c);
  });
});

describe("shutdown, exit and malformed framing", () => {
  test("requests after shutdown are refused with InvalidRequest; exit then exits 0", async () => {
    const c = await client(folder());
    await c.conn.sendRequest(ShutdownRequest.type);
    await assert.rejects(c.conn.sendRequest(SummaryRequest, {}), (e: { code?: number }) => {
      assert.equal(e.code, ErrorCodes.InvalidRequest);
      return true;
    });
    await assert.rejects(
      c.conn.sendRequest(HoverRequest.type, {
        textDocument: { uri: uriOf(join(dirs.at(-1)!, "roles.yaml")) },
        position: { line: 0, character: 0 },
      }),
      (e: { code?: number }) => e.code === ErrorCodes.InvalidRequest,
    );
    await c.conn.sendNotification(ExitNotification.type);
    assert.equal(await within(5000, "exit", c.exited), 0);
  });

  test("exit without shutdown exits 1", async () => {
    const c = await client(folder());
    await c.conn.sendNotification(ExitNotification.type);
    assert.equal(await within(5000, "exit", c.exited), 1);
  });

  const BAD: [string, string][] = [
    ["a Content-Length that is not a number", "Content-Length: abc\r\n\r\n{}"],
    ["a negative Content-Length", "Content-Length: -5\r\n\r\n{}"],
    ["a huge Content-Length", "Content-Length: 99999999999999\r\n\r\n{}"],
    ["no Content-Length", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"],
    ["a header line without a colon", "Content-Length 2\r\n\r\n{}"],
    ["a header that never ends", `X-Padding: ${"a".repeat(70_000)}`],
  ];
  for (const [what, bytes] of BAD)
    test(`${what}: the server exits 1 instead of staying alive but deaf`, async () => {
      const c = await client(folder());
      await alive(c);
      c.proc.stdin!.write(bytes);
      assert.equal(await within(5000, "exit", c.exited), 1);
      assert.match(c.stderr(), /unreadable input from the client/);
    });

  test("a body that is not JSON keeps the framing: the next message is answered", async () => {
    const c = await client(folder());
    const body = "{not json";
    c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await alive(c);
  });

  test("without --stdio or another transport the server says how to start it", () => {
    const r = spawnSync(process.execPath, [SERVER], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdio/);
  });

  test("stdin closed without shutdown: the server exits 1", async () => {
    const proc = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "ignore", "ignore"] });
    const code = new Promise<number | null>((r) => proc.once("exit", r));
    proc.stdin.end();
    assert.equal(await within(5000, "exit", code), 1);
  });
});

describe("quick fixes and rename from stale state", () => {
  let dir: string;
  let c: Client;
  let path: string;
  before(async () => {
    dir = folder();
    c = await client(dir, { documentChanges: true });
    path = join(dir, "risks", "people-and-suppliers.yaml");
    await c.open(path);
  });

  const actionsFor = async (d: Diagnostic, range = d.range) =>
    ((await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(path) },
      range,
      context: { diagnostics: [d] },
    })) ?? []) as CodeAction[];
  const unknownRole = () => c.diagnosticsOf(uriOf(path), (ds) => ds.some((d) => d.code === "unknown-role"));

  test("a fix names the versions it was computed for: the open document's, null for files on disk", async () => {
    const d = (await unknownRole()).find((x) => x.code === "unknown-role")!;
    const actions = await actionsFor(d);
    const create = actions.find((a) => /^Create role 'devops-lead'/.test(a.title));
    assert.ok(create?.edit, actions.map((a) => a.title).join(" | "));
    assert.equal(create.edit.changes, undefined, "documentChanges, not changes");
    const versions = versionsOf(create.edit);
    assert.equal(versions.get(join(dir, "roles.yaml")), null, "roles.yaml is not open");
    const disable = actions.find((a) => a.title === "Disable unknown-role for this line")!;
    assert.deepEqual([...versionsOf(disable.edit)], [[path, c.version(path)]]);
    // A client that drops Diagnostic.data gets the same fixes (the finding is matched by range and message).
    const bare = await actionsFor({ ...d, data: undefined });
    assert.deepEqual(
      bare.map((a) => a.title),
      actions.map((a) => a.title),
    );
  });

  test("a diagnostic from before an edit that moved it gets no fix (no joined lines, no duplicate keys)", async () => {
    const stale = (await unknownRole()).find((x) => x.code === "unknown-role")!;
    const before = c.text(path);
    // A line typed above the finding: the old range now points one line too high.
    await c.change(path, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "# note\n");
    const actions = await actionsFor(stale);
    assert.deepEqual(
      actions.filter((a) => a.diagnostics?.length),
      [],
      "no fix for the stale diagnostic",
    );
    // What is offered there is computed from the current text, for its version.
    for (const a of actions)
      for (const [, v] of versionsOf(a.edit)) assert.ok(v === null || v === c.version(path));
    // The finding as published now has its fixes again, for the current version.
    const fresh = (
      await c.diagnosticsOf(uriOf(path), (ds) =>
        ds.some((d) => d.code === "unknown-role" && d.range.start.line === stale.range.start.line + 1),
      )
    ).find((x) => x.code === "unknown-role")!;
    const again = await actionsFor(fresh);
    const disable = again.find((a) => a.title === "Disable unknown-role for this line");
    assert.ok(disable, again.map((a) => a.title).join(" | "));
    assert.deepEqual([...versionsOf(disable.edit)], [[path, c.version(path)]]);
    const fixed = applyEdits(c.text(path), editsFor(disable.edit ?? null, path));
    assert.equal(fixed.split("\n").length, before.split("\n").length + 2, "one line added, none joined");
    await c.change(path, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, "");
    await c.diagnosticsOf(uriOf(path), (ds) =>
      ds.some((d) => d.code === "unknown-role" && d.range.start.line === stale.range.start.line),
    );
  });

  test("a diagnostic whose text was retyped in place (same range) gets no fix", async () => {
    const stale = (await unknownRole()).find((x) => x.code === "unknown-role")!;
    const { start } = stale.range;
    const text = c.text(path);
    const line = text.split("\n")[start.line];
    const col = line.indexOf("devops-lead");
    assert.ok(col >= 0, line);
    // Same length: the range still fits, but its text is no longer what the diagnostic was about.
    await c.change(
      path,
      { start: { line: start.line, character: col }, end: { line: start.line, character: col + 11 } },
      "devops-leax",
    );
    assert.deepEqual(
      (await actionsFor(stale)).filter((a) => a.diagnostics?.length),
      [],
    );
    await c.change(
      path,
      { start: { line: start.line, character: col }, end: { line: start.line, character: col + 11 } },
      "devops-lead",
    );
    await c.diagnosticsOf(uriOf(path), (ds) => ds.some((d) => /'devops-lead'/.test(String(d.message))));
  });

  test("rename and isms/markReviewedEdit answer with versioned documentChanges", async () => {
    const roles = join(dir, "roles.yaml");
    await c.open(roles);
    await c.change(roles, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(roles) },
      position: positionOf(c.text(roles), "id: cto", 5),
      newName: "chief-tech",
    });
    const versions = versionsOf(edit);
    assert.equal(versions.get(roles), c.version(roles));
    assert.equal(versions.get(join(dir, "risks", "cloud-platform.yaml")), null, "closed files: null");
    assert.ok(versions.size >= 5);
    const mark = await c.conn.sendRequest(MarkReviewedRequest, { uri: uriOf(path), id: "R-031" });
    assert.deepEqual([...versionsOf(mark)], [[path, c.version(path)]]);
    assert.equal(editsFor(mark, path)[0].newText, TODAY);
    await c.close(roles);
  });

  test("a client without documentChanges gets plain changes", async () => {
    const other = await client(dir);
    const mark = (await other.conn.sendRequest(MarkReviewedRequest, {
      uri: uriOf(path),
      id: "R-031",
    })) as WorkspaceEdit;
    assert.equal(mark.documentChanges, undefined);
    assert.equal(editsFor(mark, path).length, 1);
    await other.shutdown();
    assert.equal(await other.exited, 0);
  });
});
