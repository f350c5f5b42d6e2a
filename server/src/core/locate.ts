// What is under the cursor in a parsed file: the entry, the path from the file's root, and the key or
// scalar value there (hover and completion start from this).
import { isMap, isScalar, isSeq, type Node, type Scalar } from "yaml";
import type { Entry, IsmsFile, Path, Range } from "./model";

export interface NodeAt {
  /** The innermost entry around the offset (a finding rather than its audit). */
  entry?: Entry;
  /** Path from the file's root: ["risks", 3, "owner"]. */
  path: Path;
  /** The scalar under the cursor (a key when `isKey`). */
  scalar?: Scalar;
  isKey: boolean;
  range?: Range;
}

const within = (r: readonly number[] | null | undefined, base: number, offset: number) =>
  !!r && base + r[0] <= offset && offset <= base + r[1];

function descend(node: Node | null, base: number, offset: number, path: Path): Omit<NodeAt, "entry"> {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (isScalar(key) && within(key.range, base, offset)) {
        const r = key.range ?? [0, 0];
        return {
          path: [...path, String(key.value)],
          scalar: key,
          isKey: true,
          range: [base + r[0], base + r[1]],
        };
      }
      if (isScalar(key) && value && within(value.range, base, offset))
        return descend(value, base, offset, [...path, String(key.value)]);
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      if (item && within(item.range, base, offset)) return descend(item, base, offset, [...path, i]);
    }
  } else if (isScalar(node) && node.range) {
    const r = node.range;
    return { path, scalar: node, isKey: false, range: [base + r[0], base + r[1]] };
  }
  return { path, isKey: false };
}

/**
 * The entries of the collection item around `offset` (an audit with its findings), found by bisection
 * over the file's entries, which are in text order; every entry of a file parsed in one piece.
 */
export function entriesAround(file: IsmsFile, offset: number): Entry[] {
  const es = file.entries;
  if (!file.parsed.chunked) return es;
  const start = (e: Entry) => e.chunk.base + e.start;
  let lo = 0;
  let hi = es.length; // the first entry starting after the offset
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start(es[mid]) <= offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return [];
  const chunk = es[lo - 1].chunk;
  let a = lo - 1;
  while (a > 0 && es[a - 1].chunk === chunk) a--;
  let b = lo;
  while (b < es.length && es[b].chunk === chunk) b++;
  return es.slice(a, b);
}

export function nodeAt(file: IsmsFile, offset: number): NodeAt {
  let entry: Entry | undefined;
  for (const e of entriesAround(file, offset)) {
    const r = e.node?.range;
    const inKey = e.key && within(e.key.range, e.chunk.base, offset);
    if (inKey || within(r, e.chunk.base, offset)) entry = e; // later entries (findings) are inner
  }
  if (entry) {
    if (entry.key && within(entry.key.range, entry.chunk.base, offset)) {
      const r = entry.key.range ?? [0, 0];
      const base = entry.chunk.base;
      return { entry, path: entry.path, scalar: entry.key, isKey: true, range: [base + r[0], base + r[1]] };
    }
    return { entry, ...descend(entry.node, entry.chunk.base, offset, entry.path) };
  }
  for (const [name, pair] of file.top) {
    const base = pair.chunk.base;
    if (within(pair.key.range, base, offset)) {
      const r = pair.key.range ?? [0, 0];
      return { path: [name], scalar: pair.key, isKey: true, range: [base + r[0], base + r[1]] };
    }
    if (pair.value && within(pair.value.range, base, offset))
      return descend(pair.value, base, offset, [name]);
  }
  return { path: [], isKey: false };
}
