// An open document's text is kept as pieces (core/text.ts Text), so an edit of a huge file does not copy
// it. Reading a Text is reading the string it stands for, after any edits; its line index is the index of
// that string; and a keystroke in a large open file is checked and published without the file's text
// ever being made one string again.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  PublishDiagnosticsNotification,
  type Connection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver/node";
import { checkWorkspace } from "../../server/src/core/check";
import { LineIndex, Text, textStats } from "../../server/src/core/text";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { encodeMessage } from "../../server/src/lsp/diagnostics";
import { DocumentStore } from "../../server/src/lsp/documents";
import { Session } from "../../server/src/lsp/session";
import { random } from "../random";

const SNIPPETS = ["a", "é", "😀", "\n", "\r\n", "\r", "  - id: R-1\n", "x".repeat(3000), ""];

test("a Text reads as the string it stands for after any edits", () => {
  for (let seed = 1; seed <= 30; seed++) {
    const rnd = random(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    let expected = Array.from({ length: 40 }, (_, i) => `line ${i} ${"y".repeat(int(300))}\n`).join("");
    expected = expected.repeat(1 + int(8));
    let text = Text.of(expected);
    for (let step = 0; step < 200; step++) {
      // Edits near each other (typing) and far apart (pieces pile up).
      const a = rnd() < 0.5 ? int(expected.length + 1) : Math.min(expected.length, 500 + int(40));
      const b = Math.min(expected.length, a + (rnd() < 0.3 ? int(5000) : int(4)));
      const inserted = Array.from({ length: int(3) }, () => SNIPPETS[int(SNIPPETS.length)]).join("");
      text = text.edited(a, b, inserted);
      expected = expected.slice(0, a) + inserted + expected.slice(b);
      const at = `seed ${seed}, step ${step}`;
      assert.equal(text.length, expected.length, at);
      for (let k = 0; k < 5; k++) {
        const i = int(expected.length + 2) - 1; // also -1 and the length
        assert.equal(text.charCodeAt(i), expected.charCodeAt(i), `${at}: charCodeAt(${i})`);
        const s = int(expected.length + 20) - 10;
        const e = int(expected.length + 20) - 10;
        assert.equal(text.slice(s, e), expected.slice(s, e), `${at}: slice(${s}, ${e})`);
      }
      assert.equal(text.slice(), expected, at);
      if (step % 50 === 49) assert.equal(text.flat, expected, at);
    }
  }
});

test("a Text edited in thousands of places far apart stays one text", () => {
  // 10 MB, 6,000 edits: pieces pile up past the most a Text keeps, which then becomes one string.
  const expected = Buffer.from("abcdefghij".repeat(1_000_000), "latin1");
  let text = Text.of(expected.toString("latin1"));
  const rnd = random(7);
  for (let step = 0; step < 6000; step++) {
    const a = Math.floor(rnd() * expected.length);
    text = text.edited(a, a + 1, "Z");
    expected[a] = 90;
  }
  for (let k = 0; k < 200; k++) {
    const a = Math.floor(rnd() * expected.length);
    assert.equal(text.slice(a, a + 5000), expected.subarray(a, a + 5000).toString("latin1"));
  }
  assert.equal(text.flat, expected.toString("latin1"));
});

test("an open document's line index after edits is the index of its text", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rnd = random(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const store = new DocumentStore();
    const uri = "file:///w/r.yaml";
    let expected = Array.from({ length: 300 }, (_, i) => `line ${i}${i % 7 ? "\n" : "\r\n"}`).join("");
    store.open({ textDocument: { uri, languageId: "yaml", version: 1, text: expected } });
    for (let step = 0; step < 80; step++) {
      const oracle = new LineIndex(expected);
      // A position cannot stand between the \r and the \n of a line end.
      const valid = (o: number) => (expected[o - 1] === "\r" && expected[o] === "\n" ? o - 1 : o);
      const a = valid(int(expected.length + 1));
      const b = Math.max(a, valid(Math.min(expected.length, a + int(30))));
      const inserted = Array.from({ length: int(3) }, () => SNIPPETS[int(SNIPPETS.length - 2)]).join("");
      const range = { start: oracle.position(a), end: oracle.position(b) };
      store.change({ textDocument: { uri, version: step + 2 }, contentChanges: [{ range, text: inserted }] });
      expected = expected.slice(0, a) + inserted + expected.slice(b);
      const lines = store.get(uri)!.lines;
      const fresh = new LineIndex(expected);
      const at = `seed ${seed}, step ${step}`;
      assert.equal(lines.lineCount, fresh.lineCount, at);
      for (let line = 0; line < fresh.lineCount; line++) {
        assert.equal(lines.lineStart(line), fresh.lineStart(line), `${at}: line ${line}`);
        assert.equal(lines.lineText(line), fresh.lineText(line), `${at}: line ${line}`);
      }
      for (let k = 0; k < 20; k++) {
        const o = int(expected.length + 1);
        assert.deepEqual(lines.position(o), fresh.position(o), `${at}: offset ${o}`);
      }
      assert.equal(store.take(uri)!.bytes, Buffer.byteLength(expected, "utf8"), at);
    }
    assert.equal(store.get(uri)!.lines.text, expected);
  }
});

test("the line index of a file of many thousand lines follows edits that add and remove thousands", () => {
  const rnd = random(11);
  const int = (n: number) => Math.floor(rnd() * n);
  const store = new DocumentStore();
  const uri = "file:///w/big.yaml";
  let expected = Array.from({ length: 20_000 }, (_, i) => `l${i}${i % 5 ? "\n" : "\r\n"}`).join("");
  store.open({ textDocument: { uri, languageId: "yaml", version: 1, text: expected } });
  for (let step = 0; step < 120; step++) {
    const oracle = new LineIndex(expected);
    const a = int(expected.length + 1);
    const span = [0, 3, 200, 40_000, 120_000][int(5)];
    const valid = (o: number) => (expected[o - 1] === "\r" && expected[o] === "\n" ? o - 1 : o);
    const b = Math.max(valid(a), valid(Math.min(expected.length, a + int(span + 1))));
    const lines = [0, 1, 5, 9000][int(4)];
    const inserted = Array.from({ length: lines }, (_, i) => `n${step}.${i}${i % 3 ? "\n" : "\r"}`).join("");
    const range = { start: oracle.position(valid(a)), end: oracle.position(b) };
    store.change({ textDocument: { uri, version: step + 2 }, contentChanges: [{ range, text: inserted }] });
    expected = expected.slice(0, valid(a)) + inserted + expected.slice(b);
    const got = store.get(uri)!.lines;
    const fresh = new LineIndex(expected);
    assert.equal(got.lineCount, fresh.lineCount, `step ${step}`);
    for (let line = 0; line < fresh.lineCount; line++)
      if (got.lineStart(line) !== fresh.lineStart(line))
        assert.fail(
          `step ${step}: line ${line} starts at ${got.lineStart(line)}, not ${fresh.lineStart(line)}`,
        );
    for (let k = 0; k < 200; k++) {
      const o = int(expected.length + 1);
      assert.deepEqual(got.position(o), fresh.position(o), `step ${step}: offset ${o}`);
    }
  }
});

const TODAY = "2026-11-29";
const ROLES = "kind: roles\nroles:\n  - id: iso\n    title: ISO\n    holder: Ann\n";
const risk = (i: number) =>
  `  - id: R-${i}\n    title: Risk ${i}\n    owner: ${i % 50 === 7 ? `ghost-${i}` : "iso"}\n` +
  `    likelihood: 2\n    impact: 3\n    treatment: accept\n    accepted_by: iso\n` +
  `    accepted_on: 2026-01-0${1 + (i % 9)}\n    reviewed: 2026-11-01\n`;

test("a keystroke in a large open file is published as a fresh load's findings, with no copy of the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "isms-text-"));
  let text = "kind: risks\nrisks:\n" + Array.from({ length: 3000 }, (_, i) => risk(i)).join("");
  writeFileSync(join(dir, "roles.yaml"), ROLES);
  writeFileSync(join(dir, "risks.yaml"), text);
  const published = new Map<string, PublishDiagnosticsParams["diagnostics"]>();
  const connection = {
    console: { log: () => undefined },
    sendDiagnostics: (params: PublishDiagnosticsParams) => {
      // Read as a client over stdio reads them (the session writes them from kept JSON).
      const message = { jsonrpc: "2.0", method: PublishDiagnosticsNotification.method, params };
      const read = JSON.parse(encodeMessage(message).toString("utf8")) as {
        params: PublishDiagnosticsParams;
      };
      published.set(params.uri, read.params.diagnostics);
      return Promise.resolve();
    },
    sendNotification: () => Promise.resolve(),
  } as unknown as Connection;
  const s = new Session(connection);
  s.init({
    processId: null,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    initializationOptions: { today: TODAY, debounceMs: 0 },
  });
  s.scanning = false;
  const uri = pathToFileURL(join(dir, "risks.yaml")).href;
  const roles = pathToFileURL(join(dir, "roles.yaml")).href;
  s.docs.open({ textDocument: { uri: roles, languageId: "yaml", version: 1, text: ROLES } });
  s.opened(roles);
  s.docs.open({ textDocument: { uri, languageId: "yaml", version: 1, text } });
  s.opened(uri);
  s.settle();
  const shown = () => (published.get(uri) ?? []).map((d) => `${d.range.start.line} ${d.code} ${d.message}`);
  const expected = (t: string) => {
    const fresh = new Workspace();
    fresh.setText(join(dir, "roles.yaml"), ROLES);
    fresh.setText(join(dir, "risks.yaml"), t);
    return checkWorkspace(fresh, { today: parseDay(TODAY) })
      .filter((f) => f.file === join(dir, "risks.yaml"))
      .map((f) => `${f.start.line} ${f.code} ${f.message}`);
  };
  assert.deepEqual(shown(), expected(text));
  const flattened = textStats.flattened;
  let version = 1;
  // Typing an owner that does not exist in the middle of the file, a character at a time, then a line.
  const at = text.indexOf("    owner: iso", text.length / 2) + "    owner: iso".length;
  for (const [offset, typed] of [
    [at, "x"],
    [at + 1, "y"],
    [at + 2, "\n    note: a"],
  ] as const) {
    const lines = s.docs.get(uri)!.lines;
    const position = lines.position(offset);
    s.docs.change({
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: position, end: position }, text: typed }],
    });
    s.changed(uri);
    s.settle();
    text = text.slice(0, offset) + typed + text.slice(offset);
  }
  assert.equal(textStats.flattened, flattened, "the file's text was not made one string");
  assert.ok(shown().some((d) => d.includes("Unknown role 'isoxy'")));
  assert.deepEqual(shown(), expected(text));
});
