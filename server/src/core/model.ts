// The model of one ISMS file: its kind, header fields and entries, with exact source ranges.
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from "yaml";
import { isKind, sniffKind, type Kind } from "./catalogue";

export { sniffKind };
import { LineIndex } from "./text";
import {
  parseYaml,
  reparseYaml,
  toJS,
  type ParsedYaml,
  type Chunk,
  type ParseCache,
  type SyntaxProblem,
  type TopPair,
  type YamlItem,
} from "./yaml";

export type EntryKind =
  | "role"
  | "asset"
  | "risk"
  | "control"
  | "audit"
  | "finding"
  | "incident"
  | "document"
  | "course"
  | "supplier";

/** For each kind, the top-level key that holds its entries and the entry kind. */
export const COLLECTIONS: Partial<Record<Kind, { key: string; entry: EntryKind }>> = {
  roles: { key: "roles", entry: "role" },
  assets: { key: "assets", entry: "asset" },
  risks: { key: "risks", entry: "risk" },
  soa: { key: "controls", entry: "control" },
  audits: { key: "audits", entry: "audit" },
  incidents: { key: "incidents", entry: "incident" },
  documents: { key: "documents", entry: "document" },
  training: { key: "courses", entry: "course" },
  suppliers: { key: "suppliers", entry: "supplier" },
};

export type Range = [start: number, end: number];
export type Path = (string | number)[];

export type RefTarget = "role" | "asset" | "risk" | "control" | "clause" | "ref";

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
  constructor(
    readonly target: RefTarget,
    readonly value: string,
    private readonly rel: Range,
    private readonly chunk: Chunk,
    readonly entry: Entry | undefined,
    private readonly headerFile: IsmsFile | undefined,
    readonly field: string,
  ) {}
  get range(): Range {
    return [this.chunk.base + this.rel[0], this.chunk.base + this.rel[1]];
  }
  get file(): IsmsFile {
    return this.entry ? this.entry.file : this.headerFile!;
  }
}

export type Plain = Record<string, unknown>;

export interface Entry {
  kind: EntryKind;
  file: IsmsFile;
  /** Where the entry sits in the file's data, e.g. ["risks", 3] or ["audits", 0, "findings", 1]. */
  path: Path;
  node: Node | null;
  /** The control id key of a SoA entry. */
  key?: Scalar;
  chunk: Chunk;
  /** The entry's data as plain JS ({} when it is not a mapping). */
  value: Plain;
  /** The raw value (to tell a non-mapping entry from an empty one). */
  raw: unknown;
  id: string | undefined;
  parent?: Entry;
  /** The load that created the entry, and the last load that kept it (to tell what an edit changed). */
  born: number;
  seen: number;
}

/** Counts loads: entries carry the load that created them and the last one that kept them. */
let loads = 0;

export interface LoadProblem {
  code: "yaml-syntax";
  range: Range;
  message: string;
}

export interface IsmsFile {
  /** The load that made this version (see Entry.born and Entry.seen). */
  load: number;
  path: string;
  text: string;
  lines: LineIndex;
  kind: Kind;
  /** Top-level pairs (header fields; the collection key's value is its raw node). */
  top: Map<string, TopPair>;
  /** Header values as plain JS, without the collection. */
  header: Plain;
  entries: Entry[];
  problems: LoadProblem[];
  /** Line (0-based) -> codes silenced on it ("*" for all), from `# isms-disable-next-line`. */
  disabled: Map<number, Set<string>>;
  /** The parse (chunks in text order), kept so the next edit re-parses only what it touched. */
  parsed: ParsedYaml;
}

/** The previous version of a file and how much of its start and end an edit left unchanged. */
export interface PreviousVersion {
  file: IsmsFile;
  prefix: number;
  suffix: number;
}

const asPlain = (v: unknown): Plain =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Plain) : {};

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
    problems.push({
      code: "yaml-syntax",
      range: [base + s, base + end],
      message: `Cannot load this value: ${(e as Error).message}`,
    });
    return null;
  }
}

const DISABLE = /#\s*isms-disable-(next-)?line\b([^\n]*)/g;

function disabledLines(text: string, lines: LineIndex): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!text.includes("isms-disable-")) return out;
  for (const m of text.matchAll(DISABLE)) {
    const line = lines.position(m.index!).line + (m[1] ? 1 : 0);
    const codes = m[2].split(/[\s,]+/).filter(Boolean);
    const set = out.get(line) ?? new Set<string>();
    for (const c of codes.length ? codes : ["*"]) set.add(c);
    out.set(line, set);
  }
  return out;
}

/**
 * Loads an ISMS file. Returns undefined when the text is not an ISMS file (no top-level `kind:` with an
 * ISMS kind): such files get no finding at all.
 */
export function loadFile(
  path: string,
  text: string,
  cache?: ParseCache,
  opts: { whole?: boolean; previous?: PreviousVersion } = {},
): IsmsFile | undefined {
  const sniffed = sniffKind(text);
  if (!sniffed) return undefined;
  const load = ++loads;
  const prev = opts.previous;
  const parsed =
    (prev && !opts.whole && prev.file.kind === sniffed
      ? reparseYaml(prev.file.parsed, prev.file.text, text, prev.prefix, prev.suffix)
      : undefined) ?? parseYaml(text, COLLECTIONS[sniffed]?.key, cache, opts);
  const kindValue = parsed.top.get("kind");
  const kind = kindValue && isScalar(kindValue.value) ? kindValue.value.value : undefined;
  if (!isKind(kind)) return undefined;
  const lines =
    prev && prev.prefix + prev.suffix <= Math.min(prev.file.text.length, text.length)
      ? LineIndex.edited(prev.file.lines, text, prev.prefix, prev.suffix)
      : new LineIndex(text);
  const problems: LoadProblem[] = parsed.problems.map((p: SyntaxProblem) => ({
    code: "yaml-syntax",
    range: [p.start, p.end],
    message: p.message,
  }));
  const file: IsmsFile = {
    load,
    path,
    text,
    lines,
    kind,
    top: parsed.top,
    header: {},
    entries: [],
    problems,
    disabled: disabledLines(text, lines),
    parsed,
  };
  const coll = COLLECTIONS[kind];
  for (const [name, pair] of parsed.top) {
    if (name === coll?.key && (parsed.chunked || isSeq(pair.value) || isMap(pair.value))) continue;
    file.header[name] = safeJS(pair.value, pair.chunk.doc, problems, pair.chunk.base);
  }
  if (coll) {
    const collValue = parsed.top.get(coll.key)?.value;
    // Keep the collection's type visible to the schema: a scalar there is an error, a list is not.
    if (parsed.items.length > 0 || isSeq(collValue))
      file.header[coll.key] = coll.key === "controls" ? {} : [];
    else if (isMap(collValue)) file.header[coll.key] = {};
    parsed.items.forEach((item, index) => {
      const path: Path = item.key ? [coll.key, String(item.key.value)] : [coll.key, index];
      // An unchanged chunk brings its entries along: only the file and the list index move.
      const derived = item.chunk.derived as Map<Node, Entry[]> | undefined;
      const reused = item.node ? derived?.get(item.node) : undefined;
      if (reused && reused[0].kind === coll.entry) {
        for (const e of reused) {
          e.seen = load;
          e.file = file;
          e.path[1] = path[1];
          file.entries.push(e);
        }
        return;
      }
      const problemsBefore = problems.length;
      const created = loadEntry(file, coll.entry, item, path, problems, load);
      file.entries.push(...created);
      if (item.node && problems.length === problemsBefore) {
        const map = (item.chunk.derived as Map<Node, Entry[]> | undefined) ?? new Map<Node, Entry[]>();
        map.set(item.node, created);
        item.chunk.derived = map;
      }
    });
  }
  return file;
}

/** The entry of a collection item, followed by its findings when it is an audit. */
function loadEntry(
  file: IsmsFile,
  kind: EntryKind,
  item: YamlItem,
  path: Path,
  problems: LoadProblem[],
  load: number,
): Entry[] {
  const raw = safeJS(item.node, item.chunk.doc, problems, item.chunk.base);
  const keyName = item.key ? String(item.key.value) : undefined;
  const value = asPlain(raw);
  const entry: Entry = {
    kind,
    file,
    path,
    node: item.node,
    key: item.key,
    chunk: item.chunk,
    value,
    raw,
    id:
      keyName ??
      (typeof value.id === "string" ? value.id : typeof value.id === "number" ? String(value.id) : undefined),
    born: load,
    seen: load,
  };
  const out = [entry];
  if (kind === "audit" && isMap(item.node)) {
    const findings = item.node.get("findings", true);
    if (isSeq(findings))
      findings.items.forEach((fnode, fi) => {
        const fraw = Array.isArray(value.findings) ? value.findings[fi] : undefined;
        const fvalue = asPlain(fraw);
        out.push({
          kind: "finding",
          file,
          // Shares the audit's path array head, so a moved audit moves its findings too.
          get path() {
            return [...entry.path, "findings", fi];
          },
          node: fnode as Node | null,
          chunk: item.chunk,
          value: fvalue,
          raw: fraw,
          id: typeof fvalue.id === "string" ? fvalue.id : undefined,
          parent: entry,
          born: load,
          seen: load,
        });
      });
  }
  return out;
}

// ---- ranges ----

function rangeOfNode(node: Node | null | undefined, base: number): Range | undefined {
  const r = node?.range;
  return r ? [base + r[0], base + r[1]] : undefined;
}

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

/** The range of the entry's `id` value (or its SoA key, or its first line): where whole-entry findings go. */
export function anchorRange(entry: Entry): Range {
  const base = entry.chunk.base;
  if (entry.key) return rangeOfNode(entry.key, base)!;
  const id = walk(entry.node, ["id"]);
  if (id.complete && id.node) return rangeOfNode(id.node, base)!;
  if (id.complete && id.key) return rangeOfNode(id.key, base)!;
  const r = rangeOfNode(entry.node, base);
  if (!r) return [base, base];
  const text = entry.file.text;
  const eol = text.indexOf("\n", r[0]);
  return [r[0], Math.min(r[1], eol === -1 ? text.length : eol)];
}

/**
 * The range of the value at `path` inside the entry; with `key`, the key's range. Falls back to the
 * entry's anchor when the path does not exist (a missing field).
 */
export function fieldRange(entry: Entry, path: Path, opts: { key?: boolean } = {}): Range {
  if (path.length === 0) return anchorRange(entry);
  const w = walk(entry.node, path);
  const base = entry.chunk.base;
  if (w.complete) {
    if (opts.key && w.key) return rangeOfNode(w.key, base)!;
    if (w.node) return rangeOfNode(w.node, base)!;
    if (w.key) return rangeOfNode(w.key, base)!;
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
  if (!file.top.has(name)) return rangeOfNode(top.value, base) ?? rangeOfNode(top.key, base)!;
  if (path.length === 0)
    return (opts.key ? undefined : rangeOfNode(top.value, base)) ?? rangeOfNode(top.key, base)!;
  const w = walk(top.value, path);
  if (w.complete && opts.key && w.key) return rangeOfNode(w.key, base)!;
  return rangeOfNode(w.node, base) ?? rangeOfNode(top.key, base)!;
}

/** The range of the `kind:` value: where file-level findings go. */
export const kindRange = (file: IsmsFile): Range => headerRange(file, "kind");

// ---- references ----

type RefSpec = [field: string, target: RefTarget, many?: boolean];

const REF_FIELDS: Record<EntryKind, RefSpec[]> = {
  role: [
    ["deputy", "role"],
    ["reports_to", "role"],
    ["owns", "ref", true],
  ],
  asset: [["owner", "role"]],
  risk: [
    ["assets", "asset", true],
    ["owner", "role"],
    ["controls", "control", true],
    ["accepted_by", "role"],
  ],
  control: [["owner", "role"]],
  audit: [
    ["scope", "ref", true],
    ["auditee", "role"],
  ],
  finding: [
    ["ref", "ref"],
    ["action.owner", "role"],
    ["action.verified_by", "role"],
  ],
  incident: [
    ["owner", "role"],
    ["risks", "risk", true],
    ["controls", "control", true],
  ],
  document: [
    ["owner", "role"],
    ["approved_by", "role"],
    ["refs", "ref", true],
  ],
  course: [["audience", "role", true]],
  supplier: [["owner", "role"]],
};

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
  specs: RefSpec[],
): void {
  for (const [field, target, many] of specs) {
    const w = walk(root, field.split("."));
    if (!w.complete || !w.node) continue;
    const nodes = many ? (isSeq(w.node) ? w.node.items : []) : [w.node];
    for (const n of nodes) {
      if (!isScalar(n) || !n.range) continue;
      const value = scalarText(n);
      if (value === undefined || value === "") continue;
      out.push(new ChunkReference(target, value, [n.range[0], n.range[1]], chunk, entry, file, field));
    }
  }
}

const refCache = new WeakMap<Entry, Reference[]>();

/** Every reference made by an entry (computed once per entry: entries of unchanged chunks are reused). */
export function entryRefs(entry: Entry): Reference[] {
  let out = refCache.get(entry);
  if (!out) {
    out = [];
    collectRefs(out, undefined, entry, entry.node, entry.chunk, REF_FIELDS[entry.kind]);
    refCache.set(entry, out);
  }
  return out;
}

/** References made by header fields (the SoA's approved_by). */
export function headerRefs(file: IsmsFile): Reference[] {
  const out: Reference[] = [];
  for (const name of ["approved_by"]) {
    const top = file.top.get(name);
    if (top && isScalar(top.value)) {
      const value = scalarText(top.value);
      if (value && top.value.range)
        out.push(
          new ChunkReference(
            "role",
            value,
            [top.value.range[0], top.value.range[1]],
            top.chunk,
            undefined,
            file,
            name,
          ),
        );
    }
  }
  return out;
}

/** What a field of an entry refers to ("action.owner" for nested fields); undefined when not a reference. */
export function refTargetOf(kind: EntryKind, field: string): RefTarget | undefined {
  return REF_FIELDS[kind].find(([f]) => f === field)?.[1];
}
