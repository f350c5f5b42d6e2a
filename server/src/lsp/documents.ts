// The open documents, kept in sync by incremental edits. Besides the text, each document remembers how
// much of its start and end no edit has touched since the engine last loaded it, so the engine re-parses
// only the items an edit touched. The text is kept as pieces (core/text.ts Text) and line starts are
// kept up to date per edit (only the edited lines are scanned), so an edit in a huge file costs what it
// changed: no copy of the file's text.
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from "vscode-languageserver/node";
import { JOIN_BELOW, LineIndex, type Chars } from "../core/text";
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

  /** Characters of new text the edits since the last call made (a new text shares the old one's pieces). */
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
      const old = t.lines.chars;
      if ("range" in c) {
        const start = offsetIn(t.lines, c.range.start);
        const end = Math.max(start, offsetIn(t.lines, c.range.end));
        const suffix = old.length - end;
        if (t.unchanged) {
          t.unchanged.prefix = Math.min(t.unchanged.prefix, start);
          t.unchanged.suffix = Math.min(t.unchanged.suffix, suffix);
        }
        const inserted = typeof c.text === "string" ? c.text : "";
        t.bytes += bytesAdded(old, start, end, inserted);
        t.lines = LineIndex.edited(t.lines, old.edited(start, end, inserted), start, suffix);
        // The edit's text and the few kilobytes of text around it it was joined with.
        this.churn += inserted.length + 2 * JOIN_BELOW;
      } else {
        t.unchanged = undefined;
        t.lines = new LineIndex(c.text);
        t.bytes = Buffer.byteLength(c.text, "utf8");
        this.churn += c.text.length;
      }
    }
    t.version = p.textDocument.version;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  /** The text to load, with what its edits left unchanged since the previous take. */
  take(
    uri: string,
  ): { lines: LineIndex; bytes: number; unchanged?: { prefix: number; suffix: number } } | undefined {
    const t = this.docs.get(uri);
    if (!t) return undefined;
    const { length } = t.lines.chars;
    const unchanged = t.unchanged;
    t.unchanged = { prefix: length, suffix: length };
    return { lines: t.lines, bytes: t.bytes, unchanged };
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
export function bytesAdded(old: Chars, start: number, end: number, inserted: string): number {
  const from = Math.max(0, start - 1);
  const to = Math.min(old.length, end + 1);
  const before = Buffer.byteLength(old.slice(from, to), "utf8");
  return Buffer.byteLength(old.slice(from, start) + inserted + old.slice(end, to), "utf8") - before;
}
