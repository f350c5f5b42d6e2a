// Minimal text edits to ISMS files that keep everything else (comments, blank lines, quoting, key order)
// as the user wrote it: set one field, add fields to an entry, append an entry, add a comment line.
import { isMap, isScalar, parseDocument, type Node, type Pair } from "yaml";
import { anchorRange, type Entry, type IsmsFile, type Range } from "./model";
import type { TextEdit } from "./navigate";

/**
 * A value as YAML text that reads back as that very string: plain when YAML would read it so (`R-001`),
 * else double-quoted (`"123"`, `"true"`, `"x:"`, `"ceo #2"`, text with a line break).
 */
export function yamlScalar(value: string): string {
  if (/^[A-Za-z0-9][\w .,/()@+-]*$/.test(value) && !/[:#]/.test(value) && !/\s$/.test(value)) {
    const doc = parseDocument(`k: ${value}`);
    const v: unknown = doc.errors.length ? undefined : doc.get("k");
    if (v === value) return value;
  }
  return JSON.stringify(value);
}

const lineEnd = (text: string, offset: number): number => {
  const i = text.indexOf("\n", offset);
  return i === -1 ? text.length : i;
};

/** The file's line end: \r\n, a lone \r, or \n. */
const eol = (file: IsmsFile): string => (file.text.includes("\r\n") ? "\r\n" : !file.asIs ? "\r" : "\n");

/** Where a block node ends: just after its last character that is not a line break. */
function nodeEnd(file: IsmsFile, base: number, node: Node): number {
  let end = base + (node.range?.[1] ?? 0);
  while (end > 0 && (file.text[end - 1] === "\n" || file.text[end - 1] === "\r")) end--;
  return end;
}

/** The column of an entry's keys (the column after "- " for list items). */
export function keyColumn(entry: Entry): number {
  const start = entry.node?.range ? entry.chunk.base + entry.node.range[0] : anchorRange(entry)[0];
  return entry.file.lines.position(start).character;
}

function pairOf(node: Node | null, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p): p is Pair => isScalar(p.key) && p.key.value === key);
}

/** A mapping to edit: an entry's, or one nested in it (an action), in its file at its chunk's base. */
interface Target {
  file: IsmsFile;
  base: number;
  node: Node | null | undefined;
}

const targetOf = (entry: Entry): Target => ({ file: entry.file, base: entry.chunk.base, node: entry.node });

/**
 * Adds fields to an entry. `lines` are relative to the entry's key column ("action:", "  owner: x").
 * Block entries get new lines after their last line (so a trailing comment stays where it is); flow
 * entries ({ id: R-1 }) get ", key: value" before the closing brace.
 */
export const addFields = (entry: Entry, lines: string[]): TextEdit | undefined =>
  addFieldsTo(targetOf(entry), lines);

function addFieldsTo({ file, base, node }: Target, lines: string[]): TextEdit | undefined {
  if (!isMap(node) || !node.range) return undefined;
  if (node.flow) {
    const close = base + node.range[1] - 1;
    if (file.text[close] !== "}" || lines.some((l) => l.startsWith(" "))) return undefined;
    let at = close;
    while (at > 0 && /[ \t]/.test(file.text[at - 1])) at--;
    const empty = node.items.length === 0;
    return { file, range: [at, at], newText: empty ? ` ${lines.join(", ")} ` : `, ${lines.join(", ")}` };
  }
  const pad = " ".repeat(file.lines.position(base + node.range[0]).character);
  const at = lineEnd(file.text, nodeEnd(file, base, node));
  const nl = eol(file);
  const textBefore = file.text.slice(0, at).endsWith("\r") ? at - 1 : at;
  return { file, range: [textBefore, textBefore], newText: lines.map((l) => `${nl}${pad}${l}`).join("") };
}

/** Adds fields to the mapping at `path` inside an entry (an SoA control's check), as addFields does. */
export function addNestedFields(
  entry: Entry,
  path: readonly (string | number)[],
  lines: string[],
): TextEdit | undefined {
  const node = isMap(entry.node) ? (entry.node.getIn(path, true) as Node | undefined) : undefined;
  return isMap(node) ? addFieldsTo({ ...targetOf(entry), node }, lines) : undefined;
}

/** Sets a scalar field of an entry: replaces the value when present (quotes kept), else adds the field. */
export const setField = (entry: Entry, key: string, value: string): TextEdit | undefined =>
  setFieldOf(targetOf(entry), key, value);

/** Sets a scalar field of the mapping at `path` inside an entry (an action's `closed:`). */
export function setNestedField(
  entry: Entry,
  path: readonly (string | number)[],
  key: string,
  value: string,
): TextEdit | undefined {
  const node = isMap(entry.node) ? (entry.node.getIn(path, true) as Node | undefined) : undefined;
  return isMap(node) ? setFieldOf({ ...targetOf(entry), node }, key, value) : undefined;
}

function setFieldOf(target: Target, key: string, value: string): TextEdit | undefined {
  const { file, base } = target;
  const pair = pairOf(target.node ?? null, key);
  if (pair) {
    const v = pair.value as Node | null;
    if (isScalar(v) && v.range) {
      const r: Range = [base + v.range[0], base + v.range[1]];
      const q = file.text[r[0]];
      if ((q === '"' || q === "'") && file.text[r[1] - 1] === q)
        return { file, range: [r[0] + 1, r[1] - 1], newText: value };
      return { file, range: r, newText: value };
    }
    if (v === null && isScalar(pair.key) && pair.key.range) {
      // "reviewed:" with no value: write after the colon.
      const keyEnd = base + pair.key.range[1];
      const colon = file.text.indexOf(":", keyEnd);
      return { file, range: [colon + 1, colon + 1], newText: ` ${value}` };
    }
    return undefined;
  }
  return addFieldsTo(target, [`${key}: ${value}`]);
}

/** Sets a top-level header field of a file (the SoA's `reviewed:`), or adds it after the `kind:` line. */
export function setHeaderField(file: IsmsFile, key: string, value: string): TextEdit | undefined {
  const top = file.top.get(key);
  const base = top?.chunk.base ?? 0;
  if (top && isScalar(top.value) && top.value.range)
    return { file, range: [base + top.value.range[0], base + top.value.range[1]], newText: value };
  if (top) return undefined;
  const kind = file.top.get("kind");
  if (!kind?.key.range) return undefined;
  const at = lineEnd(file.text, kind.chunk.base + kind.key.range[0]);
  const pos = file.text[at - 1] === "\r" ? at - 1 : at;
  return { file, range: [pos, pos], newText: `${eol(file)}${key}: ${value}` };
}

/** The offset after the last line of an entry (its value, or its key when empty), before any "\r". */
function afterEntry(entry: Entry): number {
  const file = entry.file;
  const node = entry.node?.range ? entry.node : entry.key;
  const at = lineEnd(file.text, node?.range ? nodeEnd(file, entry.chunk.base, node) : anchorRange(entry)[1]);
  return file.text[at - 1] === "\r" ? at - 1 : at;
}

/** Inserts block lines after an entry's last line, at column `col`. */
export function insertAfter(entry: Entry, col: number, lines: string[]): TextEdit {
  const nl = eol(entry.file);
  const at = afterEntry(entry);
  return {
    file: entry.file,
    range: [at, at],
    newText: lines.map((l) => `${nl}${" ".repeat(col)}${l}`).join(""),
  };
}

/** Inserts block lines before an entry's first line, at column `col`. */
export function insertBefore(entry: Entry, col: number, lines: string[]): TextEdit {
  const file = entry.file;
  const start = file.lines.lineStart(file.lines.position(anchorRange(entry)[0]).line);
  const nl = eol(file);
  return { file, range: [start, start], newText: lines.map((l) => `${" ".repeat(col)}${l}${nl}`).join("") };
}

/** Puts block lines under an empty top-level key ("roles:", "roles: []", "controls: {}"), two spaces in. */
export function fillEmptyKey(file: IsmsFile, key: string, lines: string[]): TextEdit[] | undefined {
  const top = file.top.get(key);
  if (!top?.key.range) return undefined;
  const keyStart = top.chunk.base + top.key.range[0];
  let end = lineEnd(file.text, keyStart);
  if (file.text[end - 1] === "\r") end--;
  const line = file.text.slice(keyStart, end);
  const colon = line.indexOf(":");
  const comment = line.indexOf(" #", colon);
  const value = line.slice(colon + 1, comment === -1 ? undefined : comment).trim();
  if (!["", "[]", "{}", "null", "~"].includes(value)) return undefined;
  const nl = eol(file);
  return [
    { file, range: [keyStart + colon + 1, comment === -1 ? end : keyStart + comment], newText: "" },
    { file, range: [end, end], newText: lines.map((l) => `${nl}  ${l}`).join("") },
  ];
}

/** Appends a list entry to a file's collection; `lines` are relative to its key column. */
export function appendEntry(file: IsmsFile, lines: string[], collectionKey: string): TextEdit[] | undefined {
  const item = lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
  const last = file.entries.filter((e) => !e.parent).at(-1);
  if (last && !last.key) return [insertAfter(last, Math.max(0, keyColumn(last) - 2), item)];
  return file.entries.length ? undefined : fillEmptyKey(file, collectionKey, item);
}

/** A `# isms-disable-next-line <code>` line above the given line, indented like it. */
export function disableLineEdit(file: IsmsFile, line: number, code: string): TextEdit {
  const start = file.lines.lineStart(line);
  const text = file.lines.lineText(line);
  const pad = /^[ \t]*/.exec(text)?.[0] ?? "";
  const existing = line > 0 ? file.lines.lineText(line - 1) : "";
  const m = /^([ \t]*#\s*isms-disable-next-line\b)(.*?)\r?$/.exec(existing);
  if (m) {
    const at = file.lines.lineStart(line - 1) + m[1].length + m[2].length;
    return { file, range: [at, at], newText: ` ${code}` };
  }
  return { file, range: [start, start], newText: `${pad}# isms-disable-next-line ${code}${eol(file)}` };
}
