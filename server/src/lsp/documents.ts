// The open documents, kept in sync by incremental edits. Besides the text, each document remembers how
// much of its start and end no edit has touched since the engine last loaded it, so the engine re-parses
// only the items an edit touched. Line starts are kept up to date per edit (only the edited lines are
// scanned), so an edit in a huge file costs what it changed.
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from "vscode-languageserver/node";
import { LineIndex } from "../core/text";
import { offsetIn } from "./convert";

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly lines: LineIndex;
}

interface Tracked extends OpenDocument {
  version: number;
  lines: LineIndex;
  /** The text's length in UTF-8 bytes, kept per edit (counting a large file's bytes took a few ms). */
  bytes: number;
  /** Characters at the start and at the end unchanged since the last take; undefined: load in full. */
  unchanged?: { prefix: number; suffix: number };
}

export class DocumentStore {
  private readonly docs = new Map<string, Tracked>();
  private churn = 0;

  /** Characters of text the edits since the last call replaced (each edit makes a new full text). */
  takeChurn(): number {
    const n = this.churn;
    this.churn = 0;
    return n;
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  open(p: DidOpenTextDocumentParams): void {
    const d = p.textDocument;
    this.docs.set(d.uri, {
      uri: d.uri,
      version: d.version,
      lines: new LineIndex(d.text),
      bytes: Buffer.byteLength(d.text, "utf8"),
    });
  }

  change(p: DidChangeTextDocumentParams): void {
    const t = this.docs.get(p.textDocument.uri);
    if (!t) return;
    for (const c of p.contentChanges) {
      const old = t.lines.text;
      if ("range" in c) {
        const start = offsetIn(t.lines, c.range.start);
        const end = Math.max(start, offsetIn(t.lines, c.range.end));
        const suffix = old.length - end;
        if (t.unchanged) {
          t.unchanged.prefix = Math.min(t.unchanged.prefix, start);
          t.unchanged.suffix = Math.min(t.unchanged.suffix, suffix);
        }
        const inserted = typeof c.text === "string" ? c.text : "";
        const text = old.slice(0, start) + inserted + old.slice(end);
        t.bytes += bytesAdded(old, start, end, inserted);
        t.lines = LineIndex.edited(t.lines, text, start, suffix);
      } else {
        t.unchanged = undefined;
        t.lines = new LineIndex(c.text);
        t.bytes = Buffer.byteLength(c.text, "utf8");
      }
    }
    t.version = p.textDocument.version;
    this.churn += t.lines.text.length * p.contentChanges.length;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  /** The text to load, with what its edits left unchanged since the previous take. */
  take(
    uri: string,
  ):
    | { text: string; lines: LineIndex; bytes: number; unchanged?: { prefix: number; suffix: number } }
    | undefined {
    const t = this.docs.get(uri);
    if (!t) return undefined;
    const { text } = t.lines;
    const unchanged = t.unchanged;
    t.unchanged = { prefix: text.length, suffix: text.length };
    return { text, lines: t.lines, bytes: t.bytes, unchanged };
  }

  /** The next take loads the text in full (the engine lost its version: closed, unreadable, ...). */
  forget(uri: string): void {
    const t = this.docs.get(uri);
    if (t) t.unchanged = undefined;
  }
}

/**
 * How many UTF-8 bytes replacing `old`'s characters from `start` to `end` by `inserted` adds. The
 * characters either side are counted too: a surrogate pair the edit joins or cuts counts right, and one
 * outside counts the same before and after.
 */
export function bytesAdded(old: string, start: number, end: number, inserted: string): number {
  const from = Math.max(0, start - 1);
  const to = Math.min(old.length, end + 1);
  const before = Buffer.byteLength(old.slice(from, to), "utf8");
  return Buffer.byteLength(old.slice(from, start) + inserted + old.slice(end, to), "utf8") - before;
}
