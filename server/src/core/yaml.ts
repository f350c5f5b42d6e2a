// Tolerant, chunked YAML loading. A file is cut at its top-level keys and, for the kind's collection
// (risks:, roles:, controls:, ...), at each block item; every chunk is parsed on its own. A syntax error
// then spoils one entry, not the file, and an edit re-parses only the chunks whose text changed (the
// language server keeps a cache keyed by chunk text). Files the cutter cannot prove safe (anchors,
// several documents, flow style at the top, odd indentation) are parsed whole: same model, base 0.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type Scalar,
} from "yaml";
import type { Chars } from "./text";

/**
 * One piece of a file, parsed on its own. The chunk of a collection item can drop its nodes (see
 * `releaseNodes`) and parses its text again when they are next asked for: what the model derived from
 * it (values, ids, references, spans) needs no nodes, so a workspace of 50,000 entries holds the nodes of
 * the few it is working on, not of all of them.
 */
export class Chunk {
  /** Why the chunk's text was not parsed (over a limit), relative to the chunk; its doc is then empty. */
  readonly refused?: SyntaxProblem;
  /** What the model derived from this chunk (its entries), reused with the chunk. */
  derived?: unknown;
  /** What addSlot read of the chunk (its problems and items), so a reused chunk needs no nodes. */
  shape?: ChunkShape;
  private parsed: Document.Parsed | undefined;
  private droppable = false;

  constructor(
    /** Offset of the chunk's text in the file. A chunk reused after an edit elsewhere has its base moved. */
    public base: number,
    /** The chunk's text (a copy sharing no memory with the file's: see `detached`). */
    private readonly text: string,
    refused?: SyntaxProblem,
  ) {
    if (refused) this.refused = refused;
    this.parsed = parse(refused ? "" : text);
  }

  get doc(): Document.Parsed {
    if (this.parsed) return this.parsed;
    const doc = (this.parsed = parse(this.refused ? "" : this.text));
    held.add(this);
    reparsed++;
    return doc;
  }

  /** The end of the line at `rel` (relative to the chunk), before its line break. */
  lineEnd(rel: number): number {
    const eol = this.text.indexOf("\n", rel);
    return eol === -1 ? this.text.length : eol;
  }

  /** Lets the chunk drop its nodes when `releaseNodes` asks (the chunk of a collection item). */
  allowDrop(): void {
    if (this.droppable) return;
    this.droppable = true;
    if (this.parsed) held.add(this);
  }

  drop(): void {
    if (this.droppable) this.parsed = undefined;
  }
}

/** How many droppable chunks keep their nodes (those parsed last): an edit's and a request's. */
const KEEP = 128;

/** Droppable chunks holding nodes, oldest first. */
const held = new Set<Chunk>();

/**
 * Drops the nodes of all droppable chunks but the `keep` parsed most recently (those an edit or a
 * request is likely to need again). Called after each check, and as a full parse goes.
 */
export function releaseNodes(keep = KEEP): void {
  let excess = held.size - keep;
  for (const c of held) {
    if (excess-- <= 0) break;
    c.drop();
    held.delete(c);
    dropped++;
  }
}

let reparsed = 0;
let dropped = 0;
/**
 * How many droppable chunks hold their nodes, and how many times chunks parsed their text again and
 * dropped their nodes (the language server collects garbage after large drops; tests).
 */
export const nodeStats = (): { held: number; reparsed: number; dropped: number } => ({
  held: held.size,
  reparsed,
  dropped,
});

/** An item of a chunk as first read, kept with the chunk. */
interface ItemShape {
  /** The node's range relative to the chunk; undefined for an empty item. */
  span: Range | undefined;
  /** Where the key starts (keyed items: the SoA's controls). */
  keyStart?: number;
  broken: boolean;
}
interface ChunkShape {
  item: boolean;
  problems: SyntaxProblem[];
  items: ItemShape[];
}
type Range = [number, number];

export interface YamlItem {
  readonly node: Node | null;
  /** The map key, for collections that are maps (the SoA's controls). */
  readonly key?: Scalar;
  readonly chunk: Chunk;
  /** A syntax error lies in the item (its own chunk has one, or one falls in its range). */
  readonly broken?: boolean;
  /** Its place among the items of its chunk. */
  readonly at: number;
  /** The node's range relative to the chunk (no nodes needed); undefined for an empty item. */
  readonly span: Range | undefined;
  /** Where the item starts relative to the chunk: its key, else its node. */
  readonly start: number;
}

/** An item of a chunk that can drop its nodes: they are looked up in the chunk's doc when asked for. */
class ChunkItem implements YamlItem {
  constructor(
    readonly chunk: Chunk,
    readonly at: number,
    private readonly shape: ItemShape,
  ) {}
  get node(): Node | null {
    const c = this.chunk.doc.contents;
    if (isSeq(c)) return c.items[this.at] ?? null;
    if (isMap(c)) return c.items[this.at]?.value ?? null;
    return null;
  }
  get key(): Scalar | undefined {
    if (this.shape.keyStart === undefined) return undefined;
    const c = this.chunk.doc.contents;
    return isMap(c) ? (c.items[this.at]?.key as Scalar | undefined) : undefined;
  }
  get broken(): boolean {
    return this.shape.broken;
  }
  get span(): Range | undefined {
    return this.shape.span;
  }
  get start(): number {
    return this.shape.keyStart ?? this.shape.span?.[0] ?? 0;
  }
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
  /** A limit the text exceeds (file-too-complex); a syntax error otherwise. */
  code?: "file-too-complex";
  /** The root cause of a syntax error in plain words (yaml-syntax's message id), and what it needs. */
  cause?: SyntaxCause;
  data?: Record<string, string>;
  /** Reported, but what it concerns is still read (an unknown tag). */
  warning?: true;
}

export type SyntaxCause =
  "tab" | "colonSpace" | "colonMissing" | "colonInText" | "unclosedQuote" | "indentation" | "syntax";

/**
 * What one parse may hold, so that every file within the size limit is checked (or refused with a
 * finding) in bounded memory and time: nesting depth, tokens of one chunk (an entry, or a file parsed
 * whole), entries of one file, and how much aliases may expand.
 */
export const LIMITS = {
  nesting: 64,
  chunkTokens: 200_000,
  wholeTokens: 2_000_000,
  entries: 100_000,
  aliasExpansion: 16 * 1024 * 1024,
};

/** One chunk of the file in text order, with what it yielded (problems relative to the chunk). */
export interface Slot {
  chunk: Chunk;
  length: number;
  /** An item of the cut collection (the only chunks an incremental reparse may replace). */
  item: boolean;
  items: YamlItem[];
  problems: SyntaxProblem[];
}

export interface ParsedYaml {
  /** Top-level pairs by key (the first one, when a key is repeated). */
  top: Map<string, TopPair>;
  /** Items of the collection key (when the caller named one). */
  items: YamlItem[];
  problems: SyntaxProblem[];
  chunked: boolean;
  /** Every chunk in text order; with the item indentation when the collection was cut into items. */
  slots: Slot[];
  cut?: { indent: number; isSeq: boolean };
  /** Set by reparseYaml: `removed` items of the previous parse from index `at` became `added` items. */
  splice?: { at: number; removed: number; added: number };
}

/** Hands out chunks: a chunk of an earlier version with the same text (its base moved), or a new one. */
export interface ParseCache {
  chunk(text: string, base: number, whole?: boolean): Chunk;
}

/**
 * A copy of a string that does not share memory with the string it was cut from. A slice of a string
 * keeps the whole string alive in V8, and parsed nodes keep slices of their chunk's text: without the
 * copy, a chunk parsed after an edit would keep that version of the whole file in memory for as long as
 * the chunk lives.
 */
export const detached = (text: string): string => (" " + text).slice(1);

const parse = (text: string): Document.Parsed =>
  // logLevel "error": the yaml library would print warnings (keys that are collections) to stderr.
  parseDocument(text, { prettyErrors: false, keepSourceTokens: false, logLevel: "error" });

/** A chunk of text parsed on its own, unless it is over a limit (then empty, with the reason). */
export function makeChunk(text: string, base: number, whole = false): Chunk {
  const refused = overLimit(text, whole);
  if (refused) return new Chunk(base, "", refused);
  const copy = detached(text);
  const chunk = new Chunk(base, copy);
  const aliases = text.includes("*") ? aliasExpansion(chunk.doc) : 0;
  if (aliases > LIMITS.aliasExpansion)
    return new Chunk(base, "", {
      start: 0,
      end: Math.min(text.length, 1),
      code: "file-too-complex",
      message: `Aliases here expand to more than ${bytes(LIMITS.aliasExpansion)} of text; ${whole ? "the file" : "this part of the file"} is not read (write the values out, or use fewer aliases)`,
    });
  return chunk;
}

const newChunk = (text: string, base: number, cache?: ParseCache, whole = false): Chunk =>
  cache ? cache.chunk(text, base, whole) : makeChunk(text, base, whole);

const bytes = (n: number): string =>
  n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : `${Math.round(n / 1024)} KiB`;

/** How many characters the aliases of a document expand to (each alias counts its anchor's source). */
function aliasExpansion(doc: Document.Parsed): number {
  let total = 0;
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      const r = target?.range;
      if (r) total += r[1] - r[0];
      if (total > LIMITS.aliasExpansion) return visit.BREAK;
      return undefined;
    },
  });
  return total;
}

/** Counts occurrences of `ch` in `text`, stopping once `limit` is reached. */
function countUpTo(text: string, ch: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1 && n < limit; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * Why a chunk is over a limit, or undefined. Cheap for ordinary text: the exact scans run only when a
 * quick count says a limit may be reached.
 */
function overLimit(text: string, whole: boolean): SyntaxProblem | undefined {
  const at = (offset: number, message: string): SyntaxProblem => ({
    start: offset,
    end: Math.min(text.length, offset + 1),
    code: "file-too-complex",
    message,
  });
  const maxTokens = whole ? LIMITS.wholeTokens : LIMITS.chunkTokens;
  const what = whole ? "the file" : "this part of the file";
  // A token takes at least two characters (a value and a separator).
  if (text.length > 2 * maxTokens) {
    let tokens = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 /* , */ || c === 58 /* : */ || c === 10 /* \n */ || c === 91 /* [ */ || c === 123 /* { */)
        if (++tokens > maxTokens)
          return at(
            i,
            `More than ${maxTokens.toLocaleString("en")} values in ${whole ? "this file" : "one entry"}; ${what} is not read (split it)`,
          );
    }
  }
  const brackets = countUpTo(text, "[", LIMITS.nesting) + countUpTo(text, "{", LIMITS.nesting);
  if (brackets >= LIMITS.nesting) {
    const deep = flowDepth(text);
    if (deep !== undefined)
      return at(deep, `Nesting deeper than ${LIMITS.nesting} levels; ${what} is not read`);
  }
  if (
    countUpTo(text, "\n", LIMITS.nesting) >= LIMITS.nesting ||
    countUpTo(text, "- ", LIMITS.nesting) >= LIMITS.nesting
  ) {
    const deep = blockDepth(text);
    if (deep !== undefined)
      return at(deep, `Nesting deeper than ${LIMITS.nesting} levels; ${what} is not read`);
  }
  return undefined;
}

/**
 * The offset where flow collections ([ and {) nest deeper than the limit, outside quoted scalars and
 * comments. A quote opens a scalar only where a scalar may start (after a line start, a space, `[`,
 * `{`, `,`, `:` or `-`), as YAML reads it; an apostrophe inside plain text hides nothing.
 */
function flowDepth(text: string): number | undefined {
  let depth = 0;
  let quote = 0;
  let prev = 10;
  for (let i = 0; i < text.length; prev = text.charCodeAt(i), i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 92 /* \ */ && quote === 34) i++;
      continue;
    }
    const scalarStart =
      prev === 10 || prev === 32 || prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 45;
    if ((c === 34 /* " */ || c === 39) /* ' */ && scalarStart) quote = c;
    else if (c === 35 /* # */ && (prev === 32 || prev === 10)) {
      const nl = text.indexOf("\n", i);
      if (nl === -1) break;
      i = nl;
    } else if (c === 91 || c === 123) {
      if (++depth > LIMITS.nesting) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** The offset where block collections (indentation, "- " items) nest deeper than the limit. */
function blockDepth(text: string): number | undefined {
  const stack: number[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i < end && text.charCodeAt(i) !== 35) {
      let col = i - start;
      while (stack.length && stack[stack.length - 1] >= col) stack.pop();
      stack.push(col);
      // "- - - x": each dash opens one more level.
      while (text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 32) {
        i += 2;
        while (i < end && text.charCodeAt(i) === 32) i++;
        col = i - start;
        stack.push(col);
      }
      if (stack.length > LIMITS.nesting) return start;
    }
    start = end + 1;
  }
  return undefined;
}

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
    // A tab counts as indentation here (YAML forbids it, so its chunk reports it), never as column 0.
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const c = text.charCodeAt(i);
    const blank = i >= end || c === 35 /* # */ || (c === 13 && i === end - 1);
    lines.push({ start, end, indent: i - start, blank });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

/** Whether a line (without its break) starts a collection item at `indent`. */
function itemStartAt(line: string, indent: number, isSeq: boolean): boolean {
  if (isSeq) {
    if (line.charCodeAt(indent) !== 45 /* - */) return false;
    const next = line.charCodeAt(indent + 1);
    return next === 32 || next === 13 || indent + 1 >= line.length;
  }
  return KEY_LINE.test(line.slice(indent));
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
    if (l.indent > n) continue;
    // A line indented less than, or as far as, the items but not starting one belongs to the item
    // above: a syntax error in that entry alone, not in the whole file.
    // (A line at column 0 is a top-level key, never part of an item.)
    if (l.indent < n || !itemStartAt(text.slice(l.start, l.end), n, isSeq)) {
      if (starts.length && l.indent > 0) continue;
      return undefined;
    }
    starts.push(i);
  }
  return starts;
}

function whole(text: string, collection: string | undefined, cache?: ParseCache): ParsedYaml {
  const chunk = newChunk(text, 0, cache, true);
  const result: ParsedYaml = { top: new Map(), items: [], problems: [], chunked: false, slots: [] };
  const slot = addSlot(result, chunk, text, false);
  const contents = chunk.doc.contents;
  if (isMap(contents)) {
    for (const pair of contents.items) addTop(result, pair, slot);
    if (collection) addItems(slot, result.top.get(collection)?.value);
  }
  return finish(result);
}

function addSlot(result: ParsedYaml, chunk: Chunk, text: string, item: boolean): Slot {
  const shape = chunk.shape?.item === item ? chunk.shape : undefined;
  const slot: Slot = {
    chunk,
    length: text.length,
    item,
    items: [],
    problems: shape?.problems ?? chunkProblems(chunk, text),
  };
  result.slots.push(slot);
  return slot;
}

/** Items and absolute problems from the slots, in text order. */
function finish(result: ParsedYaml): ParsedYaml {
  const items: YamlItem[] = [];
  const problems: SyntaxProblem[] = [];
  for (const s of result.slots) {
    for (const item of s.items) items.push(item);
    for (const p of s.problems)
      problems.push({ ...p, start: s.chunk.base + p.start, end: s.chunk.base + p.end });
  }
  result.items = items;
  result.problems = problems;
  return result;
}

/**
 * Adds the items of a collection node (a list's items, or a map's values with their keys). The items of
 * an item chunk are read from the chunk's contents once; later they come from its shape, without nodes.
 */
function addItems(slot: Slot, coll?: unknown): void {
  const chunk = slot.chunk;
  if (slot.item) {
    let shape = chunk.shape?.item === true ? chunk.shape : undefined;
    if (!shape) {
      const contents = chunk.doc.contents;
      const items = isSeq(contents) || isMap(contents) ? contents.items : [];
      const broken = slot.problems.some((p) => p.code === undefined && !p.warning);
      // Lists made by map, not push: a chunk holds one item, and every chunk keeps these lists.
      shape = {
        item: true,
        problems: slot.problems,
        items: items.map((it) => {
          const node = (isPair(it) ? it.value : it) as Node | null;
          const key = isPair(it) ? (it.key as Scalar | null) : undefined;
          return { span: rangeOf(node), ...(key ? { keyStart: key.range?.[0] } : {}), broken };
        }),
      };
      chunk.shape = shape;
    }
    chunk.allowDrop();
    slot.items = shape.items.map((s, i) => new ChunkItem(chunk, i, s));
    return;
  }
  const errors = slot.problems.filter((p) => p.code === undefined && !p.warning);
  const broken = (from: number | undefined, to: number | undefined): boolean =>
    errors.length > 0 &&
    from !== undefined &&
    to !== undefined &&
    errors.some((p) => p.start >= from && p.start < to);
  const add = (node: Node | null, key?: Scalar) => {
    const span = rangeOf(node);
    const item: YamlItem = {
      node,
      chunk,
      at: slot.items.length,
      span,
      start: key?.range?.[0] ?? span?.[0] ?? 0,
      ...(key ? { key } : {}),
      ...(broken(key?.range?.[0] ?? node?.range?.[0], node?.range?.[1]) ? { broken: true } : {}),
    };
    slot.items.push(item);
  };
  if (isSeq(coll)) for (const node of coll.items) add(node as Node | null);
  else if (isMap(coll)) for (const p of coll.items) add(p.value as Node | null, p.key as Scalar);
}

const rangeOf = (node: Node | null | undefined): Range | undefined =>
  node?.range ? [node.range[0], node.range[1]] : undefined;

/** A chunk's syntax errors, relative to the chunk. */
function chunkProblems(chunk: Chunk, text: string): SyntaxProblem[] {
  if (chunk.refused) return [chunk.refused];
  const doc = chunk.doc;
  const tags = doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED");
  if (doc.errors.length === 0 && tags.length === 0) return [];
  // An error found at the end of the input (an unclosed bracket or quote) is shown on the last
  // character of the chunk, not on the next entry's first line.
  const last = Math.max(0, text.trimEnd().length - 1);
  const at = (e: { pos: [number, number] }) => {
    const start = Math.min(e.pos[0], last);
    return { start, end: Math.max(start + 1, Math.min(e.pos[1], last + 1)) };
  };
  const out: SyntaxProblem[] = [];
  // The parser's errors in a chunk follow from one mistake: say that one, in plain words. A second
  // document is a mistake of its own; an unknown tag is only a warning (the entry is still read).
  const errors = doc.errors.filter((e) => e.code !== "MULTIPLE_DOCS");
  if (errors.length)
    out.push(
      rootCause(text, errors) ?? {
        ...at(errors[0]),
        message: syntaxMessage(errors[0].code, errors[0].message, ""),
        cause: "syntax",
      },
    );
  for (const e of doc.errors)
    if (e.code === "MULTIPLE_DOCS")
      out.push({ ...at(e), message: syntaxMessage(e.code, e.message, ""), cause: "syntax" });
  for (const w of tags)
    out.push({
      ...at(w),
      message: syntaxMessage(w.code, w.message, text.slice(w.pos[0], w.pos[1])),
      cause: "syntax",
      warning: true,
    });
  return dedupe(out);
}

const dedupe = (ps: SyntaxProblem[]): SyntaxProblem[] => {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.start}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

interface LineAt {
  start: number;
  text: string;
  indent: number;
}

function linesOfChunk(text: string): LineAt[] {
  const out: LineAt[] = [];
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, "");
    out.push({ start, text: line, indent: /^[ \t]*/.exec(line)?.[0].length ?? 0 });
    if (end === text.length) break;
    start = end + 1;
  }
  return out;
}

/** A plain (unquoted, not a flow collection or block scalar) value after `key: ` on a line. */
const PLAIN_VALUE = /^([ \t]*(?:- +)?)([A-Za-z_][\w.-]*)(:[ \t]+)(?!["'[{|>&*!])([^#]*?)[ \t]*(?:#.*)?$/;

/**
 * The mistake behind a chunk's parse errors, found on its lines: a tab in the indentation, a missing
 * space after a colon, ": " inside unquoted text, an unclosed quote, a line indented wrong. Undefined
 * when none of these explains it.
 */
function rootCause(
  text: string,
  errors: readonly { code: string; message: string; pos: [number, number] }[],
): SyntaxProblem | undefined {
  const lines = linesOfChunk(text);
  const lineAt = (offset: number) => {
    let i = 0;
    while (i + 1 < lines.length && lines[i + 1].start <= offset) i++;
    return i;
  };
  const firstError = lineAt(errors[0].pos[0]);
  const problem = (
    line: LineAt,
    from: number,
    to: number,
    cause: SyntaxCause,
    message: string,
    data: Record<string, string> = {},
  ): SyntaxProblem => ({
    start: line.start + from,
    end: line.start + Math.max(from + 1, to),
    message,
    cause,
    data,
  });
  const tab = lines.find((l) => /^[ ]*\t/.test(l.text));
  if (tab)
    return problem(
      tab,
      0,
      tab.indent,
      "tab",
      "A tab is used for indentation here: YAML indents with spaces only; replace the tab with spaces",
    );
  const quote = errors.find((e) => e.code === "MISSING_CHAR" && /quote/.test(e.message));
  if (quote) {
    const l = lines[lineAt(quote.pos[0])];
    const q = /closing (["'])/.exec(quote.message)?.[1] ?? '"';
    const open =
      lines
        .slice(0, lineAt(quote.pos[0]) + 1)
        .reverse()
        .find((x) => x.text.includes(q)) ?? l;
    const col = open.text.indexOf(q);
    return problem(
      open,
      Math.max(0, col),
      open.text.length,
      "unclosedQuote",
      `This ${q === '"' ? "double" : "single"} quote is not closed: add ${q} at the end of the text`,
      { quote: q },
    );
  }
  const bracket = errors.find((e) => /end with an? ([\]}])|Missing closing ([\]}])/.test(e.message));
  if (bracket) {
    const close = /([\]}])/.exec(bracket.message.replace(/^[^\]}]*?(?=[\]}] )/, ""))?.[1] ?? "]";
    const openChar = close === "]" ? "[" : "{";
    const upto = lineAt(bracket.pos[0]);
    const open = lines
      .slice(0, upto + 1)
      .reverse()
      .find((x) => x.text.includes(openChar));
    if (open)
      return problem(
        open,
        open.text.indexOf(openChar),
        open.text.length,
        "syntax",
        `This ${openChar} is not closed: add ${close} where the ${openChar === "[" ? "list" : "mapping"} ends`,
      );
  }
  for (let i = Math.max(0, firstError - 1); i < lines.length && i <= firstError + 1; i++) {
    const l = lines[i];
    const m = /^([ \t]*(?:- +)?)([A-Za-z_][\w.-]*):(?=[^\s/:])/.exec(l.text);
    if (m && !/^[ \t]*(?:- +)?[A-Za-z_][\w.-]*:\/\//.test(l.text))
      return problem(
        l,
        m[1].length,
        m[0].length + 1,
        "colonSpace",
        `Put a space after the colon: '${m[2]}: ${l.text.slice(m[0].length).trim()}'`,
        { key: m[2] },
      );
    // "- id R-2" among "key: value" lines: the colon is missing.
    const bare = /^([ \t]*(?:- +)?)([A-Za-z_][\w.-]*)( +)([^\s:#][^:#]*?)[ \t]*(?:#.*)?$/.exec(l.text);
    const next = lines.slice(i + 1).find((x) => x.text.trim() !== "");
    if (bare && (next ? /^[ \t]*[A-Za-z_][\w.-]*:/.test(next.text) : true) && !/^[ \t]*- +\S+$/.test(l.text))
      return problem(
        l,
        bare[1].length,
        bare[1].length + bare[2].length,
        "colonMissing",
        `A colon is missing after '${bare[2]}': write '${bare[2]}: ${bare[4]}'`,
        { key: bare[2] },
      );
    const v = PLAIN_VALUE.exec(l.text);
    if (v && /: /.test(v[4]))
      return problem(
        l,
        v[1].length + v[2].length + v[3].length,
        v[1].length + v[2].length + v[3].length + v[4].length,
        "colonInText",
        `Text containing ': ' must be in quotes: ${v[2]}: ${JSON.stringify(v[4])}`,
        { key: v[2], value: v[4] },
      );
  }
  // A line indented differently from every line before it at that depth.
  const l = lines[firstError];
  const prev = lines
    .slice(0, firstError)
    .reverse()
    .find((x) => x.text.trim() !== "" && !x.text.trim().startsWith("#"));
  if (l && prev && l.text.trim() !== "" && !/^[ ]*- /.test(l.text)) {
    const keyCol = /^([ ]*(?:- +)?)/.exec(prev.text)?.[1].length ?? prev.indent;
    const siblings = new Set(
      lines.slice(0, firstError).map((x) => /^([ ]*(?:- +)?)/.exec(x.text)?.[1].length ?? x.indent),
    );
    if (!siblings.has(l.indent) || l.indent < keyCol)
      return problem(
        l,
        0,
        l.text.length,
        "indentation",
        `This line is indented ${l.indent} spaces, unlike the lines of its entry (${keyCol}): line it up with the key above it`,
        { spaces: String(keyCol) },
      );
  }
  return undefined;
}

/**
 * A parser's message in our words: without its "at line N, column M" (counted in the chunk, not the
 * file; the finding's range says where) and without advice about the library's API.
 */
function syntaxMessage(code: string, message: string, source: string): string {
  if (code === "MULTIPLE_DOCS")
    return "A second YAML document starts here (after ---); an ISMS file holds one document, so the rest is not read";
  if (code === "TAG_RESOLVE_FAILED")
    return `Unknown tag '${source.split(/\s/)[0].slice(0, 60)}': isms reads plain YAML values (text, numbers, dates, lists, mappings); remove the tag`;
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

function addTop(result: ParsedYaml, pair: Pair, slot: Slot): void {
  const key = pair.key;
  if (!isScalar(key)) return;
  const name = String(key.value);
  if (result.top.has(name)) {
    const [s, e] = key.range ?? [0, 0];
    slot.problems.push({ start: s, end: e, message: `Map keys must be unique: '${name}' is repeated` });
    return;
  }
  result.top.set(name, { key, value: (pair.value as Node | null) ?? null, chunk: slot.chunk });
}

/**
 * Parses `text`. `collection` names the top-level key whose items are entries (e.g. "risks").
 */
export function parseYaml(
  text: string,
  collection: string | undefined,
  cache?: ParseCache,
  opts: {
    whole?: boolean;
    /**
     * Called with the items of each chunk of the cut collection as soon as it is parsed: what the caller
     * derives from their nodes then lets the parse drop them as it goes (a file of 50,000 entries never
     * holds all of its nodes at once).
     */
    onItems?: (items: YamlItem[]) => void;
  } = {},
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
    const key = (/^["']?([^"':]*)/.exec(s)?.[1] ?? "").trim();
    if (sections.length) sections[sections.length - 1].to = i;
    else if (i > 0) sections.push({ key: "", from: 0, to: i }); // prelude: comments and '---'
    sections.push({ key, from: i, to: lines.length });
    seenContent = true;
  }
  if (sections.length === 0) return whole(text, collection, cache);

  const result: ParsedYaml = { top: new Map(), items: [], problems: [], chunked: true, slots: [] };
  const offsetOf = (line: number) => (line < lines.length ? lines[line].start : text.length);
  const chunkOf = (fromLine: number, toLine: number, item = false): Slot => {
    const base = offsetOf(fromLine);
    const end = toLine < lines.length ? lines[toLine].start : text.length;
    const chunkText = text.slice(base, end);
    return addSlot(result, newChunk(chunkText, base, cache), chunkText, item);
  };
  let isSeqCut = false;
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
        isSeqCut = firstText === "-" || firstText.startsWith("- ") || firstText === "-\r";
        itemStarts = cutItems(text, lines, bodyFrom, sec.to, isSeqCut);
      }
    }
    if (itemStarts && itemStarts.length > LIMITS.entries) {
      // Too many entries for one file: the collection is not read, and says so.
      const head = chunkOf(sec.from, bodyFrom);
      if (isMap(head.chunk.doc.contents))
        for (const pair of head.chunk.doc.contents.items) addTop(result, pair, head);
      const keyEnd = lines[sec.from].end - lines[sec.from].start;
      head.problems.push({
        start: 0,
        end: keyEnd,
        code: "file-too-complex",
        message: `The file holds ${itemStarts.length.toLocaleString("en")} entries; at most ${LIMITS.entries.toLocaleString("en")} are read from one file, so none of them is (split it into several files of the same kind)`,
      });
      continue;
    }
    if (!itemStarts) {
      const slot = chunkOf(sec.from, sec.to);
      const contents = slot.chunk.doc.contents;
      if (isMap(contents)) for (const pair of contents.items) addTop(result, pair, slot);
      else if (!slot.chunk.refused && slot.chunk.doc.errors.length === 0)
        return whole(text, collection, cache);
      if (sec.key === collection) addItems(slot, result.top.get(collection)?.value);
      continue;
    }
    const head = chunkOf(sec.from, bodyFrom);
    if (isMap(head.chunk.doc.contents))
      for (const pair of head.chunk.doc.contents.items) addTop(result, pair, head);
    for (let k = 0; k < itemStarts.length; k++) {
      const slot = chunkOf(itemStarts[k], k + 1 < itemStarts.length ? itemStarts[k + 1] : sec.to, true);
      addItems(slot);
      if (opts.onItems) {
        opts.onItems(slot.items);
        if (held.size > 2 * KEEP) releaseNodes();
      }
    }
    if (itemStarts.length) result.cut = { indent: lines[itemStarts[0]].indent, isSeq: isSeqCut };
  }
  return finish(result);
}

/** Converts a node to plain JS; aliases that expand too much (billion laughs) throw. */
export function toJS(node: Node | null, doc: Document.Parsed): unknown {
  if (node === null) return null;
  return node.toJS(doc, { maxAliasCount: 1000 });
}

/**
 * Re-parses only the items an edit touched. `prefix` and `suffix` are how many characters at the start
 * and the end of the text did not change since `prev` was parsed from `oldText`. Chunks before the edit
 * stay, chunks after it move by the change in length, and the touched items are cut and parsed again.
 * Undefined when the edit reaches beyond the items of the collection (or could change how the file is
 * cut): the caller then parses the file in full, with the same result.
 */
export function reparseYaml(
  prev: ParsedYaml,
  oldText: Chars,
  text: Chars,
  prefix: number,
  suffix: number,
): ParsedYaml | undefined {
  const cut = prev.cut;
  if (!cut || prefix + suffix > Math.min(oldText.length, text.length)) return undefined;
  const oldEnd = oldText.length - suffix;
  const delta = text.length - oldText.length;
  const slots = prev.slots;
  // The slots the edit touches: [a, b], found by bisection (slots are in text order).
  const a = firstIndex(slots.length, (i) => slots[i].chunk.base + slots[i].length >= prefix);
  if (a === slots.length) return undefined;
  let b = a;
  while (b + 1 < slots.length && slots[b + 1].chunk.base <= oldEnd) b++;
  if (slots[a].chunk.base > oldEnd) return undefined;
  for (let i = a; i <= b; i++) if (!slots[i].item) return undefined;
  const regionStart = slots[a].chunk.base;
  const oldRegionEnd = slots[b].chunk.base + slots[b].length;
  if (regionStart > prefix || oldRegionEnd < oldEnd) return undefined;
  const region = text.slice(regionStart, oldRegionEnd + delta);
  if (ANCHOR.test(region)) return undefined;
  // Cut the region as the full parse would; it must start with an item at the same indentation.
  const lines = scanLines(region);
  const cutAt = cutItems(region, lines, 0, lines.length, cut.isSeq);
  if (!cutAt?.length || lines[cutAt[0]].start !== 0 || lines[cutAt[0]].indent !== cut.indent)
    return undefined;
  const starts = cutAt.map((i) => lines[i].start);
  // Items and problems of the touched slots, found before any chunk moves.
  const items = prev.items;
  const itemFrom = firstIndex(items.length, (i) => items[i].chunk.base >= regionStart);
  const itemTo = firstIndex(items.length, (i) => items[i].chunk.base >= oldRegionEnd);
  // Chunks of the touched items whose text did not change are kept (with what was derived from them).
  const reusable = new Map<string, Chunk[]>();
  for (let i = a; i <= b; i++) {
    const t = oldText.slice(slots[i].chunk.base, slots[i].chunk.base + slots[i].length);
    reusable.set(t, [...(reusable.get(t) ?? []), slots[i].chunk]);
  }
  const scratch: ParsedYaml = { top: prev.top, items: [], problems: [], chunked: true, slots: [] };
  for (let k = 0; k < starts.length; k++) {
    const chunkText = region.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : region.length);
    const base = regionStart + starts[k];
    const chunk = reusable.get(chunkText)?.shift() ?? makeChunk(chunkText, base);
    chunk.base = base;
    const slot = addSlot(scratch, chunk, chunkText, true);
    addItems(slot);
  }
  const fresh = finish(scratch);
  const problems: SyntaxProblem[] = [];
  for (const p of prev.problems) if (p.start < regionStart) problems.push(p);
  problems.push(...fresh.problems);
  for (const p of prev.problems)
    if (p.start >= oldRegionEnd) problems.push({ ...p, start: p.start + delta, end: p.end + delta });
  if (delta !== 0) for (let i = b + 1; i < slots.length; i++) slots[i].chunk.base += delta;
  return {
    top: prev.top,
    items: items.slice(0, itemFrom).concat(fresh.items, items.slice(itemTo)),
    problems,
    chunked: true,
    slots: slots.slice(0, a).concat(fresh.slots, slots.slice(b + 1)),
    cut,
    splice: { at: itemFrom, removed: itemTo - itemFrom, added: fresh.items.length },
  };
}

/** The first index in [0, n) where `test` holds, for a test that is false then true; n when none. */
function firstIndex(n: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
