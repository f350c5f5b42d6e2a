// Completion from the cursor's line and the lines above it (so it works while the YAML is half typed):
// keys allowed at the cursor, enum values, ids of roles, assets and risks, Annex A controls, clauses,
// dates, durations, and a new entry's skeleton on an empty list item.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range as LspRange,
} from "vscode-languageserver/node";
import { CLAUSES, CONTROLS, THEME_REFS } from "../core/catalogue";
import { nodeAt } from "../core/locate";
import { refTargetOf, type Entry, type EntryKind, type Kind, type Path, type RefTarget } from "../core/model";
import { targetsOf } from "../core/kinds/api";
import { collectionOf, entrySpec, kindDef, kindNames } from "../core/registry";
import { reviewOfEntry } from "../core/reviews";
import { str } from "../core/rules/api";
import { keysAt, schemaAt, type SchemaNode } from "../core/schemadoc";
import { addDuration, display, formatDay, formatDuration, months, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { clampPosition, offsetAt } from "./convert";
import type { OpenDocument } from "./documents";
import type { Session } from "./session";

export const TRIGGER_CHARACTERS = [":", " ", "-", "[", ",", "."];

/** Lines of a document, read on demand (a register can have 200k lines; a completion needs a few). */
export interface Lines {
  count: number;
  at(i: number): string;
}

export function linesOf(doc: OpenDocument): Lines {
  return { count: doc.lines.lineCount, at: (i) => doc.lines.lineText(i) };
}

interface LineInfo {
  indent: number;
  /** Column where the key (or scalar) starts after any "- " prefixes. */
  keyCol: number;
  /** Columns of "- " item markers on the line. */
  dashes: number[];
  key?: string;
  blank: boolean;
}

const LINE = /^( *)((?:- +)*)(?:("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$))?/;

function lineInfo(line: string): LineInfo {
  const trimmed = line.trimStart();
  if (trimmed === "" || trimmed.startsWith("#")) return { indent: 0, keyCol: 0, dashes: [], blank: true };
  const m = LINE.exec(line) ?? ["", "", ""];
  const indent = m[1].length;
  const dashes: number[] = [];
  let col = indent;
  for (const part of m[2].match(/- +/g) ?? []) {
    dashes.push(col);
    col += part.length;
  }
  const key = m[3]?.replace(/^["']|["']$/g, "");
  return { indent, keyCol: col, dashes, key, blank: false };
}

/** The file's collection key and the column of its items' "- " (from the last parse), to stop early. */
export interface CollectionHint {
  key: string;
  indent: number;
}

/**
 * The path of the mapping (or list) that contains column `col` of line `lineNo`, from the lines above:
 * each line with a key left of `col` is a parent key, each "- " left of it a list item. Reaching an item
 * of the file's collection ends the walk (a register has thousands of items above the cursor).
 */
function parentPath(lines: Lines, lineNo: number, col: number, hint?: CollectionHint): Path {
  const path: Path = [];
  let c = col;
  const item = (dash: number): boolean => {
    path.unshift(0);
    c = dash;
    if (hint && dash === hint.indent) {
      path.unshift(hint.key);
      return true;
    }
    return false;
  };
  for (let i = lineNo; i >= 0 && c > 0; i--) {
    const info = i === lineNo ? lineInfo(lines.at(i).slice(0, col)) : lineInfo(lines.at(i));
    if (info.blank) continue;
    if (i !== lineNo && info.key !== undefined && info.keyCol < c) {
      path.unshift(info.key);
      c = info.keyCol;
    }
    // "- " markers left of the column make a list item (on our own line too).
    for (let d = info.dashes.length - 1; d >= 0; d--)
      if (info.dashes[d] < c && item(info.dashes[d])) return path;
  }
  return path;
}

/** Keys already present in the mapping whose keys start at `col`, around line `lineNo`. */
function siblingKeys(lines: Lines, lineNo: number, col: number): Set<string> {
  const keys = new Set<string>();
  for (let i = lineNo - 1; i >= 0; i--) {
    const info = lineInfo(lines.at(i));
    if (info.blank) continue;
    if (info.keyCol === col && info.key !== undefined) keys.add(info.key);
    if (info.keyCol < col || info.dashes.some((d) => d < col)) break;
  }
  for (let i = lineNo + 1; i < lines.count; i++) {
    const info = lineInfo(lines.at(i));
    if (info.blank) continue;
    if (info.keyCol < col || info.dashes.some((d) => d < col)) break;
    if (info.keyCol === col && info.key !== undefined) keys.add(info.key);
  }
  return keys;
}

/**
 * The innermost entry a path lies in: the collection's entry kind, or a child entry's (a finding inside an
 * audit), with how many steps of the path lead to it.
 */
function entryAt(kind: Kind, path: Path): { kind: EntryKind; depth: number } | undefined {
  const coll = collectionOf(kind);
  if (!coll || path[0] !== coll.key || path.length < 2) return undefined;
  let spec = coll.entry;
  let depth = 2;
  for (;;) {
    const key = path[depth];
    const child = spec.children?.find((c) => c.key === key);
    if (!child || path.length < depth + 2) return { kind: spec.name, depth };
    spec = child.entry;
    depth += 2;
  }
}

const entryKindAt = (kind: Kind, path: Path): EntryKind | undefined => entryAt(kind, path)?.kind;

/** The field name inside the entry ("owner", "action.owner", "controls"). */
function fieldInEntry(kind: Kind, path: Path): string {
  return path
    .slice(entryAt(kind, path)?.depth ?? 0)
    .filter((p) => typeof p === "string")
    .join(".");
}

export interface Context {
  kind: Kind;
  /** Path of the value being completed, or of the mapping whose key is being completed. */
  path: Path;
  mode: "key" | "value" | "item";
  /** The partial word before the cursor and its range (replaced by the chosen item). */
  word: string;
  range: LspRange;
  keyCol: number;
  lineNo: number;
}

/** Works out what is being completed at `pos` in `text`. */
export function completionContext(
  lines: Lines,
  kind: Kind,
  pos: Position,
  hint?: CollectionHint,
): Context | undefined {
  const line = pos.line < lines.count ? lines.at(pos.line) : "";
  const prefix = line.slice(0, pos.character);
  if (/#/.test(prefix.replace(/"[^"]*"|'[^']*'/g, ""))) return undefined; // in a comment
  const wordOf = (start: number) => ({
    word: prefix.slice(start),
    range: { start: { line: pos.line, character: start }, end: pos },
  });
  // "key: [a, b" or "key: partial" or "- partial" or "key" / "- key".
  const value = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:\s+(\[(?:[^\]]*,)?\s*)?(\S*)$/.exec(
    prefix,
  );
  if (value) {
    const key = value[3].replace(/^["']|["']$/g, "");
    const keyCol = value[1].length + value[2].length;
    const path = [...parentPath(lines, pos.line, keyCol, hint), key];
    const start = pos.character - value[5].length;
    return {
      kind,
      path: value[4] !== undefined ? [...path, 0] : path,
      mode: "value",
      ...wordOf(start),
      keyCol,
      lineNo: pos.line,
    };
  }
  const item = /^( *)((?:- +)+)(\S*)$/.exec(prefix);
  const bare = /^( *)([\w.-]*)$/.exec(prefix);
  if (item || bare) {
    const word = (item ? item[3] : bare?.[2]) ?? "";
    const col = pos.character - word.length;
    const parent = parentPath(lines, pos.line, col, hint);
    // "- word" under a key whose items are scalars completes a value; otherwise a key.
    if (item) {
      const schema = schemaAt(kind, parent.slice(0, -1));
      const itemSchema = schema?.items;
      if (itemSchema && !itemSchemaIsObject(kind, parent))
        return { kind, path: parent, mode: "item", ...wordOf(col), keyCol: col, lineNo: pos.line };
    }
    return { kind, path: parent, mode: "key", ...wordOf(col), keyCol: col, lineNo: pos.line };
  }
  return undefined;
}

function itemSchemaIsObject(kind: Kind, path: Path): boolean {
  const s = schemaAt(kind, path);
  return !!s && (s.type === "object" || !!s.properties);
}

export function completion(session: Session, uri: string, at: Position): CompletionList | null {
  const doc = session.docs.get(uri);
  if (!doc) return null;
  // The lines are walked from the cursor: a position past the text must not walk a billion lines.
  const pos = clampPosition(doc.lines, at);
  const lines = linesOf(doc);
  const file = session.file(uri);
  if (!file) return kindCompletion(lines, pos);
  const coll = collectionOf(file.kind);
  const cut = file.parsed.cut;
  // A header list (revisions:) may indent its items as the collection does: inside another top-level
  // value, a dash at the collection's indent is not one of its entries.
  const offset = offsetAt(file, pos);
  const inHeader = [...file.top].some(
    ([k, t]) =>
      k !== coll?.key &&
      !!t.value?.range &&
      t.chunk.base + t.value.range[0] <= offset &&
      offset <= t.chunk.base + t.value.range[1],
  );
  const ctx = completionContext(
    lines,
    file.kind,
    pos,
    coll && cut?.isSeq && !inHeader ? { key: coll.key, indent: cut.indent } : undefined,
  );
  if (!ctx) return null;
  const index = session.index;
  const snippets = session.snippetSupport;
  let items: CompletionItem[];
  if (ctx.mode === "key") {
    items = keyItems(lines, ctx);
    if (
      ctx.word === "" &&
      ctx.path.length === 2 &&
      typeof ctx.path[1] === "number" &&
      isEmptyItem(lines, pos)
    )
      items.unshift(...skeleton(index, ctx, session.today, snippets));
  } else items = valueItems(index, ctx, session.today, nodeAt(file, offsetAt(file, pos)).entry);
  for (const it of items) it.textEdit ??= { range: ctx.range, newText: it.insertText ?? it.label };
  for (const it of items) delete it.insertText;
  return { isIncomplete: false, items };
}

function isEmptyItem(lines: Lines, pos: Position): boolean {
  const line = lines.at(pos.line);
  return /^\s*-\s*$/.test(line);
}

function kindCompletion(lines: Lines, pos: Position): CompletionList | null {
  // Only in a file that has no other content yet: never in unrelated YAML.
  for (let i = 0; i < lines.count; i++) {
    const l = lines.at(i).trim();
    if (i !== pos.line && l !== "" && !l.startsWith("#")) return null;
  }
  const prefix = lines.at(pos.line).slice(0, pos.character);
  const m = /^(kind:\s*)?(\w*)$/.exec(prefix);
  if (!m) return null;
  const range = { start: { line: pos.line, character: m[1] ? m[1].length : 0 }, end: pos };
  return {
    isIncomplete: false,
    items: kindNames().map((k) => ({
      label: m[1] ? k : `kind: ${k}`,
      kind: CompletionItemKind.EnumMember,
      detail: "ISMS file kind",
      textEdit: { range, newText: m[1] ? k : `kind: ${k}\n` },
    })),
  };
}

function keyItems(lines: Lines, ctx: Context): CompletionItem[] {
  const present = siblingKeys(lines, ctx.lineNo, ctx.keyCol);
  return keysAt(ctx.kind, ctx.path)
    .filter((k) => !present.has(k.name))
    .map((k) => ({
      label: k.name,
      kind: CompletionItemKind.Property,
      detail: k.required ? "required" : typeHint(k.schema),
      documentation: { kind: MarkupKind.Markdown, value: k.description },
      sortText: `${k.required ? 0 : 1}${k.name}`,
      insertText: `${k.name}: `,
    }));
}

function typeHint(s: SchemaNode): string {
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.defName === "date" || s.defName === "reviewed") return "date";
  if (s.defName) return s.defName;
  return Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "");
}

function idItems(index: WorkspaceIndex, kind: EntryKind): CompletionItem[] {
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const e of index.byKind.get(kind) ?? []) {
    const id = e.id;
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const v = e.value;
    const title = str(v.title) ?? str(v.name) ?? str(v.question) ?? "";
    const detail = kind === "role" ? `${title} · ${display(v.holder) || "vacant"}` : title;
    out.push({ label: id, kind: CompletionItemKind.Reference, detail, filterText: `${id} ${title}` });
  }
  return out;
}

function controlItems(): CompletionItem[] {
  const themes = [...THEME_REFS].map(([id, theme], i) => ({
    label: id,
    kind: CompletionItemKind.Module,
    detail: `${theme} controls`,
    sortText: `0${i}`,
  }));
  return [
    ...CONTROLS.map((c, i) => ({
      label: c.id,
      kind: CompletionItemKind.EnumMember,
      detail: c.title,
      labelDetails: { description: c.theme },
      filterText: `${c.id} ${c.title}`,
      sortText: `1${String(i).padStart(3, "0")}`,
    })),
    ...themes,
  ];
}

function clauseItems(): CompletionItem[] {
  return CLAUSES.map((c, i) => ({
    label: c.id,
    kind: CompletionItemKind.EnumMember,
    detail: c.title,
    filterText: `${c.id} ${c.title}`,
    sortText: `2${String(i).padStart(3, "0")}`,
  }));
}

function refItems(index: WorkspaceIndex, target: RefTarget): CompletionItem[] {
  if (target.includes("|")) return targetsOf(target).flatMap((t) => refItems(index, t));
  if (target === "control") return controlItems();
  if (target === "clause") return clauseItems();
  if (target === "ref") return [...clauseItems(), ...controlItems()];
  return idItems(index, target);
}

/** Reference items in the order the entry's kind ranks them for the field (rankRefs), best first. */
function ranked(
  index: WorkspaceIndex,
  items: CompletionItem[],
  entryKind: EntryKind | undefined,
  field: string,
  entry: Entry | undefined,
): CompletionItem[] {
  const rank = entryKind && entry?.kind === entryKind ? entrySpec(entryKind)?.rankRefs?.[field] : undefined;
  if (!rank || !entry) return items;
  const order = new Map(rank(entry, index).map((r, i) => [r.id, { i, note: r.note }]));
  items.forEach((it, i) => {
    const r = order.get(it.label);
    it.sortText = r ? `0${String(r.i).padStart(5, "0")}` : `1${String(i).padStart(5, "0")}`;
    if (r) {
      it.labelDetails = { description: r.note };
      it.preselect = r.i === 0 || undefined;
    }
  });
  return items;
}

function valueItems(
  index: WorkspaceIndex,
  ctx: Context,
  today: Day,
  entry: Entry | undefined,
): CompletionItem[] {
  const schema = schemaAt(ctx.kind, ctx.path);
  const entryKind = entryKindAt(ctx.kind, ctx.path);
  const field = fieldInEntry(ctx.kind, ctx.path);
  const header =
    ctx.path.length === 1 ? kindDef(ctx.kind)?.headerRefs?.find((r) => r.field === ctx.path[0]) : undefined;
  const target =
    (entryKind && refTargetOf(entryKind, field)) ??
    header?.target ??
    (schema?.defName === "roleRef" ? "role" : schema?.defName === "controlRef" ? "control" : undefined) ??
    (schema?.defName === "clauseRef" ? "clause" : schema?.defName === "ref" ? "ref" : undefined);
  if (target) return ranked(index, refItems(index, target), entryKind, field, entry);
  if (!schema) return [];
  if (schema.enum) {
    // What each value means, when the entry's kind says (valueDocs: the 9.3.2 letters of a meeting).
    const docs = entryKind ? entrySpec(entryKind)?.valueDocs?.[field] : undefined;
    return schema.enum.map((v): CompletionItem => {
      const doc = docs?.[String(v)];
      const item: CompletionItem = { label: String(v), kind: CompletionItemKind.EnumMember };
      return doc ? { ...item, detail: doc, filterText: `${String(v)} ${doc}` } : item;
    });
  }
  if (schema.type === "boolean")
    return ["true", "false"].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  if (schema.defName === "date" || schema.defName === "reviewed" || schema.format === "isms-date")
    return dateItems(index, today, entry);
  if (schema.defName === "duration" || schema.defName === "review_every")
    return ["1 month", "3 months", "6 months", "12 months", "24 months", "36 months"].map((d, i) => ({
      label: d,
      kind: CompletionItemKind.Value,
      sortText: String(i),
    }));
  return [];
}

/** Today, and today plus the interval that applies here (the entry's review interval, else 12 months). */
function dateItems(index: WorkspaceIndex, today: Day, entry: Entry | undefined): CompletionItem[] {
  const items: CompletionItem[] = [
    {
      label: formatDay(today),
      kind: CompletionItemKind.Value,
      detail: "today",
      preselect: true,
      sortText: "0",
    },
  ];
  let interval = months(12);
  const review = entry ? reviewOfEntry(entry, index.settings) : undefined;
  if (review) interval = review.interval;
  const later = addDuration(today, interval);
  items.push({
    label: formatDay(later),
    kind: CompletionItemKind.Value,
    detail: `today + ${formatDuration(interval)}`,
    sortText: "1",
  });
  return items;
}

/** The next id in the style of the existing ones: R-042 after R-041. */
export function nextId(index: WorkspaceIndex, kind: EntryKind, fallback: string): string {
  let best: { prefix: string; n: number; width: number } | undefined;
  for (const e of index.byKind.get(kind) ?? []) {
    const m = /^(.*?)(\d+)$/.exec(e.id ?? "");
    if (!m) continue;
    const n = +m[2];
    if (!best || n > best.n) best = { prefix: m[1], n, width: m[2].length };
  }
  if (!best) return fallback;
  for (let n = best.n + 1; ; n++) {
    const candidate = `${best.prefix}${String(n).padStart(best.width, "0")}`;
    if (!index.defs.has(candidate)) return candidate;
  }
}

/** A new entry with the required keys, as a snippet (or plain text) indented under the "- ". */
function skeleton(index: WorkspaceIndex, ctx: Context, today: Day, snippets: boolean): CompletionItem[] {
  const entryKind = entryKindAt(ctx.kind, [...ctx.path, "id"]);
  // Entries keyed by id (the SoA's controls) are not list items.
  if (!entryKind || collectionOf(ctx.kind)?.map) return [];
  const keys = keysAt(ctx.kind, ctx.path).filter((k) => k.required);
  const pad = " ".repeat(ctx.keyCol);
  let tab = 1;
  const lines = keys.map((k, i) => {
    let value: string;
    const s = k.schema;
    if (k.name === "id") value = nextId(index, entryKind, entrySpec(entryKind)?.firstId ?? "id");
    else if (s.enum) value = snippets ? `\${${tab++}|${s.enum.join(",")}|}` : String(s.enum[0]);
    else if (s.defName === "date" || s.defName === "reviewed") value = formatDay(today);
    else if (s.type === "integer") value = "3";
    else if (s.type === "array") value = "[]";
    else if (s.type === "boolean") value = "true";
    else value = snippets ? `\${${tab++}:${k.name}}` : k.name;
    if (k.name === "id" && snippets) value = `\${${tab++}:${value}}`;
    return `${i === 0 ? "" : pad}${k.name}: ${value}`;
  });
  return [
    {
      label: `new ${entryKind}`,
      kind: CompletionItemKind.Snippet,
      detail: `A ${entryKind} with its required keys`,
      insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      insertText: lines.join("\n"),
      sortText: "00",
      preselect: true,
    },
  ];
}
