// The model of one ISMS file: its kind, header fields and entries, with exact source ranges.
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from "yaml";
import type { RefSpec } from "./kinds/api";
import { collectionOf, entryInfo, headerRefsOf, isKind, refsOf, sniffHead, sniffKind } from "./registry";
import { obj } from "./rules/api";
import { LineIndex, Text, type Chars } from "./text";
import {
  detached,
  parseYaml,
  reparseYaml,
  toJS,
  type ParsedYaml,
  type Chunk,
  type ParseCache,
  type SyntaxCause,
  type SyntaxProblem,
  type TopPair,
  type YamlItem,
} from "./yaml";

/** An entry kind: the name a kind's definition gives its entries ("risk", "finding"); see kinds/. */
export type EntryKind = string;
/** A file kind: the value of `kind:` ("risks"). */
export type Kind = string;

/**
 * The fields each entry kind's schema allows, by entry kind: each kind's kind.ts adds its own, so reading a
 * field its schema does not define is a compile error. Values stay `unknown`: the schema rule reports
 * values of the wrong type, and readers check what they read.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EntryFields {}

/** The fields of a schema definition, every one optional and unknown. */
export type FieldsOf<D> = D extends { properties: infer P } ? { readonly [F in keyof P]?: unknown } : Plain;

/** The value of an entry of kind K: its schema's fields when the kind is known, else any field. */
export type ValueOf<K extends string> = K extends keyof EntryFields ? EntryFields[K] : Plain;

export type Range = [start: number, end: number];
export type Path = (string | number)[];

/** What a reference names: an entry kind, or "control", "clause" or "ref" (either) of the standard. */
export type RefTarget = string;

export interface Reference {
  target: RefTarget;
  value: string;
  readonly range: Range;
  entry: Entry | undefined; // undefined for header fields
  readonly file: IsmsFile;
  field: string;
}

/** A reference kept relative to its chunk, so it stays right when an edit above moves the chunk. */
class ChunkReference implements Reference {
  // A workspace holds a reference per cited id (several per entry): where it is, relative to its chunk,
  // is two numbers rather than an array, and an entry's reference keeps no file (its entry's is current).
  private readonly headerFile: IsmsFile | undefined;
  constructor(
    readonly target: RefTarget,
    readonly value: string,
    /** [from, to) relative to the chunk. */
    private readonly from: number,
    private readonly to: number,
    private readonly chunk: Chunk,
    readonly entry: Entry | undefined,
    headerFile: IsmsFile | undefined,
    readonly field: string,
  ) {
    this.headerFile = entry ? undefined : headerFile;
  }
  get range(): Range {
    return [this.chunk.base + this.from, this.chunk.base + this.to];
  }
  get file(): IsmsFile {
    const file = this.entry?.file ?? this.headerFile;
    if (!file) throw new Error("a reference has neither an entry nor a file");
    return file;
  }
}

export type Plain = Record<string, unknown>;

/** A file findings can point into: an ISMS file, or a YAML file that is not one but gets a finding. */
export interface TextFile {
  path: string;
  lines: LineIndex;
}

export interface Entry<K extends string = string> {
  kind: K;
  /** The current version of the entry's file (entries of unchanged chunks outlive a version). */
  readonly file: IsmsFile;
  /** Where the entry sits in the file's data, e.g. ["risks", 3] or ["audits", 0, "findings", 1]. */
  readonly path: Path;
  /** The entry's YAML node: parsed again from its chunk's text when the chunk dropped its nodes. */
  readonly node: Node | null;
  /** The control id key of a SoA entry. */
  readonly key?: Scalar;
  chunk: Chunk;
  /** The node's range relative to the chunk (known without the node); undefined for an empty entry. */
  readonly span: readonly [number, number] | undefined;
  /** Where the entry starts relative to the chunk: its key (SoA), else its node. */
  readonly start: number;
  /** The entry's data as plain JS ({} when it is not a mapping). */
  value: ValueOf<K>;
  /** The raw value (to tell a non-mapping entry from an empty one). */
  raw: unknown;
  id: string | undefined;
  parent?: Entry;
  /**
   * A syntax error lies in the entry: what was read of it stays in the index (its id resolves) but its
   * other findings are not checked until the error is fixed (they would follow from it).
   */
  broken?: boolean;
}

/** Whether an entry is of the given kind (and so has its fields). */
export const isEntryOf = <K extends string>(e: Entry | undefined, kind: K): e is Entry<K> => e?.kind === kind;

/** Shared by the versions of a file loaded one from the other: how an entry finds its current file. */
interface FileHandle {
  file: IsmsFile;
}

class ItemEntry implements Entry {
  readonly chunk: Chunk;
  constructor(
    private readonly handle: FileHandle,
    readonly kind: EntryKind,
    readonly path: Path,
    private readonly item: YamlItem,
    readonly value: Plain,
    readonly raw: unknown,
    readonly id: string | undefined,
    readonly broken: boolean,
  ) {
    this.chunk = item.chunk;
  }
  get file(): IsmsFile {
    return this.handle.file;
  }
  get node(): Node | null {
    return this.item.node;
  }
  get key(): Scalar | undefined {
    return this.item.key;
  }
  get span(): readonly [number, number] | undefined {
    return this.item.span;
  }
  get start(): number {
    return this.item.start;
  }
}

/** A child entry (an audit's finding): its path follows its parent's, so a moved parent moves it too. */
class ChildEntry implements Entry {
  readonly span: readonly [number, number] | undefined;
  constructor(
    readonly kind: EntryKind,
    private readonly childKey: string,
    readonly parent: Entry,
    private readonly at: number,
    node: Node | null,
    readonly value: Plain,
    readonly raw: unknown,
    readonly id: string | undefined,
  ) {
    this.span = node?.range ? [node.range[0], node.range[1]] : undefined;
  }
  get node(): Node | null {
    const list = isMap(this.parent.node) ? this.parent.node.get(this.childKey, true) : undefined;
    return isSeq(list) ? ((list.items[this.at] as Node | undefined) ?? null) : null;
  }
  get start(): number {
    return this.span?.[0] ?? 0;
  }
  get file(): IsmsFile {
    return this.parent.file;
  }
  get chunk(): Chunk {
    return this.parent.chunk;
  }
  get path(): Path {
    return [...this.parent.path, this.childKey, this.at];
  }
  get broken(): boolean {
    return this.parent.broken === true;
  }
}

/** Numbers loads: a file version carries the load that made it. */
let loads = 0;

export interface LoadProblem {
  code: "yaml-syntax" | "file-too-complex" | "entries-unreadable";
  range: Range;
  message: string;
  /** For syntax errors: the root cause (yaml-syntax's message id) and what its quick fix needs. */
  cause?: SyntaxCause;
  data?: Record<string, string>;
}

interface DisableComment {
  line: number;
  next: boolean;
  codes: string[];
}

export interface IsmsFile {
  /** The load that made this version: versions of a path are numbered in order. */
  load: number;
  path: string;
  /** The text (made one string when first read after an edit: `lines.chars` reads a part). */
  readonly text: string;
  /** The text the YAML parser read: `text` with each lone \r (a line end) as \n, at the same offset. */
  readonly source: string;
  /** The parser read the text as it is (it has no lone \r): `source` is `text`. */
  asIs: boolean;
  lines: LineIndex;
  kind: Kind;
  /** Top-level pairs (header fields; the collection key's value is its raw node). */
  top: Map<string, TopPair>;
  /** Header values as plain JS, without the collection. */
  header: Plain;
  entries: Entry[];
  problems: LoadProblem[];
  /** The whole file was over a limit and not read (only its `kind:` line is known). */
  refused?: true;
  /** Line (0-based) -> codes silenced on it ("*" for all), from `# isms-disable-next-line`. */
  disabled: Map<number, Set<string>>;
  /** The `# isms-disable-...` comments by line, kept so an edit re-reads only its own lines. */
  disableComments: DisableComment[];
  /** The parse (chunks in text order), kept so the next edit re-parses only what it touched. */
  parsed: ParsedYaml;
  handle: FileHandle;
}

/**
 * The previous version of a file, with how many characters at its start and end an edit left unchanged
 * when that is known (then only the items the edit touched are parsed again).
 */
export interface PreviousVersion {
  file: IsmsFile;
  prefix?: number;
  suffix?: number;
}

/** What a version changed in its previous version's entries (entries are the same objects when kept). */
export interface EntryChanges {
  removed: Entry[];
  added: Entry[];
  /**
   * Each added entry took the place of the removed entry at the same index (an edit inside entries, such
   * as a keystroke): lists in file order can swap them instead of being built again.
   */
  inPlace?: true;
}

const asPlain = obj;

// Parsed chunks are reused across edits (see Workspace), so their plain values are too: treat them as read-only.
const jsCache = new WeakMap<Node, unknown>();

function safeJS(node: Node | null, doc: Document.Parsed, problems: LoadProblem[], base: number): unknown {
  if (node && jsCache.has(node)) return jsCache.get(node);
  try {
    const value = toJS(node, doc);
    if (node) jsCache.set(node, value);
    return value;
  } catch (e) {
    const [s, end] = node?.range ?? [0, 0];
    const why = (e as Error).message;
    problems.push({
      code: "yaml-syntax",
      range: [base + s, base + end],
      message: /alias/i.test(why)
        ? "Cannot load this value: its aliases expand too much (more than 1000 uses); write the values out"
        : e instanceof RangeError
          ? "Cannot load this value: it nests too deeply to read"
          : `Cannot load this value: ${why}`,
    });
    return null;
  }
}

const DISABLE = /#[ \t]*isms-disable-(next-)?line\b([^\n]*)/g;

/** The disable comments in lines [from, to] of a text. */
function scanDisables(text: Chars, lines: LineIndex, from = 0, to = lines.lineCount - 1): DisableComment[] {
  const start = lines.lineStart(from);
  const end = to + 1 < lines.lineCount ? lines.lineStart(to + 1) : text.length;
  const span = text.slice(start, end);
  if (!span.includes("isms-disable-")) return [];
  const out: DisableComment[] = [];
  for (const m of span.matchAll(DISABLE))
    out.push({
      line: lines.position(start + m.index).line,
      next: m[1] !== undefined,
      codes: m[2]
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(detached),
    });
  return out;
}

/**
 * The disable comments after an edit: those above and below it come from the previous version (moved by
 * the lines the edit added or removed), the edited lines are read again. A comment only affects its line.
 */
function editedDisables(prev: IsmsFile, text: Chars, lines: LineIndex, prefix: number, suffix: number) {
  const first = lines.position(prefix).line;
  const oldLast = prev.lines.position(prev.lines.chars.length - suffix).line;
  const last = lines.position(text.length - suffix).line;
  const shift = last - oldLast;
  return [
    ...prev.disableComments.filter((c) => c.line < first),
    ...scanDisables(text, lines, first, last),
    ...prev.disableComments.filter((c) => c.line > oldLast).map((c) => ({ ...c, line: c.line + shift })),
  ];
}

function disabledLines(comments: DisableComment[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const c of comments) {
    const line = c.line + (c.next ? 1 : 0);
    const set = out.get(line) ?? new Set<string>();
    for (const code of c.codes.length ? c.codes : ["*"]) set.add(code);
    out.set(line, set);
  }
  return out;
}

/**
 * Loads an ISMS file. Returns undefined when the text is not an ISMS file (no top-level `kind:` with an
 * ISMS kind): such files get no finding at all.
 */
/** `whole` parses in one piece; `lines` is the line index of `text` when the caller has one. */
export interface LoadOptions {
  whole?: boolean;
  lines?: LineIndex;
}

export function loadFile(
  path: string,
  text: string | Text,
  cache?: ParseCache,
  opts: LoadOptions = {},
): IsmsFile | undefined {
  return load(path, text, cache, opts, undefined)?.file;
}

/**
 * Loads a version of a file, after `previous` when there is one: unchanged chunks bring their entries
 * along (the same objects), and only what the edit touched is parsed again. Also says which entries the
 * new version removed and added (all of them added for a first version).
 */
export function reloadFile(
  path: string,
  text: string | Text,
  previous: PreviousVersion | undefined,
  cache?: ParseCache,
  opts: LoadOptions = {},
): { file: IsmsFile; changes: EntryChanges } | undefined {
  return load(path, text, cache, opts, previous);
}

function load(
  path: string,
  given: string | Text,
  cache: ParseCache | undefined,
  opts: LoadOptions,
  prev: PreviousVersion | undefined,
): { file: IsmsFile; changes: EntryChanges } | undefined {
  // After an edit the text is pieces: only what the edit touched is read, and the whole string is made
  // only if a full parse (or a reader of file.text) needs it.
  const text = typeof given === "string" ? Text.of(given) : given;
  const whole = opts.whole ?? false;
  const edit =
    prev && prev.prefix !== undefined && prev.suffix !== undefined
      ? { prefix: prev.prefix, suffix: prev.suffix, file: prev.file }
      : undefined;
  const fits =
    edit && edit.prefix + edit.suffix <= Math.min(edit.file.lines.chars.length, text.length)
      ? edit
      : undefined;
  const head = fits ? sniffHead(headBefore(text, fits.file.lines, fits.prefix)) : null;
  const sniffed = head === null ? sniffKind(text.flat) : head;
  if (!sniffed) return undefined;
  // Lone \r line ends are read as \n; after an edit, only the edited text is looked at for one.
  const asIs = fits
    ? fits.file.asIs && !hasLoneCR(text, fits.prefix - 1, text.length - fits.suffix + 1)
    : !hasLoneCR(text.flat);
  const source: Chars = asIs ? text : text.flat.replace(/\r(?!\n)/g, "\n");
  // Values that failed to load are only reported where they were read: re-read the whole file then.
  const clean = prev && prev.file.problems.length === prev.file.parsed.problems.length;
  const handle = prev?.file.handle ?? ({} as FileHandle);
  // The entries of a full parse are made as its chunks are parsed, while they have their nodes (see
  // parseYaml's onItems); their problems follow the header's, as they would after the parse.
  const streamed = new Map<YamlItem, Entry[]>();
  const streamedProblems: LoadProblem[] = [];
  const sniffedColl = collectionOf(sniffed);
  let streamedAt = 0;
  const onItems = sniffedColl
    ? (items: YamlItem[]) => {
        for (const item of items)
          streamed.set(item, itemEntries(handle, sniffedColl, item, streamedAt++, streamedProblems));
      }
    : undefined;
  const parsed =
    (fits && clean && !whole && fits.file.kind === sniffed
      ? reparseYaml(fits.file.parsed, fits.file.lines.chars, source, fits.prefix, fits.suffix)
      : undefined) ?? parseYaml(source.toString(), sniffedColl?.key, cache, { whole, onItems });
  const kindValue = parsed.top.get("kind");
  // A file refused for being over a limit keeps the kind its `kind:` line says (its finding needs a file).
  const refused = !kindValue && parsed.problems.some((p) => p.code === "file-too-complex");
  const kind = kindValue && isScalar(kindValue.value) ? kindValue.value.value : refused ? sniffed : undefined;
  if (!isKind(kind)) return undefined;
  const lines =
    opts.lines?.chars === text
      ? opts.lines
      : fits
        ? LineIndex.edited(fits.file.lines, text, fits.prefix, fits.suffix)
        : new LineIndex(text);
  const disableComments = fits
    ? editedDisables(fits.file, text, lines, fits.prefix, fits.suffix)
    : scanDisables(text, lines);
  const problems: LoadProblem[] = parsed.problems.map((p: SyntaxProblem) => ({
    code: p.code ?? "yaml-syntax",
    range: [p.start, p.end],
    message: p.message,
    ...(p.cause ? { cause: p.cause, data: p.data ?? {} } : {}),
  }));
  const file: IsmsFile = {
    load: ++loads,
    path,
    get text() {
      return lines.text;
    },
    get source() {
      return asIs ? lines.text : source.toString();
    },
    asIs,
    lines,
    kind,
    top: parsed.top,
    // No prototype: a top-level `__proto__:` key is a key like any other (an unknown one).
    header: Object.create(null) as Plain,
    entries: [],
    problems,
    disabled: disabledLines(disableComments),
    disableComments,
    parsed,
    handle,
    ...(refused ? { refused: true as const } : {}),
  };
  handle.file = file;
  const coll = collectionOf(kind);
  for (const [name, pair] of parsed.top) {
    if (name === coll?.key && (parsed.chunked || isSeq(pair.value) || isMap(pair.value))) continue;
    file.header[name] = safeJS(pair.value, pair.chunk.doc, problems, pair.chunk.base);
  }
  if (!coll) return { file, changes: { removed: prev?.file.entries ?? [], added: [] } };
  const collValue = parsed.top.get(coll.key)?.value;
  // Keep the collection's type visible to the schema: a scalar there is an error, a list is not.
  if (parsed.items.length > 0 || isSeq(collValue)) file.header[coll.key] = coll.map ? {} : [];
  else if (isMap(collValue)) file.header[coll.key] = {};

  const splice = parsed.splice;
  // Each item is one entry, unless entries have children (an audit and its findings): splice the edited
  // items' entries.
  if (splice && prev && prev.file.kind === kind && !coll.entry.children?.length) {
    const old = prev.file.entries;
    const fresh: Entry[] = [];
    for (let k = 0; k < splice.added; k++)
      fresh.push(...itemEntries(handle, coll, parsed.items[splice.at + k], splice.at + k, problems));
    file.entries = old.slice(0, splice.at).concat(fresh, old.slice(splice.at + splice.removed));
    if (splice.added !== splice.removed && parsed.cut?.isSeq)
      for (let i = splice.at + splice.added; i < file.entries.length; i++) file.entries[i].path[1] = i;
    lostEntries(file, coll.key, problems);
    return { file, changes: spliced(old.slice(splice.at, splice.at + splice.removed), fresh) };
  }
  const made = coll === sniffedColl && streamed.size > 0;
  if (made) problems.push(...streamedProblems);
  parsed.items.forEach((item, index) =>
    file.entries.push(
      ...((made ? streamed.get(item) : undefined) ?? itemEntries(handle, coll, item, index, problems)),
    ),
  );
  lostEntries(file, coll.key, problems);
  return { file, changes: difference(prev?.file.entries ?? [], file.entries) };
}

/** What an edit of one region changed: in place when each new entry stands where an old one of its kind stood. */
function spliced(before: Entry[], after: Entry[]): EntryChanges {
  if (before.length === after.length) {
    const was = new Set(before);
    const now = new Set(after);
    const removed: Entry[] = [];
    const added: Entry[] = [];
    const inPlace = before.every((e, i) => {
      const a = after[i];
      if (e === a) return true;
      removed.push(e);
      added.push(a);
      return e.kind === a.kind && !now.has(e) && !was.has(a);
    });
    if (inPlace) return { removed, added, inPlace: true };
  }
  return difference(before, after);
}

/** Offsets of the lines that start an item of the collection under top-level `key`, read from the text. */
function itemStartsInText(text: string, key: string): number[] {
  const head = new RegExp(`^["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?[ \t]*:`, "m").exec(text);
  if (!head) return [];
  const out: number[] = [];
  let indent = -1;
  let seq = false;
  for (let at = text.indexOf("\n", head.index) + 1; at > 0 && at < text.length;) {
    let end = text.indexOf("\n", at);
    if (end === -1) end = text.length;
    const line = text.slice(at, end);
    const i = /^ */.exec(line)?.[0].length ?? 0;
    const body = line.slice(i);
    if (body.trim() !== "" && !body.startsWith("#")) {
      if (i === 0) break; // the next top-level key
      if (indent < 0) {
        indent = i;
        seq = body.startsWith("- ") || body === "-";
      }
      if (i === indent && (seq ? body.startsWith("-") : /^[^\s#-][^:]*:/.test(body))) out.push(at);
    }
    at = end + 1;
  }
  return out;
}

/**
 * A syntax error that hides entries says how many, and where: items whose entry could not be read
 * (no id), or, in a file parsed whole, items of the text that no entry was read from.
 */
function lostEntries(file: IsmsFile, key: string, problems: LoadProblem[]): void {
  if (!problems.some((p) => p.code === "yaml-syntax")) return;
  const lost: number[] = [];
  if (file.parsed.chunked) {
    // One per broken item: its chunk holds what could be read of it.
    const chunks = new Set<Chunk>();
    for (const e of file.entries)
      if (e.broken && !e.parent && e.id === undefined && !chunks.has(e.chunk)) {
        chunks.add(e.chunk);
        lost.push(e.chunk.base + (e.span?.[0] ?? 0));
      }
  } else {
    // An item of the text is read when an entry starts on its line.
    const read = new Set<number>();
    for (const e of file.entries) {
      if (!e.parent && e.id !== undefined && (e.key || e.span))
        read.add(file.lines.position(e.chunk.base + e.start).line);
    }
    for (const at of itemStartsInText(file.source, key))
      if (!read.has(file.lines.position(at).line)) lost.push(at);
  }
  if (!lost.length) return;
  const lines = lost.map((o) => file.lines.position(o).line + 1);
  const shown =
    lines.length > 10 ? `${lines.slice(0, 10).join(", ")} and ${lines.length - 10} more` : lines.join(", ");
  const n = lost.length;
  const eol = file.text.indexOf("\n", lost[0]);
  problems.push({
    code: "entries-unreadable",
    range: [lost[0], eol < 0 ? file.text.length : eol],
    message: `${n} ${n === 1 ? "entry" : "entries"} (line${n === 1 ? "" : "s"} ${shown}) could not be read because of the syntax error${problems.filter((p) => p.code === "yaml-syntax").length === 1 ? "" : "s"} in this file: ${n === 1 ? "it counts" : "they count"} nowhere until fixed`,
    data: { count: String(n), lines: shown },
  });
}

/**
 * Entries in `before` and not in `after`, and the other way round. An entry kept but moved before one
 * it followed counts as removed and added again, so that lists kept in text order are rebuilt.
 */
function difference(before: Entry[], after: Entry[]): EntryChanges {
  if (before.length === 0) return { removed: [], added: after };
  const at = new Map<Entry, number>();
  before.forEach((e, i) => at.set(e, i));
  const kept = new Set(after);
  const removed = before.filter((e) => !kept.has(e));
  const added: Entry[] = [];
  let last = -1;
  for (const e of after) {
    const i = at.get(e);
    if (i === undefined) added.push(e);
    else if (i < last) {
      removed.push(e);
      added.push(e);
    } else last = i;
  }
  return { removed, added };
}

/** The entries of one collection item: those of its unchanged chunk when there are, else new ones. */
function itemEntries(
  handle: FileHandle,
  coll: { key: string; entry: { name: EntryKind } },
  item: YamlItem,
  index: number,
  problems: LoadProblem[],
): Entry[] {
  const at = item.key ? String(item.key.value) : index;
  // By the item's place in its chunk: a chunk with the same text has the same items. (An array, not a
  // Map: every chunk keeps one, and most hold one item.)
  const derived = item.chunk.derived as (Entry[] | undefined)[] | undefined;
  const reused = item.span ? derived?.[item.at] : undefined;
  if (reused?.[0]?.kind === coll.entry.name) {
    reused[0].path[1] = at;
    return reused;
  }
  const problemsBefore = problems.length;
  const created = loadEntry(handle, coll.entry.name, item, [coll.key, at], problems);
  if (item.span && problems.length === problemsBefore) {
    if (derived) derived[item.at] = created;
    else if (item.at === 0) item.chunk.derived = [created];
    else {
      const list: (Entry[] | undefined)[] = [];
      list[item.at] = created;
      item.chunk.derived = list;
    }
  }
  return created;
}

/** The entry of a collection item, followed by its findings when it is an audit. */
function loadEntry(
  handle: FileHandle,
  kind: EntryKind,
  item: YamlItem,
  path: Path,
  problems: LoadProblem[],
): Entry[] {
  const node = item.node;
  const raw = safeJS(node, item.chunk.doc, problems, item.chunk.base);
  const keyName = item.key ? String(item.key.value) : undefined;
  const value = asPlain(raw);
  const id =
    keyName ??
    (typeof value.id === "string" ? value.id : typeof value.id === "number" ? String(value.id) : undefined);
  const entry = new ItemEntry(handle, kind, path, item, value, raw, id, item.broken === true);
  const out: Entry[] = [entry];
  // What is read from the nodes once, while the chunk has them: a chunk may drop them right after.
  anchorRange(entry);
  entryRefs(entry);
  if (!isMap(node)) return out;
  for (const child of entryInfo(kind)?.spec.children ?? []) {
    const nodes = node.get(child.key, true);
    if (!isSeq(nodes)) continue;
    const raws = value[child.key];
    nodes.items.forEach((cnode, ci) => {
      const craw: unknown = Array.isArray(raws) ? raws[ci] : undefined;
      const cvalue = asPlain(craw);
      const cid = typeof cvalue.id === "string" ? cvalue.id : undefined;
      const c = new ChildEntry(
        child.entry.name,
        child.key,
        entry,
        ci,
        cnode as Node | null,
        cvalue,
        craw,
        cid,
      );
      anchorRange(c);
      entryRefs(c);
      out.push(c);
    });
  }
  return out;
}

/** Whether `text` has a \r not followed by \n between offsets `from` and `to`. */
function hasLoneCR(text: Chars, from = 0, to = text.length): boolean {
  // Read from a string of the span (and the character after it): a Text is not copied whole.
  const at = Math.max(0, from);
  const span = text.slice(at, to + 1);
  for (let i = span.indexOf("\r"); i !== -1 && at + i < to; i = span.indexOf("\r", i + 1))
    if (span.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/** The start of `text` before the line of `offset` (up to 64 KiB), lines that an edit there left as they were. */
function headBefore(text: Chars, prevLines: LineIndex, offset: number): string {
  return text.slice(0, Math.min(prevLines.lineStart(prevLines.position(offset).line), 65536));
}

// ---- ranges ----

function rangeOfNode(node: Node | null | undefined, base: number): Range | undefined {
  const r = node?.range;
  return r ? [base + r[0], base + r[1]] : undefined;
}

/** The range of a node that was parsed (so has one); the start of its chunk otherwise. */
const nodeRange = (node: Node, base: number): Range => rangeOfNode(node, base) ?? [base, base];

/** Walks `path` from `node`; returns the deepest node reached and whether the whole path exists. */
function walk(node: Node | null, path: Path): { node: Node | null; key?: Scalar; complete: boolean } {
  let cur: Node | null = node;
  let key: Scalar | undefined;
  for (const step of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isScalar(p.key) && p.key.value === step);
      if (!pair) return { node: cur, key, complete: false };
      key = pair.key as Scalar;
      cur = (pair.value as Node | null) ?? null;
      if (cur === null) return { node: null, key, complete: true };
    } else if (isSeq(cur) && typeof step === "number" && step < cur.items.length) {
      cur = cur.items[step] as Node | null;
      key = undefined;
    } else return { node: cur, key, complete: false };
  }
  return { node: cur, key, complete: true };
}

/**
 * A range in an entry's text relative to the entry's chunk: it stays right when an edit elsewhere only
 * moves the entry (what is kept across checks keeps ranges this way).
 */
export const relativeRange = (entry: Entry, [from, to]: readonly [number, number]): Range => [
  from - entry.chunk.base,
  to - entry.chunk.base,
];
/** A range relative to an entry's chunk (relativeRange) where the entry is now. */
export const absoluteRange = (entry: Entry, [from, to]: readonly [number, number]): Range => [
  entry.chunk.base + from,
  entry.chunk.base + to,
];

/** The range of the entry's `id` value (or its SoA key, or its first line): where whole-entry findings go. */
export function anchorRange(entry: Entry): Range {
  let rel = anchors.get(entry);
  if (!rel) anchors.set(entry, (rel = relativeRange(entry, anchorOf(entry))));
  return absoluteRange(entry, rel);
}
/** Entry -> its anchor relative to its chunk, found when the entry is made (while it has its nodes). */
const anchors = new WeakMap<Entry, Range>();

/**
 * The range of the value at `path` inside the entry; with `key`, the key's range. Falls back to the
 * entry's anchor when the path does not exist (a missing field). Kept per entry relative to its chunk
 * (an entry's text never changes): asked again, no node is needed.
 */
export function fieldRange(entry: Entry, path: Path, opts: { key?: boolean } = {}): Range {
  if (path.length === 0) return anchorRange(entry);
  const name = `${opts.key ? "k" : "v"}${path.join("\u0000")}`;
  let mine = ranges.get(entry);
  if (!mine) ranges.set(entry, (mine = new Map()));
  let rel = mine.get(name);
  if (!rel) mine.set(name, (rel = relativeRange(entry, fieldOf(entry, path, opts))));
  return absoluteRange(entry, rel);
}
const ranges = new WeakMap<Entry, Map<string, Range>>();

function anchorOf(entry: Entry): Range {
  const base = entry.chunk.base;
  if (entry.key) return nodeRange(entry.key, base);
  const id = walk(entry.node, ["id"]);
  if (id.complete && id.node) return nodeRange(id.node, base);
  if (id.complete && id.key) return nodeRange(id.key, base);
  const r = rangeOfNode(entry.node, base);
  if (!r) return [base, base];
  return [r[0], Math.min(r[1], base + entry.chunk.lineEnd(r[0] - base))];
}

function fieldOf(entry: Entry, path: Path, opts: { key?: boolean }): Range {
  const w = walk(entry.node, path);
  const base = entry.chunk.base;
  if (w.complete) {
    if (opts.key && w.key) return nodeRange(w.key, base);
    if (w.node) return nodeRange(w.node, base);
    if (w.key) return nodeRange(w.key, base);
  }
  return anchorRange(entry);
}

/** The range of a header field (top-level key `name`, then `path` inside its value). */
export function headerRange(
  file: IsmsFile,
  name: string,
  path: Path = [],
  opts: { key?: boolean } = {},
): Range {
  const top = file.top.get(name) ?? file.top.get("kind");
  if (!top) return [0, 0];
  const base = top.chunk.base;
  if (!file.top.has(name)) return rangeOfNode(top.value, base) ?? nodeRange(top.key, base);
  if (path.length === 0)
    return (opts.key ? undefined : rangeOfNode(top.value, base)) ?? nodeRange(top.key, base);
  const w = walk(top.value, path);
  if (w.complete && opts.key && w.key) return nodeRange(w.key, base);
  return rangeOfNode(w.node, base) ?? nodeRange(top.key, base);
}

/** The range of the `kind:` value: where file-level findings go. */
export const kindRange = (file: IsmsFile): Range => headerRange(file, "kind");

// ---- references ----

/** The text of a reference scalar; numbers keep their source (`ref: 9.10` stays "9.10"). */
export function scalarText(node: Scalar): string | undefined {
  if (typeof node.value === "string") return node.value;
  if (typeof node.value === "number") return node.source ?? String(node.value);
  return undefined;
}

function collectRefs(
  out: Reference[],
  file: IsmsFile | undefined,
  entry: Entry | undefined,
  root: Node | null,
  chunk: Chunk,
  specs: readonly RefSpec[],
): void {
  for (const { field, target, many, isRef } of specs) {
    for (const n of refNodes(root, field.split("."), many === true)) {
      if (!isScalar(n) || !n.range) continue;
      const value = scalarText(n);
      if (value === undefined || value === "" || (isRef && !isRef(value))) continue;
      out.push(new ChunkReference(target, value, n.range[0], n.range[1], chunk, entry, file, field));
    }
  }
}

/** The nodes a reference field holds; a `*` step goes into every item of a list ("actions.*.owner"). */
function refNodes(root: Node | null, steps: string[], many: boolean): unknown[] {
  const star = steps.indexOf("*");
  if (star >= 0) {
    const w = walk(root, steps.slice(0, star));
    if (!w.complete || !isSeq(w.node)) return [];
    return w.node.items.flatMap((item) => refNodes(item as Node | null, steps.slice(star + 1), many));
  }
  const w = walk(root, steps);
  if (!w.complete || !w.node) return [];
  return many ? (isSeq(w.node) ? w.node.items : []) : [w.node];
}

const refCache = new WeakMap<Entry, Reference[]>();

/** Every reference made by an entry (computed once per entry: entries of unchanged chunks are reused). */
export function entryRefs(entry: Entry): Reference[] {
  let out = refCache.get(entry);
  if (!out) {
    out = [];
    collectRefs(out, undefined, entry, entry.node, entry.chunk, refsOf(entry.kind));
    refCache.set(entry, out);
  }
  return out;
}

/** References made by header fields (the SoA's approved_by, every revision's approved_by). */
export function headerRefs(file: IsmsFile): Reference[] {
  const out: Reference[] = [];
  for (const { field, target, many } of headerRefsOf(file.kind)) {
    // The first step is the top-level key; the rest walk into its value ("revisions.*.approved_by").
    const [name, ...steps] = field.split(".");
    const top = file.top.get(name);
    if (!top) continue;
    for (const n of refNodes(top.value, steps, many === true)) {
      if (!isScalar(n) || !n.range) continue;
      const value = scalarText(n);
      if (value)
        out.push(
          new ChunkReference(target, value, n.range[0], n.range[1], top.chunk, undefined, file, field),
        );
    }
  }
  return out;
}

/** What a field of an entry refers to ("action.owner" for nested fields); undefined when not a reference. */
export function refTargetOf(kind: EntryKind, field: string): RefTarget | undefined {
  return refsOf(kind).find((r) => r.field === field)?.target;
}
