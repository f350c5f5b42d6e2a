// Facts about the entries of one kind, kept up to date file by file from what each load removed and
// added, so a workspace rule (a metric derived from every risk, what a vacant role owns) reading them on
// every check costs what the edit changed, not the size of the workspace. A fact depends on its entry
// and on the key only (the key carries the day and the settings it reads); entries without one are left
// out. The facts come unordered: a caller sorts what it shows.
import type { Entry, EntryKind } from "./model";
import { entryInfo } from "./registry";
import { inFileOrder, type WorkspaceIndex } from "./workspace";

interface FileFacts {
  load: number;
  /** Entry -> the pair handed out (kept, so a list of all pairs copies references only). */
  facts: Map<Entry, readonly [Entry, unknown]>;
}
interface State {
  files: Map<string, FileFacts>;
  flat: (readonly [Entry, unknown])[] | undefined;
  version: number;
}

/** The entries of a kind that have a fact, with it, and the facts' version (see `Facts`). */
export interface Facts<T> {
  readonly list: readonly (readonly [Entry, T])[];
  /**
   * Unique across workspaces and keys; changes when a fact, an id or the order of entries with facts
   * changes, not when an edit only gave entries new objects: what a caller derives from the facts' values
   * and ids alone (a count, the first ids) can be kept while the version is the same.
   */
  readonly version: number;
}

/** By workspace, then by kind and key; the oldest keys are dropped past a bound (a new day, new settings). */
const states = new WeakMap<object, Map<string, State>>();
const MAX_KEYS = 256;
let versions = 0;

/** The entries of a kind that have a fact, with it (see the top of this file). */
export function kindFacts<T>(
  index: WorkspaceIndex,
  kind: EntryKind,
  key: string,
  fact: (entry: Entry) => T | undefined,
): Facts<T> {
  const fileKind = entryInfo(kind)?.def.kind;
  if (!fileKind) return { list: [], version: 0 };
  let byKey = states.get(index.source);
  if (!byKey) states.set(index.source, (byKey = new Map()));
  const name = `${kind}\u0000${key}`;
  let state = byKey.get(name);
  if (!state) {
    byKey.set(name, (state = { files: new Map(), flat: undefined, version: ++versions }));
    if (byKey.size > MAX_KEYS) byKey.delete(byKey.keys().next().value as string);
  }
  const add = (facts: Map<Entry, readonly [Entry, unknown]>, e: Entry): unknown => {
    if (e.kind !== kind) return undefined;
    const v = fact(e);
    if (v !== undefined) facts.set(e, [e, v]);
    return v;
  };
  let changed = false;
  let revised = false;
  const seen = new Set<string>();
  for (const file of index.filesOfKind.get(fileKind) ?? []) {
    seen.add(file.path);
    let mine = state.files.get(file.path);
    if (mine?.load === file.load) continue;
    const changes = mine && index.changesSince(file.path, mine.load);
    if (mine && changes) {
      // The edit gave entries new objects; the facts are the same when each entry it took away came back
      // at the same place with the same id and fact (a move, an insertion or another fact revises them).
      const facts = mine.facts;
      const before: unknown[] = [];
      for (const e of changes.removed) {
        before.push(facts.get(e)?.[1]);
        facts.delete(e);
      }
      // A version that changed no entry may have moved them (entries cut and pasted keep their objects).
      if (changes.removed.length !== changes.added.length || !changes.added.length) revised = true;
      changes.added.forEach((e, i) => {
        const v = add(facts, e);
        const was = changes.removed[i];
        if (
          revised ||
          was === undefined ||
          was === e ||
          was.id !== e.id ||
          was.kind !== e.kind ||
          was.path.join() !== e.path.join() ||
          (v !== before[i] && JSON.stringify(v) !== JSON.stringify(before[i]))
        )
          revised = true;
      });
      mine.load = file.load;
    } else {
      mine = { load: file.load, facts: new Map() };
      for (const e of file.entries) add(mine.facts, e);
      state.files.set(file.path, mine);
      revised = true;
    }
    changed = true;
  }
  for (const path of state.files.keys())
    if (!seen.has(path)) {
      state.files.delete(path);
      changed = revised = true;
    }
  if (changed || !state.flat) {
    const flat: (readonly [Entry, unknown])[] = [];
    for (const f of state.files.values()) for (const pair of f.facts.values()) flat.push(pair);
    state.flat = flat;
  }
  if (revised) state.version = ++versions;
  return { list: state.flat as (readonly [Entry, T])[], version: state.version };
}

/**
 * A number for an object's identity (a list by kind, the settings): the same object, the same number.
 * A list by kind is a new array whenever an entry of that kind changes, so a fact that reads the entries
 * of another kind can carry this number in its key and is kept while that kind does not change.
 */
export function identityStamp(o: object | undefined): number {
  if (!o) return 0;
  let n = stamps.get(o);
  if (n === undefined) stamps.set(o, (n = ++lastStamp));
  return n;
}
const stamps = new WeakMap<object, number>();
let lastStamp = 0;

/** The first `n` entries of a list in file order (path, then place), in one pass: facts come unordered. */
export function firstInFileOrder<T extends Entry>(list: readonly T[], n: number): T[] {
  const best: T[] = [];
  for (const x of list) {
    if (best.length === n && inFileOrder(x, best[n - 1]) >= 0) continue;
    let i = best.length;
    while (i > 0 && inFileOrder(x, best[i - 1]) < 0) i--;
    best.splice(i, 0, x);
    if (best.length > n) best.pop();
  }
  return best;
}
