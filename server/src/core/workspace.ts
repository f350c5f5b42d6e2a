// The workspace: every ISMS file by path, and the index derived from them (ids, references, SoA).
import {
  entryRefs,
  headerRefs,
  loadFile,
  type Entry,
  type EntryKind,
  type IsmsFile,
  type Reference,
} from "./model";
import { settingsFrom, type Settings } from "./settings";
import { parseChunkText, type Chunk, type ParseCache } from "./yaml";
import type { Kind } from "./catalogue";

export interface WorkspaceIndex {
  /** ISMS files, sorted by path. */
  files: IsmsFile[];
  /** Manifests (`kind: isms`), in path order; the first one is in force. */
  manifests: IsmsFile[];
  settings: Settings;
  byKind: Map<EntryKind, Entry[]>;
  filesOfKind: Map<Kind, IsmsFile[]>;
  /** Id -> entries defining it (SoA controls excluded), in path order. */
  defs: Map<string, Entry[]>;
  /** Control id -> SoA entries. */
  soa: Map<string, Entry[]>;
  /** Every reference (built on first use). */
  refs: Reference[];
  /** Reference value -> references to it, whatever their target (built on first use). */
  refsTo: Map<string, Reference[]>;
  /** Changes whenever the set of defined ids may have changed (cached reference findings depend on it). */
  idsVersion: number;
  /** Files that could not be read, in path order. */
  unreadable: Unreadable[];
}

export type UnreadableCode = "file-too-large" | "file-unreadable";
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
  chunk(text: string, base: number): Chunk {
    // Built on first use: an edit that re-parses only its items never needs it.
    if (!this.old) {
      this.old = new Map();
      for (const s of this.previous?.parsed.slots ?? []) {
        const t = this.previous!.text.slice(s.chunk.base, s.chunk.base + s.length);
        const list = this.old.get(t);
        if (list) list.push(s.chunk);
        else this.old.set(t, [s.chunk]);
      }
    }
    const chunk = this.old.get(text)?.shift() ?? { base, doc: parseChunkText(text) };
    chunk.base = base;
    return chunk;
  }
}

export class Workspace {
  private readonly files = new Map<string, IsmsFile>();
  private readonly unreadable = new Map<string, Unreadable>();
  private cachedIndex: WorkspaceIndex | undefined;
  /** Bumped whenever the set of defined ids (kind and id) may have changed: what reference rules read. */
  private idsVersion = 0;

  /** `whole: true` parses every file in one piece (the reference the chunked loader is tested against). */
  constructor(private readonly opts: { whole?: boolean } = {}) {}

  /**
   * Loads (or reloads) a file from its text. With `unchanged` (how many characters at the start and the
   * end of the text an edit left as they were), only the items the edit touched are parsed again.
   * Returns the model, or undefined when it is not an ISMS file.
   */
  setText(
    path: string,
    text: string,
    opts: { badUtf8At?: number; unchanged?: { prefix: number; suffix: number } } = {},
  ): IsmsFile | undefined {
    const old = this.files.get(path);
    const cache = new ChunkCache(old);
    const previous = old && opts.unchanged ? { file: old, ...opts.unchanged } : undefined;
    const file = loadFile(path, text, cache, { ...this.opts, previous });
    this.cachedIndex = undefined;
    this.unreadable.delete(path);
    if (file && opts.badUtf8At !== undefined)
      file.problems.push({
        code: "yaml-syntax",
        range: [opts.badUtf8At, opts.badUtf8At + 1],
        message: "The file is not valid UTF-8: bytes here could not be decoded (save the file as UTF-8)",
      });
    if (!file) {
      this.delete(path);
      return undefined;
    }
    if (!sameIds(old, file)) this.idsVersion++;
    this.files.set(path, file);
    return file;
  }

  /**
   * Registers a file that could not be read (too large, unreadable) and so has no model. Findings about
   * it are reported at its first character.
   */
  setUnreadable(path: string, code: UnreadableCode, message: string): void {
    if (this.files.delete(path)) this.idsVersion++;
    this.unreadable.set(path, { path, code, message });
    this.cachedIndex = undefined;
  }

  delete(path: string): void {
    const hadFile = this.files.delete(path);
    if (hadFile) this.idsVersion++;
    if (this.unreadable.delete(path) || hadFile) this.cachedIndex = undefined;
  }

  get(path: string): IsmsFile | undefined {
    return this.files.get(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  get index(): WorkspaceIndex {
    return (this.cachedIndex ??= buildIndex(
      [...this.files.values()],
      [...this.unreadable.values()],
      this.idsVersion,
    ));
  }
}

const idKey = (e: Entry) => `${e.kind}\0${e.id}`;

/**
 * Whether two versions of a file define the same ids. Entries of unchanged chunks are the same objects,
 * so only the entries this load created and the old ones it did not keep are compared.
 */
function sameIds(old: IsmsFile | undefined, next: IsmsFile): boolean {
  const added: string[] = [];
  for (const e of next.entries) if (e.born === next.load && e.id !== undefined) added.push(idKey(e));
  const removed: string[] = [];
  for (const e of old?.entries ?? []) if (e.seen !== next.load && e.id !== undefined) removed.push(idKey(e));
  if (added.length !== removed.length) return false;
  added.sort();
  removed.sort();
  return added.every((k, i) => k === removed[i]);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildIndex(
  unsorted: IsmsFile[],
  unreadable: Unreadable[] = [],
  idsVersion = 0,
): WorkspaceIndex {
  const files = [...unsorted].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byKind = new Map<EntryKind, Entry[]>();
  const filesOfKind = new Map<Kind, IsmsFile[]>();
  const defs = new Map<string, Entry[]>();
  const soa = new Map<string, Entry[]>();
  for (const file of files) {
    push(filesOfKind, file.kind, file);
    for (const entry of file.entries) {
      push(byKind, entry.kind, entry);
      if (entry.id !== undefined) {
        if (entry.kind === "control") push(soa, entry.id, entry);
        else push(defs, entry.id, entry);
      }
    }
  }
  const manifests = filesOfKind.get("isms") ?? [];
  let refs: Reference[] | undefined;
  let refsTo: Map<string, Reference[]> | undefined;
  return {
    files,
    manifests,
    settings: settingsFrom(manifests[0]?.header),
    byKind,
    filesOfKind,
    defs,
    soa,
    idsVersion,
    // In file order, as the references were made.
    get refs() {
      if (!refs) {
        refs = [];
        for (const file of files) {
          refs.push(...headerRefs(file));
          for (const entry of file.entries) refs.push(...entryRefs(entry));
        }
      }
      return refs;
    },
    get refsTo() {
      if (!refsTo) {
        refsTo = new Map();
        for (const r of this.refs) push(refsTo, r.value, r);
      }
      return refsTo;
    },
    unreadable: [...unreadable].sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}
