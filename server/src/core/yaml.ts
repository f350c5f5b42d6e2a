// Tolerant, chunked YAML loading. A file is cut at its top-level keys and, for the kind's collection
// (risks:, roles:, controls:, ...), at each block item; every chunk is parsed on its own. A syntax error
// then spoils one entry, not the file, and an edit re-parses only the chunks whose text changed (the
// language server keeps a cache keyed by chunk text). Files the cutter cannot prove safe (anchors,
// several documents, flow style at the top, odd indentation) are parsed whole: same model, base 0.
import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Scalar,
} from "yaml";

export interface Chunk {
  /** Offset of the chunk's text in the file. A chunk reused after an edit elsewhere has its base moved. */
  base: number;
  doc: Document.Parsed;
  /** What the model derived from this chunk (its entries), reused with the chunk. */
  derived?: unknown;
}

export interface YamlItem {
  node: Node | null;
  /** The map key, for collections that are maps (the SoA's controls). */
  key?: Scalar;
  chunk: Chunk;
}

export interface TopPair {
  key: Scalar;
  value: Node | null;
  chunk: Chunk;
}

export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
}

export interface ParsedYaml {
  /** Top-level pairs by key (the first one, when a key is repeated). */
  top: Map<string, TopPair>;
  /** Items of the collection key (when the caller named one). */
  items: YamlItem[];
  problems: SyntaxProblem[];
  chunked: boolean;
}

/** Hands out chunks: a chunk of an earlier version with the same text (its base moved), or a new one. */
export interface ParseCache {
  chunk(text: string, base: number): Chunk;
}

export function parseChunkText(text: string): Document.Parsed {
  // logLevel "error": the yaml library would print warnings (keys that are collections) to stderr.
  return parseDocument(text, { prettyErrors: false, keepSourceTokens: false, logLevel: "error" });
}

const newChunk = (text: string, base: number, cache?: ParseCache): Chunk =>
  cache ? cache.chunk(text, base) : { base, doc: parseChunkText(text) };

const KEY_LINE = /^(?:[A-Za-z0-9_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)/;
const ANCHOR = /(?:^|[\s[{,])&[^\s,[\]{}]/;

interface Line {
  start: number;
  end: number; // excluding newline
  indent: number;
  blank: boolean; // blank or comment-only
}

function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    const blank = i >= end || c === 35 /* # */ || (c === 13 && i === end - 1);
    lines.push({ start, end, indent: i - start, blank });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

/** Cuts a block collection (lines [from, to)) into items; undefined when the layout is not plain block style. */
function cutItems(
  text: string,
  lines: Line[],
  from: number,
  to: number,
  isSeq: boolean,
): number[] | undefined {
  let first = from;
  while (first < to && lines[first].blank) first++;
  if (first === to) return [];
  const n = lines[first].indent;
  const starts: number[] = [];
  for (let i = first; i < to; i++) {
    const l = lines[i];
    if (l.blank) continue;
    if (l.indent < n) return undefined;
    if (l.indent > n) continue;
    const c = text.charCodeAt(l.start + n);
    if (isSeq) {
      const next = text.charCodeAt(l.start + n + 1);
      if (c !== 45 /* - */ || !(next === 32 || next === 13 || l.start + n + 1 >= l.end)) return undefined;
    } else if (!KEY_LINE.test(text.slice(l.start + n, l.end))) return undefined;
    starts.push(i);
  }
  return starts;
}

function whole(text: string, collection: string | undefined, cache?: ParseCache): ParsedYaml {
  const chunk = newChunk(text, 0, cache);
  const result: ParsedYaml = { top: new Map(), items: [], problems: [], chunked: false };
  addProblems(result, chunk, text);
  const contents = chunk.doc.contents;
  if (!isMap(contents)) return result;
  for (const pair of contents.items) addTop(result, pair, chunk);
  if (collection) addItems(result, result.top.get(collection)?.value, chunk);
  return result;
}

/** Adds the items of a collection node (a list's items, or a map's values with their keys). */
function addItems(result: ParsedYaml, coll: unknown, chunk: Chunk): void {
  if (isSeq(coll)) for (const node of coll.items) result.items.push({ node: node as Node | null, chunk });
  else if (isMap(coll))
    for (const p of coll.items)
      result.items.push({ node: p.value as Node | null, key: p.key as Scalar, chunk });
}

function addProblems(result: ParsedYaml, chunk: Chunk, text: string): void {
  if (chunk.doc.errors.length === 0) return;
  // An error found at the end of the input (an unclosed bracket or quote) is shown on the last
  // character of the chunk, not on the next entry's first line.
  const last = Math.max(0, text.trimEnd().length - 1);
  for (const e of chunk.doc.errors) {
    const start = Math.min(e.pos[0], last);
    const end = Math.max(start + 1, Math.min(e.pos[1], last + 1));
    result.problems.push({
      start: chunk.base + start,
      end: chunk.base + end,
      message: e.message.split("\n")[0],
    });
  }
}

function addTop(result: ParsedYaml, pair: Pair, chunk: Chunk): void {
  const key = pair.key;
  if (!isScalar(key)) return;
  const name = String(key.value);
  if (result.top.has(name)) {
    const [s, e] = key.range ?? [0, 0];
    result.problems.push({
      start: chunk.base + s,
      end: chunk.base + e,
      message: `Map keys must be unique: '${name}' is repeated`,
    });
    return;
  }
  result.top.set(name, { key, value: (pair.value as Node | null) ?? null, chunk });
}

/**
 * Parses `text`. `collection` names the top-level key whose items are entries (e.g. "risks").
 */
export function parseYaml(
  text: string,
  collection: string | undefined,
  cache?: ParseCache,
  opts: { whole?: boolean } = {},
): ParsedYaml {
  if (opts.whole || ANCHOR.test(text)) return whole(text, collection, cache);
  const lines = scanLines(text);
  // Sections: [startLine, endLine) for each top-level key.
  const sections: { key: string; from: number; to: number }[] = [];
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.blank || l.indent > 0) {
      if (!l.blank && sections.length === 0) return whole(text, collection, cache);
      continue;
    }
    const s = text.slice(l.start, l.end);
    if (s === "---" || s.startsWith("--- ") || s === "---\r") {
      if (seenContent) return whole(text, collection, cache);
      seenContent = true;
      continue;
    }
    if (s.startsWith("- ") || s === "-" || s === "-\r") {
      if (sections.length === 0) return whole(text, collection, cache);
      continue;
    }
    if (!KEY_LINE.test(s)) return whole(text, collection, cache);
    const key = /^["']?([^"':]*)/.exec(s)![1].trim();
    if (sections.length) sections[sections.length - 1].to = i;
    else if (i > 0) sections.push({ key: "", from: 0, to: i }); // prelude: comments and '---'
    sections.push({ key, from: i, to: lines.length });
    seenContent = true;
  }
  if (sections.length === 0) return whole(text, collection, cache);

  const result: ParsedYaml = { top: new Map(), items: [], problems: [], chunked: true };
  const offsetOf = (line: number) => (line < lines.length ? lines[line].start : text.length);
  const chunkOf = (fromLine: number, toLine: number): Chunk => {
    const base = offsetOf(fromLine);
    const end = toLine < lines.length ? lines[toLine].start : text.length;
    const chunkText = text.slice(base, end);
    const chunk = newChunk(chunkText, base, cache);
    addProblems(result, chunk, chunkText);
    return chunk;
  };
  for (const sec of sections) {
    if (sec.key === "") {
      chunkOf(sec.from, sec.to);
      continue;
    }
    let bodyFrom = sec.to;
    let itemStarts: number[] | undefined;
    if (sec.key === collection) {
      const head = lines[sec.from];
      const rest = text.slice(head.start, head.end).replace(KEY_LINE, "").trim();
      if (rest === "" || rest.startsWith("#")) {
        bodyFrom = sec.from + 1;
        let first = bodyFrom;
        while (first < sec.to && lines[first].blank) first++;
        const firstText =
          first < sec.to ? text.slice(lines[first].start + lines[first].indent, lines[first].end) : "";
        const isSeq = firstText === "-" || firstText.startsWith("- ") || firstText === "-\r";
        itemStarts = cutItems(text, lines, bodyFrom, sec.to, isSeq);
      }
    }
    if (!itemStarts) {
      const chunk = chunkOf(sec.from, sec.to);
      if (isMap(chunk.doc.contents)) for (const pair of chunk.doc.contents.items) addTop(result, pair, chunk);
      else if (chunk.doc.errors.length === 0) return whole(text, collection, cache);
      if (sec.key === collection) addItems(result, result.top.get(collection)?.value, chunk);
      continue;
    }
    const headChunk = chunkOf(sec.from, bodyFrom);
    if (isMap(headChunk.doc.contents))
      for (const pair of headChunk.doc.contents.items) addTop(result, pair, headChunk);
    for (let k = 0; k < itemStarts.length; k++) {
      const chunk = chunkOf(itemStarts[k], k + 1 < itemStarts.length ? itemStarts[k + 1] : sec.to);
      addItems(result, chunk.doc.contents, chunk);
    }
  }
  return result;
}

/** Converts a node to plain JS; aliases that expand too much (billion laughs) throw. */
export function toJS(node: Node | null, doc: Document.Parsed): unknown {
  if (node === null) return null;
  return node.toJS(doc, { maxAliasCount: 1000 });
}
