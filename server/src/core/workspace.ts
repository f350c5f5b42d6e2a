// The workspace: every ISMS file by path, and the index derived from them (ids, references, SoA).
import {
  entryRefs,
  headerRefs,
  reloadFile,
  type Entry,
  type EntryChanges,
  type EntryKind,
  type IsmsFile,
  type Kind,
  type Reference,
  type TextFile,
} from "./model";
import type { Plain } from "./model";
import { entryInfo } from "./registry";
import { settingsFrom, type Settings } from "./settings";
import { makeChunk, type Chunk, type ParseCache } from "./yaml";
import { nearMiss, type NearMiss } from "./nearkind";
import { LineIndex, type Text } from "./text";

export interface WorkspaceIndex {
  /** ISMS files, sorted by path. */
  files: IsmsFile[];
  /** Manifests (`kind: isms`), in path order; the first one is in force. */
  manifests: IsmsFile[];
  settings: Settings;
  /** Entries of a kind, in path then text order (built on first use of each kind). */
  byKind: KindLists;
  filesOfKind: Map<Kind, IsmsFile[]>;
  /**
   * Id -> entries defining it (SoA controls excluded), in path order. Like `soa`, kept up to date by the
   * workspace: valid until its next change.
   */
  defs: Map<string, Entry[]>;
  /** Control id -> SoA entries. */
  soa: Map<string, Entry[]>;
  /** Ids of `defs` with more than one entry. */
  repeated: ReadonlySet<string>;
  /** Reference value -> references to it, whatever their target (built on first use). */
  refsTo: Map<string, Reference[]>;
  /** Changes whenever the set of defined ids may have changed (cached reference findings depend on it). */
  idsVersion: number;
  /** Files that could not be read, in path order. */
  unreadable: Unreadable[];
  /** YAML files meant as ISMS files but not read as one (unknown-kind), in path order. */
  nearMisses: NearMissFile[];
  /** The workspace the index is of: the same object for every index of one workspace. */
  source: object;
  /** What a file's current version removed and added since its version `load` (see Workspace). */
  changesSince(path: string, load: number): EntryChanges | undefined;
}

/** A YAML file that looks like an ISMS file but is not one, with what it most likely means. */
export interface NearMissFile {
  file: TextFile;
  miss: NearMiss;
}

export interface KindLists {
  get<K extends EntryKind>(kind: K): Entry<K>[] | undefined;
}

export type UnreadableCode = "file-too-large" | "file-unreadable" | "path-outside-workspace";
export interface Unreadable {
  path: string;
  code: UnreadableCode;
  message: string;
}

/**
 * The chunks of a file's previous version by text. A chunk whose text is unchanged is reused (moved to
 * its new base) with everything derived from it; each old chunk is handed out at most once.
 */
class ChunkCache implements ParseCache {
  private old: Map<string, Chunk[]> | undefined;
  constructor(private readonly previous: IsmsFile | undefined) {}
  chunk(text: string, base: number, whole = false): Chunk {
    // Built on first use: an edit that re-parses only its items never needs it.
    if (!this.old) {
      this.old = new Map();
      const prev = this.previous;
      for (const s of prev?.parsed.slots ?? []) {
        const t = prev?.source.slice(s.chunk.base, s.chunk.base + s.length) ?? "";
        const list = this.old.get(t);
        if (list) list.push(s.chunk);
        else this.old.set(t, [s.chunk]);
      }
    }
    const chunk = this.old.get(text)?.shift() ?? makeChunk(text, base, whole);
    chunk.base = base;
    return chunk;
  }
}

/** What one load of a path changed in its entries (from version `from` to version `to`). */
interface Step {
  from: number;
  to: number;
  /** Undefined for a load that changed too much to be worth keeping (the file was replaced). */
  changes: EntryChanges | undefined;
}

/** How many steps of a path are kept for changesSince (a consumer further behind starts afresh). */
const MAX_STEPS = 64;
/** A step changing more entries is not kept: its removed entries would stay in memory for nothing. */
const MAX_STEP_ENTRIES = 5000;

export class Workspace {
  private readonly files = new Map<string, IsmsFile>();
  private readonly unreadable = new Map<string, Unreadable>();
  private readonly nearMisses = new Map<string, NearMissFile>();
  private cachedIndex: WorkspaceIndex | undefined;
  /** Bumped whenever the set of defined ids (kind and id) may have changed: what reference rules read. */
  private idsVersion = 0;
  /** The ids each bump of idsVersion changed (the last MAX_STEPS bumps). */
  private readonly idLog: { version: number; values: string[]; kinds: string[] }[] = [];
  // Kept up to date entry by entry, so an edit costs what it changed, not the size of the workspace.
  private readonly defs = new Map<string, Entry[]>();
  private readonly soa = new Map<string, Entry[]>();
  private readonly repeated = new Set<string>();
  private readonly byKind = new Map<EntryKind, Entry[]>();
  private readonly places = new Map<EntryKind, { list: Entry[]; at: Map<Entry, number> }>();
  private sortedPaths: string[] | undefined;
  private readonly steps = new Map<string, Step[]>();

  /** `whole: true` parses every file in one piece (the reference the chunked loader is tested against). */
  constructor(private readonly opts: { whole?: boolean } = {}) {}

  /**
   * Loads (or reloads) a file from its text. With `unchanged` (how many characters at the start and the
   * end of the text an edit left as they were), only the items the edit touched are parsed again.
   * Returns the model, or undefined when it is not an ISMS file.
   */
  setText(
    path: string,
    text: string | Text,
    opts: { badUtf8At?: number; unchanged?: { prefix: number; suffix: number }; lines?: LineIndex } = {},
  ): IsmsFile | undefined {
    const old = this.files.get(path);
    const cache = new ChunkCache(old);
    const how = { ...this.opts, lines: opts.lines };
    const loaded = reloadFile(path, text, old && { file: old, ...opts.unchanged }, cache, how);
    this.unreadable.delete(path);
    if (!loaded) {
      this.delete(path);
      const miss = nearMiss(path, text.toString());
      if (miss) {
        this.nearMisses.set(path, {
          file: { path, lines: opts.lines?.chars === text ? opts.lines : new LineIndex(text) },
          miss,
        });
        this.cachedIndex = undefined;
      }
      return undefined;
    }
    if (this.nearMisses.delete(path)) this.cachedIndex = undefined;
    const { file, changes } = loaded;
    if (opts.badUtf8At !== undefined)
      file.problems.push({
        code: "yaml-syntax",
        range: [opts.badUtf8At, opts.badUtf8At + 1],
        message: "The file is not valid UTF-8: bytes here could not be decoded (save the file as UTF-8)",
      });
    this.cachedIndex = undefined;
    if (!old) this.sortedPaths = undefined;
    this.files.set(path, file);
    this.apply(changes);
    if (old) {
      const steps = this.steps.get(path) ?? [];
      const big = changes.removed.length + changes.added.length > MAX_STEP_ENTRIES;
      steps.push({ from: old.load, to: file.load, changes: big ? undefined : changes });
      if (steps.length > MAX_STEPS) steps.shift();
      this.steps.set(path, steps);
    }
    return file;
  }

  /**
   * Registers a file that could not be read (too large, unreadable) and so has no model. Findings about
   * it are reported at its first character.
   */
  setUnreadable(path: string, code: UnreadableCode, message: string): void {
    this.delete(path);
    this.unreadable.set(path, { path, code, message });
    this.cachedIndex = undefined;
  }

  delete(path: string): void {
    const old = this.files.get(path);
    if (old) {
      this.files.delete(path);
      this.steps.delete(path);
      this.sortedPaths = undefined;
      this.apply({ removed: old.entries, added: [] });
    }
    if (this.unreadable.delete(path) || this.nearMisses.delete(path) || old) this.cachedIndex = undefined;
  }

  get(path: string): IsmsFile | undefined {
    return this.files.get(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /**
   * The entries a path's current version removed and added since its version `load` (composed over the
   * loads in between); undefined when that version is unknown or too far back, or a load since then
   * replaced most of the file (a consumer then starts afresh).
   */
  changesSince(path: string, load: number): EntryChanges | undefined {
    const current = this.files.get(path);
    if (current?.load === load) return { removed: [], added: [] };
    const steps = this.steps.get(path) ?? [];
    const first = steps.findIndex((s) => s.from === load);
    if (first < 0 || steps[steps.length - 1].to !== current?.load) return undefined;
    const removed = new Set<Entry>();
    const added = new Set<Entry>();
    for (const { changes } of steps.slice(first)) {
      if (!changes) return undefined;
      for (const e of changes.removed) if (!added.delete(e)) removed.add(e);
      for (const e of changes.added) if (!removed.delete(e)) added.add(e);
    }
    return { removed: [...removed], added: [...added] };
  }

  /**
   * The ids defined, or no longer defined, since the workspace's idsVersion was `version`, and the
   * kinds of their entries; undefined when that is too far back.
   */
  idsChangedSince(version: number): { ids: Set<string>; kinds: Set<string> } | undefined {
    if (version === this.idsVersion) return { ids: new Set(), kinds: new Set() };
    const first = this.idLog.findIndex((l) => l.version === version + 1);
    if (first < 0) return undefined;
    const log = this.idLog.slice(first);
    return { ids: new Set(log.flatMap((l) => l.values)), kinds: new Set(log.flatMap((l) => l.kinds)) };
  }

  /** Updates the id maps and the lists by kind with what a load changed. */
  /**
   * The lists by kind with each removed entry swapped for the added one at its place (an edit that
   * replaced entries in place): a copy of each list, no walk over every file. False when a list cannot
   * be patched (it is then built again when next asked for).
   */
  private swapInKindLists({ removed, added }: EntryChanges): boolean {
    const copies = new Map<EntryKind, Entry[]>();
    const moves: [EntryKind, Entry, Entry, number][] = [];
    for (let i = 0; i < removed.length; i++) {
      const kind = removed[i].kind;
      const list = this.byKind.get(kind);
      if (!list) continue;
      const at = this.placesOf(kind, list).get(removed[i]);
      if (at === undefined) return false;
      let copy = copies.get(kind);
      if (!copy) copies.set(kind, (copy = [...list]));
      copy[at] = added[i];
      moves.push([kind, removed[i], added[i], at]);
    }
    for (const [kind, copy] of copies) {
      const places = this.places.get(kind);
      this.byKind.set(kind, copy);
      if (places) places.list = copy;
    }
    for (const [kind, gone, now, at] of moves) {
      const places = this.places.get(kind)?.at;
      places?.delete(gone);
      places?.set(now, at);
    }
    return true;
  }

  /** Entry -> its index in the kind's list (built once per list, kept up to date by swaps). */
  private placesOf(kind: EntryKind, list: Entry[]): Map<Entry, number> {
    let p = this.places.get(kind);
    if (p?.list !== list) {
      p = { list, at: new Map(list.map((e, i) => [e, i])) };
      this.places.set(kind, p);
    }
    return p.at;
  }

  private forgetKind(kind: EntryKind): void {
    this.byKind.delete(kind);
    this.places.delete(kind);
  }

  private apply(changes: EntryChanges): void {
    const ids = (list: Entry[]) => list.filter((e) => e.id !== undefined).map((e) => `${e.kind}\0${e.id}`);
    const before = ids(changes.removed).sort();
    const after = ids(changes.added).sort();
    if (before.length !== after.length || before.some((k, i) => k !== after[i])) {
      // The ids whose definitions changed: those in one list and not the other.
      const a = new Set(before);
      const b = new Set(after);
      const values = [...before.filter((k) => !b.has(k)), ...after.filter((k) => !a.has(k))];
      this.idsVersion++;
      this.idLog.push({
        version: this.idsVersion,
        values: values.map((k) => k.slice(k.indexOf("\0") + 1)),
        kinds: [...new Set(values.map((k) => k.slice(0, k.indexOf("\0"))))],
      });
      if (this.idLog.length > MAX_STEPS) this.idLog.shift();
    }
    const patched = changes.inPlace === true && this.swapInKindLists(changes);
    // Grouped by id, so that a load touching many entries of one id (thousands of copies of an entry)
    // costs what it touched, not the square of it.
    const group = (list: Entry[]) => {
      const out = new Map<string, { map: Map<string, Entry[]>; entries: Entry[] }>();
      for (const e of list) {
        if (!patched) this.forgetKind(e.kind);
        if (e.id === undefined) continue;
        const map = e.kind === "control" ? this.soa : this.defs;
        const key = `${map === this.soa ? "s" : "d"}\0${e.id}`;
        const g = out.get(key);
        if (g) g.entries.push(e);
        else out.set(key, { map, entries: [e] });
      }
      return out;
    };
    const removed = group(changes.removed);
    const added = group(changes.added);
    for (const { map, entries } of removed.values()) {
      const id = entries[0].id ?? "";
      const list = map.get(id);
      if (!list) continue;
      const gone = new Set(entries);
      const left = list.filter((e) => !gone.has(e));
      if (left.length) map.set(id, left);
      else map.delete(id);
    }
    for (const { map, entries } of added.values()) {
      const id = entries[0].id ?? "";
      const list = map.get(id);
      if (!list) map.set(id, entries.length > 1 ? entries.sort(inFileOrder) : entries);
      else if (entries.length === 1) list.splice(insertionPoint(list, entries[0]), 0, entries[0]);
      else map.set(id, list.concat(entries).sort(inFileOrder));
    }
    for (const key of new Set([...removed.keys(), ...added.keys()])) {
      if (!key.startsWith("d")) continue;
      const id = key.slice(2);
      if ((this.defs.get(id)?.length ?? 0) > 1) this.repeated.add(id);
      else this.repeated.delete(id);
    }
  }

  get index(): WorkspaceIndex {
    if (this.cachedIndex) return this.cachedIndex;
    this.sortedPaths ??= [...this.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const files = this.sortedPaths.flatMap((p) => this.files.get(p) ?? []);
    const filesOfKind = new Map<Kind, IsmsFile[]>();
    for (const file of files) push(filesOfKind, file.kind, file);
    const byKind = this.byKind;
    const kindList = <K extends EntryKind>(kind: K): Entry<K>[] | undefined => {
      let list = byKind.get(kind);
      if (!list) {
        list = [];
        // Only the files of the kind that holds such entries (in path order, as all files are).
        const holder = entryInfo(kind)?.def.kind;
        for (const file of holder ? (filesOfKind.get(holder) ?? []) : files)
          for (const e of file.entries) if (e.kind === kind) list.push(e);
        byKind.set(kind, list);
      }
      return list.length ? (list as Entry<K>[]) : undefined;
    };
    return (this.cachedIndex = makeIndex(
      files,
      filesOfKind,
      { get: kindList },
      this.defs,
      this.soa,
      this.repeated,
      [...this.unreadable.values()],
      [...this.nearMisses.values()].sort((a, b) => (a.file.path < b.file.path ? -1 : 1)),
      this.idsVersion,
      this,
    ));
  }
}

/** The settings of a manifest's header, made once per header (a header is new when its file changes). */
function settingsOf(header: Plain | undefined): Settings {
  if (!header) return (noManifest ??= settingsFrom(undefined));
  let s = settingsByHeader.get(header);
  if (!s) settingsByHeader.set(header, (s = settingsFrom(header)));
  return s;
}
const settingsByHeader = new WeakMap<Plain, Settings>();
let noManifest: Settings | undefined;

/** Where an entry starts in its file. */
const offsetOf = (e: Entry): number => e.chunk.base + e.start;

/** Where an entry goes in a list in file order (after its equals). */
function insertionPoint(list: Entry[], e: Entry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (inFileOrder(list[mid], e) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Path order, then text order: the order of a full scan of the workspace. */
/** Entries in the order of their files' paths, then of their place in the file. */
export const inFileOrder = (a: Entry, b: Entry): number =>
  a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : offsetOf(a) - offsetOf(b);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function makeIndex(
  files: IsmsFile[],
  filesOfKind: Map<Kind, IsmsFile[]>,
  byKind: KindLists,
  defs: Map<string, Entry[]>,
  soa: Map<string, Entry[]>,
  repeated: ReadonlySet<string>,
  unreadable: Unreadable[],
  nearMisses: NearMissFile[],
  idsVersion: number,
  ws: Workspace,
): WorkspaceIndex {
  const manifests = filesOfKind.get("isms") ?? [];
  let refsTo: Map<string, Reference[]> | undefined;
  return {
    files,
    manifests,
    settings: settingsOf(manifests[0]?.header),
    byKind,
    filesOfKind,
    defs,
    soa,
    repeated,
    idsVersion,
    // Each list in file order, as the references were made.
    get refsTo() {
      if (!refsTo) {
        refsTo = new Map();
        for (const file of files) {
          for (const r of headerRefs(file)) push(refsTo, r.value, r);
          for (const entry of file.entries) for (const r of entryRefs(entry)) push(refsTo, r.value, r);
        }
      }
      return refsTo;
    },
    unreadable: unreadable.sort((a, b) => (a.path < b.path ? -1 : 1)),
    nearMisses,
    source: ws,
    changesSince: (path, load) => ws.changesSince(path, load),
  };
}
