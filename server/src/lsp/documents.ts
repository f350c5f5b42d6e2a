// The open documents, kept in sync by incremental edits. Besides the text, each document remembers how
// much of its start and end no edit has touched since the engine last loaded it, so the engine re-parses
// only the items an edit touched.
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";

interface Tracked {
  doc: TextDocument;
  /** Characters at the start and at the end unchanged since the last take; undefined: load in full. */
  unchanged?: { prefix: number; suffix: number };
}

export class DocumentStore {
  private readonly docs = new Map<string, Tracked>();

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri)?.doc;
  }

  open(p: DidOpenTextDocumentParams): void {
    const d = p.textDocument;
    this.docs.set(d.uri, { doc: TextDocument.create(d.uri, d.languageId, d.version, d.text) });
  }

  change(p: DidChangeTextDocumentParams): void {
    const t = this.docs.get(p.textDocument.uri);
    if (!t) return;
    for (const c of p.contentChanges) {
      const length = t.doc.getText().length;
      if ("range" in c) {
        const start = t.doc.offsetAt(c.range.start);
        const end = Math.max(start, t.doc.offsetAt(c.range.end));
        if (t.unchanged) {
          t.unchanged.prefix = Math.min(t.unchanged.prefix, start);
          t.unchanged.suffix = Math.min(t.unchanged.suffix, length - end);
        }
      } else t.unchanged = undefined;
      t.doc = TextDocument.update(t.doc, [c], p.textDocument.version);
    }
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  /** The text to load, with what its edits left unchanged since the previous take. */
  take(uri: string): { text: string; unchanged?: { prefix: number; suffix: number } } | undefined {
    const t = this.docs.get(uri);
    if (!t) return undefined;
    const text = t.doc.getText();
    const unchanged = t.unchanged;
    t.unchanged = { prefix: text.length, suffix: text.length };
    return { text, unchanged };
  }

  /** The next take loads the text in full (the engine lost its version: closed, unreadable, ...). */
  forget(uri: string): void {
    const t = this.docs.get(uri);
    if (t) t.unchanged = undefined;
  }
}
