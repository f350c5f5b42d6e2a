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
  facts: Map<Entry, unknown>;
}
interface State {
  files: Map<string, FileFacts>;
  flat: [Entry, unknown][] | undefined;
}

/** By workspace, then by kind and key; the oldest keys are dropped past a bound (a new day, new settings). */
const states = new WeakMap<object, Map<string, State>>();
const MAX_KEYS = 256;

/** The entries of a kind that have a fact, with it (see the top of this file). */
export function kindFacts<T>(
  index: WorkspaceIndex,
  kind: EntryKind,
  key: string,
  fact: (entry: Entry) => T | undefined,
): readonly (readonly [Entry, T])[] {
  const fileKind = entryInfo(kind)?.def.kind;
  if (!fileKind) return [];
  let byKey = states.get(index.source);
  if (!byKey) states.set(index.source, (byKey = new Map()));
  const name = `${kind}\u0000${key}`;
  let state = byKey.get(name);
  if (!state) {
    byKey.set(name, (state = { files: new Map(), flat: undefined }));
    if (byKey.size > MAX_KEYS) byKey.delete(byKey.keys().next().value as string);
  }
  const add = (facts: Map<Entry, unknown>, e: Entry) => {
    if (e.kind !== kind) return;
    const v = fact(e);
    if (v !== undefined) facts.set(e, v);
  };
  let changed = false;
  const seen = new Set<string>();
  for (const file of index.filesOfKind.get(fileKind) ?? []) {
    seen.add(file.path);
    let mine = state.files.get(file.path);
    if (mine?.load === file.load) continue;
    const changes = mine && index.changesSince(file.path, mine.load);
    if (mine && changes) {
      for (const e of changes.removed) mine.facts.delete(e);
      for (const e of changes.added) add(mine.facts, e);
      mine.load = file.load;
    } else {
      mine = { load: file.load, facts: new Map() };
      for (const e of file.entries) add(mine.facts, e);
      state.files.set(file.path, mine);
    }
    changed = true;
  }
  for (const path of state.files.keys())
    if (!seen.has(path)) {
      state.files.delete(path);
      changed = true;
    }
  if (changed || !state.flat) state.flat = [...state.files.values()].flatMap((f) => [...f.facts]);
  return state.flat as [Entry, T][];
}

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
