// Bad input never takes the server down: malformed messages, unknown files, files deleted under an open
// editor, binary and huge files, and random typing (whose final diagnostics must equal a full check).
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  ReferencesRequest,
  type Diagnostic,
} from "vscode-languageserver-protocol/node";
import { checkWorkspace } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { SummaryRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, startClient, TODAY, uriOf, watched, type Client } from "./client";
import { random } from "../random";

let dir: string;
let c: Client;

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
});

after(async () => {
  await c.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** The server still answers. */
async function alive() {
  const s = await c.conn.sendRequest(SummaryRequest, {});
  assert.equal(s.today, TODAY);
}

test("malformed JSON-RPC and unknown methods are answered or logged, and the server keeps serving", async () => {
  const body = "{this is not json";
  c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  await assert.rejects(c.conn.sendRequest("isms/noSuchRequest", {}), /Unhandled method|not found/i);
  // Params of the wrong shape: the handler fails inside, the client gets an answer.
  await c.conn.sendRequest(HoverRequest.type, {} as never).catch(() => undefined);
  await c.conn
    .sendRequest(CompletionRequest.type, { textDocument: { uri: 42 } } as never)
    .catch(() => undefined);
  await alive();
});

test("requests for files the server does not know answer null", async () => {
  const uri = uriOf(join(dir, "nope.yaml"));
  const pos = { line: 0, character: 0 };
  assert.equal(await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos }), null);
  assert.equal(
    await c.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: pos }),
    null,
  );
  assert.equal(await c.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), null);
  const other = { uri: "untitled:Untitled-1" };
  assert.equal(await c.conn.sendRequest(CodeLensRequest.type, { textDocument: other }), null);
  await alive();
});

test("a file deleted on disk while open keeps the editor's text until closed", async () => {
  const path = join(dir, "incidents.yaml");
  await c.open(path);
  rmSync(path);
  await watched(c, [{ path, type: 3 }]);
  const at = { line: 0, character: 0 };
  await c.change(path, { start: at, end: at }, "# edited after deletion\n");
  // The finding moves down with the line typed above it: the editor's text is checked, not the disk's.
  await c.diagnosticsOf(uriOf(path), (d) =>
    d.some((x) => x.code === "breach-notification-late" && x.range.start.line === 46),
  );
  await c.close(path);
  await c.diagnosticsOf(uriOf(path), (d) => d.length === 0);
});

test("a binary file and a 50 MB file are opened without harm", async () => {
  const bin = join(dir, "blob.yaml");
  await c.open(bin, "kind: risks\n\u0000\u0001\u0002\uFFFD\uD800risks: [\u0000]\n" + "\u0000".repeat(1000));
  await c.diagnosticsOf(uriOf(bin), (d) => d.length > 0);
  await c.close(bin);
  const big = join(dir, "big.yaml");
  const line = "  - { id: X, title: padding padding padding padding padding padding padding padding }\n";
  await c.open(big, "kind: risks\nrisks:\n" + line.repeat(Math.ceil(50e6 / line.length)));
  const ds = await c.diagnosticsOf(uriOf(big), (d) => d.length > 0, 30_000);
  assert.deepEqual(
    ds.map((d) => d.code),
    ["file-too-large"],
  );
  await c.close(big);
  await alive();
});

const PIECES = [
  "- ",
  ": ",
  "\n",
  "  ",
  "    ",
  "[",
  "]",
  "{",
  "}",
  "'",
  '"',
  "# ",
  "&a ",
  "*a",
  "!!str ",
  "---\n",
  "|\n",
  "id: R-001",
  "owner: ",
  "controls: [A.8.",
  "\t",
  "é",
  "😀",
  "\r\n",
  "likelihood: 9",
  "reviewed: 2026-02-30",
];

test("random typing (seeded) never breaks the server, and the final diagnostics equal a full check", async () => {
  const path = join(dir, "risks", "cloud-platform.yaml");
  await c.open(path);
  const rnd = random(20261129);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  for (let i = 0; i < 300; i++) {
    const text = c.text(path);
    const lines = text.split("\n");
    const line = 4 + Math.floor(rnd() * (lines.length - 4)); // keep `kind: risks` so the file stays ours
    const character = Math.floor(rnd() * (lines[line].length + 1));
    const start = { line, character };
    if (rnd() < 0.6) await c.change(path, { start, end: start }, pick(PIECES));
    else {
      const endLine = Math.min(lines.length - 1, line + (rnd() < 0.3 ? 1 : 0));
      const end = {
        line: endLine,
        character: Math.min(lines[endLine].length, character + Math.floor(rnd() * 20)),
      };
      if (endLine > line || end.character >= character) await c.change(path, { start, end }, "");
    }
    if (i % 10 === 0) {
      const textDocument = { uri: uriOf(path) };
      const position = start;
      await Promise.all([
        c.conn.sendRequest(HoverRequest.type, { textDocument, position }),
        c.conn.sendRequest(CompletionRequest.type, { textDocument, position }),
        c.conn.sendRequest(ReferencesRequest.type, {
          textDocument,
          position,
          context: { includeDeclaration: true },
        }),
        c.conn.sendRequest(DocumentSymbolRequest.type, { textDocument }),
        c.conn.sendRequest(CodeLensRequest.type, { textDocument }),
        c.conn.sendRequest(CodeActionRequest.type, {
          textDocument,
          range: { start, end: start },
          context: { diagnostics: c.diagnostics.get(uriOf(path)) ?? [] },
        }),
      ]);
    }
  }
  const ws = loadDirectory(dir);
  ws.setText(path, c.text(path));
  const key = (code: unknown, line: number, ch: number) => `${String(code)}:${line}:${ch}`;
  const expected = checkWorkspace(ws, { today: parseDay(TODAY), fileExists })
    .filter((f) => f.file === path)
    .map((f) => key(f.code, f.start.line, f.start.character))
    .sort();
  const got = (ds: Diagnostic[]) =>
    ds.map((d) => key(d.code, d.range.start.line, d.range.start.character)).sort();
  const final = await c
    .diagnosticsOf(uriOf(path), (ds) => JSON.stringify(got(ds)) === JSON.stringify(expected), 15_000)
    .catch(() => c.diagnostics.get(uriOf(path)) ?? []);
  assert.deepEqual(got(final), expected);
  assert.ok(expected.length > 0, "the random edits produced findings");
  await alive();
  assert.doesNotMatch(c.stderr(), /\S/);
});
