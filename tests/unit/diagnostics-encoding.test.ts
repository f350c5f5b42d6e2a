// The stdio transport writes a file's diagnostics from JSON kept since the file's previous publish
// (lsp/diagnostics.ts). What a client reads must be what JSON.stringify of diagnostics made one by one
// gives: after a first check, after an edit that moved findings to other lines, and when a finding keeps
// another's message data but says something else. Other transports serialise with JSON.stringify.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { PublishDiagnosticsNotification, type NotificationMessage } from "vscode-languageserver/node";
import { checkByFile, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { DiagnosticsEncoder, encodeMessage, toDiagnostic } from "../../server/src/lsp/diagnostics";
import { ROOT } from "./helpers";

const EXAMPLE = join(ROOT, "examples", "acme-isms");
const today = parseDay("2026-11-29")!;

interface Read {
  params: {
    uri: string;
    version?: number;
    diagnostics: { message: string; data: { entry?: string }; range: { start: { line: number } } }[];
  };
}

/**
 * Publishes `findings` as the session does (encoded by the file's encoder) and returns what a client
 * reads over stdio, asserting it is what JSON.stringify writes of the same message and of diagnostics
 * made one by one.
 */
function publish(encoder: DiagnosticsEncoder, uri: string, findings: Finding[], version?: number): Read {
  const params = { uri, ...(version === undefined ? {} : { version }) };
  const method = PublishDiagnosticsNotification.method;
  const m: NotificationMessage = {
    jsonrpc: "2.0",
    method,
    params: { ...params, diagnostics: encoder.encode(findings) },
  };
  const plain = { jsonrpc: "2.0", method, params: { ...params, diagnostics: findings.map(toDiagnostic) } };
  const bytes = encodeMessage(m);
  // Byte for byte what JSON.stringify writes, in UTF-8.
  assert.equal(bytes.toString("utf8"), JSON.stringify(plain));
  assert.deepEqual(bytes, Buffer.from(JSON.stringify(plain), "utf8"));
  const read = JSON.parse(bytes.toString("utf8")) as Read;
  assert.deepEqual(JSON.parse(JSON.stringify(m)), read);
  return read;
}

test("a file's diagnostics read as JSON.stringify's, before and after an edit moved its findings", () => {
  const ws = loadDirectory(EXAMPLE, new Workspace());
  const opts = { today, roots: [EXAMPLE], fileExists };
  // The file with the most findings.
  const [path, first] = checkByFile(ws, opts).sort((a, b) => b[1].length - a[1].length)[0];
  assert.ok(first.length >= 3, "a file of the example has findings");
  const encoder = new DiagnosticsEncoder();
  const got = publish(encoder, "file:///r.yaml", first, 3);
  assert.equal(got.params.version, 3);
  assert.equal(got.params.diagnostics.length, first.length);

  // Two lines after the first move every later finding down; the entries keep their findings' data.
  const text = ws.get(path)!.text;
  const at = text.indexOf("\n") + 1;
  ws.setText(path, `${text.slice(0, at)}# a\n# b\n${text.slice(at)}`, {
    unchanged: { prefix: at, suffix: text.length - at },
  });
  const after = new Map(checkByFile(ws, opts)).get(path) ?? [];
  assert.equal(after.length, first.length);
  assert.ok(after.some((f, i) => f !== first[i] && f.data === first[i].data));
  const got2 = publish(encoder, "file:///r.yaml", after);
  assert.equal("version" in got2.params, false);
  assert.deepEqual(
    got2.params.diagnostics.map((d) => d.range.start.line),
    first.map((f) => f.start.line + 2),
  );
  // Published again unchanged: the same JSON.
  publish(encoder, "file:///r.yaml", after);

  // A character typed in a line above the entries moves their findings within the text, not on screen.
  const text2 = ws.get(path)!.text;
  const at2 = text2.indexOf("# a\n") + 3;
  ws.setText(path, `${text2.slice(0, at2)}b${text2.slice(at2)}`, {
    unchanged: { prefix: at2, suffix: text2.length - at2 },
  });
  const typed = new Map(checkByFile(ws, opts)).get(path) ?? [];
  assert.ok(typed.some((f, i) => f !== after[i] && f.range[0] === after[i].range[0] + 1));
  const got3 = publish(encoder, "file:///r.yaml", typed);
  assert.deepEqual(got3.params.diagnostics, got2.params.diagnostics);
});

test("diagnostics with characters of any UTF-8 length are counted and written byte for byte", () => {
  const ws = loadDirectory(EXAMPLE, new Workspace());
  const [f] = checkByFile(ws, { today, roots: [EXAMPLE], fileExists }).flatMap(([, fs]) => fs);
  const encoder = new DiagnosticsEncoder();
  const messages = ["ascii", "é ü", "€ 中文", "😀 emoji", "lone \ud800 surrogate", 'quote " and \\ and \n'];
  publish(
    encoder,
    "file:///ü/€.yaml",
    messages.map((message) => ({ ...f, message, data: { ...f.data } })),
    7,
  );
});

test("a finding that shares another's message data but not its message is written with its own", () => {
  const ws = loadDirectory(EXAMPLE, new Workspace());
  const [f] = checkByFile(ws, { today, roots: [EXAMPLE], fileExists }).flatMap(([, fs]) => fs);
  const other: Finding = { ...f, message: `${f.message} (and "more")`, severity: "hint", entryId: "X-1" };
  const encoder = new DiagnosticsEncoder();
  publish(encoder, "file:///a%20b.yaml", [f]);
  const got = publish(encoder, "file:///a%20b.yaml", [f, other, f]);
  assert.equal(got.params.diagnostics[1].message, other.message);
  assert.equal(got.params.diagnostics[1].data.entry, "X-1");
  assert.equal(got.params.diagnostics[2].message, f.message);
});

test("other messages are written as JSON.stringify writes them", () => {
  const m = { jsonrpc: "2.0", id: 1, result: { a: [1, "ü", null], b: undefined } };
  assert.equal(encodeMessage(m).toString("utf8"), JSON.stringify(m));
  const n = {
    jsonrpc: "2.0",
    method: PublishDiagnosticsNotification.method,
    params: { uri: "u", diagnostics: [] },
  };
  assert.equal(encodeMessage(n).toString("utf8"), JSON.stringify(n));
});
