// The open documents' byte counts are kept per edit (lsp/documents.ts): after any sequence of edits the
// count is the UTF-8 length of the text, also when edits cut or join surrogate pairs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DocumentStore } from "../../server/src/lsp/documents";
import { random } from "../random";

const PIECES = ["a", "é", "€", "😀", "\ud83d", "\ude00", "\n", "\r\n", "x: 1\n", ""];

test("an open document's UTF-8 byte count follows its edits", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = random(seed);
    const pick = () => PIECES[Math.floor(rnd() * PIECES.length)];
    const store = new DocumentStore();
    const uri = "file:///w/r.yaml";
    let text = Array.from({ length: 20 }, pick).join("");
    store.open({ textDocument: { uri, languageId: "yaml", version: 1, text } });
    for (let step = 0; step < 60; step++) {
      const lines = store.get(uri)!.lines;
      // Offsets anywhere, also inside a surrogate pair (UTF-16 positions may cut one).
      const a = Math.floor(rnd() * (text.length + 1));
      const b = Math.min(text.length, a + Math.floor(rnd() * 4));
      const inserted = Array.from({ length: Math.floor(rnd() * 3) }, pick).join("");
      const range = { start: lines.position(a), end: lines.position(b) };
      store.change({ textDocument: { uri, version: step + 2 }, contentChanges: [{ range, text: inserted }] });
      text = store.get(uri)!.lines.text;
      const taken = store.take(uri)!;
      assert.equal(taken.bytes, Buffer.byteLength(text, "utf8"), `seed ${seed}, step ${step}`);
    }
  }
});
