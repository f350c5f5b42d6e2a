// Document symbols (the outline: header fields, then entries with their findings) and workspace symbols
// (any id or title, across files).
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from "vscode-languageserver/node";
import type { Entry, IsmsFile } from "../core/model";
import { anchorRange } from "../core/model";
import { entrySpec } from "../core/registry";
import { titleOf } from "../core/reviews";
import { location, lspRange } from "./convert";
import type { Session } from "./session";

/** The outline icon of an entry, as its kind declares it. */
const symbolOf = (e: Entry): SymbolKind => SymbolKind[entrySpec(e.kind)?.symbol ?? "Object"];

/** An entry's human name (see titleOf: a SoA control's is the catalogue's title). */
export const entryTitle = titleOf;

function entryRange(e: Entry) {
  const r = e.span;
  return r ? ([e.chunk.base + r[0], e.chunk.base + r[1]] as [number, number]) : anchorRange(e);
}

/** At most this many entries are listed in one file's outline (huge registers stay responsive). */
export const OUTLINE_LIMIT = 20_000;

export function documentSymbols(session: Session, uri: string): DocumentSymbol[] | null {
  const file = session.file(uri);
  if (!file) return null;
  const out: DocumentSymbol[] = [];
  for (const [name, pair] of file.top) {
    const start = pair.chunk.base + (pair.key.range?.[0] ?? 0);
    const end = pair.chunk.base + (pair.value?.range?.[1] ?? pair.key.range?.[1] ?? 0);
    out.push({
      name,
      kind: SymbolKind.Property,
      range: lspRange(file, [start, Math.max(start, end)]),
      selectionRange: lspRange(file, [start, pair.chunk.base + (pair.key.range?.[1] ?? 0)]),
      children: [],
    });
  }
  const collection = out.find((s) => file.entries[0] && s.name === file.entries[0].path[0]);
  const byEntry = new Map<Entry, DocumentSymbol>();
  for (const e of file.entries.slice(0, OUTLINE_LIMIT)) {
    const sym = entrySymbol(file, e);
    byEntry.set(e, sym);
    const parent = e.parent ? byEntry.get(e.parent) : collection;
    (parent ? (parent.children ??= []) : out).push(sym);
  }
  return out;
}

function entrySymbol(file: IsmsFile, e: Entry): DocumentSymbol {
  const range = entryRange(e);
  const anchor = anchorRange(e);
  return {
    name: e.id ?? `(${e.kind} without id)`,
    detail: entryTitle(e),
    kind: symbolOf(e),
    range: lspRange(file, range),
    // The selection must lie inside the range.
    selectionRange: lspRange(file, anchor[0] >= range[0] && anchor[1] <= range[1] ? anchor : range),
  };
}

export const WORKSPACE_SYMBOL_LIMIT = 500;

/** Ids and titles matching every word of the query (case-insensitive); ids that start with it first. */
export function workspaceSymbols(session: Session, query: string): SymbolInformation[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const q = query.trim().toLowerCase();
  const hits: { e: Entry; rank: number }[] = [];
  for (const file of session.index.files)
    for (const e of file.entries) {
      if (!e.id) continue;
      const hay = `${e.id} ${entryTitle(e)}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
      hits.push({ e, rank: e.id.toLowerCase() === q ? 0 : e.id.toLowerCase().startsWith(q) ? 1 : 2 });
    }
  hits.sort((a, b) => a.rank - b.rank);
  return hits.slice(0, WORKSPACE_SYMBOL_LIMIT).map(({ e }) => ({
    name: `${e.id} ${entryTitle(e)}`.trim(),
    kind: symbolOf(e),
    location: location(session, e.file, anchorRange(e)),
    containerName: e.file.kind,
  }));
}
