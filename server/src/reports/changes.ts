// The change history of the ISMS from git: per commit its date, author and message, per file which
// entries were added, changed, moved or removed, and per entry the fields that changed with their old and
// new values. It answers "when did this change, from what to what, why, and who changed it".
import type { EntryChange, FileChange, RefCommit } from "../core/git";
import { formatDay } from "../core/values";
import type { Block, Cell, Doc } from "./doc";
import { doc, type Period, type ReportContext } from "./common";

/** How an empty value reads: a field without a value, and a role without a holder. */
export const NONE = "(none)";
export const VACANT = "(vacant)";
/** Values longer than this are cut (with "…"): the commit holds the whole text. */
export const MAX_VALUE = 120;

/** "v1.0 (a1b2c3d, 2026-01-10)"; "a1b2c3d (2026-01-10)" when the ref is the commit id itself. */
export function refLabel(r: RefCommit): string {
  const day = r.date.slice(0, 10);
  const isId = /^[0-9a-f]{4,64}$/i.test(r.ref) && r.hash.startsWith(r.ref.toLowerCase());
  return isId ? `${r.short} (${day})` : `${r.ref} (${r.short}, ${day})`;
}

/** The report's title, naming its bounds: "Changes from v1.0 (a1b2c3d, 2026-01-10) to cert (...)". */
export function periodTitle(p: Period): string {
  const start = p.since ? refLabel(p.since) : p.from !== undefined ? formatDay(p.from) : "the first commit";
  const end =
    p.to !== undefined
      ? `${formatDay(p.to)}${p.until ? ` in the history of ${refLabel(p.until)}` : ""}`
      : p.until
        ? refLabel(p.until)
        : "the latest commit";
  return `Changes from ${start} to ${end}`;
}

/** The period in a sentence: which commits the report holds, each bound exactly. */
function periodSentence(p: Period): string {
  const bounds = [
    p.since ? `after ${refLabel(p.since)}` : "",
    p.until ? `up to and including ${refLabel(p.until)}` : "",
    p.from !== undefined && p.to !== undefined
      ? `dated ${formatDay(p.from)} to ${formatDay(p.to)}`
      : p.from !== undefined
        ? `dated from ${formatDay(p.from)}`
        : p.to !== undefined
          ? `dated up to ${formatDay(p.to)}`
          : "",
  ].filter(Boolean);
  return `Commits ${bounds.join(" ")}${bounds.length ? " " : ""}that changed ISMS files, newest first.`;
}

/** How to read the entries: what the dates are, how entries are matched, what the empty words mean. */
const READING =
  "The period counts commit dates; each commit shows the day it was authored, its author and its message. " +
  "Entries are matched by id within a file, and across files of the same kind when one commit moves an " +
  `entry. A field without a value reads ${NONE}, a role without a holder ${VACANT}; values longer than ` +
  `${MAX_VALUE} characters are cut (…).`;

/** A value cut to MAX_VALUE characters (whole code points) on one line. */
function cut(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > MAX_VALUE
    ? `${chars
        .slice(0, MAX_VALUE - 1)
        .join("")
        .trimEnd()}…`
    : flat;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A scalar as text; undefined for no value (null, undefined, blank text). */
function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  if (typeof v === "string") return v.trim() === "" ? undefined : v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/**
 * The leaves of a value by dotted path: "likelihood", "residual.likelihood", "findings[F-1].status"
 * (items of a list of mappings by their id when every one has a distinct id, else by position from 1). A
 * list of plain values is one leaf, joined with ", "; a leaf without a value is left out.
 */
function leaves(v: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(v)) {
    if (v.every((x) => !isObject(x) && !Array.isArray(x))) {
      const items = v.map((x) => scalar(x) ?? NONE);
      if (items.length) out.set(path, items.join(", "));
      return;
    }
    const ids = v.map((x) => (isObject(x) ? scalar(x.id) : undefined));
    const byId = ids.every((x) => x !== undefined) && new Set(ids).size === ids.length;
    v.forEach((x, i) => leaves(x, `${path}[${byId ? ids[i] : i + 1}]`, out));
    return;
  }
  if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
    return;
  }
  const s = scalar(v);
  if (s !== undefined) out.set(path, s);
}

/** The fields of an entry that differ before and after: "likelihood 3 → 2", "holder (vacant) → Oliver". */
export function fieldChanges(kind: string, before: unknown, after: unknown): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(before, "", a);
  leaves(after, "", b);
  const empty = (path: string) => (kind === "role" && path === "holder" ? VACANT : NONE);
  const out: string[] = [];
  for (const path of [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))]) {
    const x = a.get(path);
    const y = b.get(path);
    if (x === y) continue;
    out.push(
      `${path || "value"} ${x === undefined ? empty(path) : cut(x)} → ${y === undefined ? empty(path) : cut(y)}`,
    );
  }
  return out;
}

/** An entry's title or name, for the rows of added and removed entries. */
function titleOf(v: unknown): string {
  const t = isObject(v) ? (scalar(v.title) ?? scalar(v.name)) : undefined;
  return t === undefined ? "" : `: ${cut(t)}`;
}

/** The rows of one file's detail table: [file, entry, change], one per changed field. */
function detailRows(f: FileChange): Cell[][] {
  const rows: Cell[][] = [];
  for (const h of f.headerValues)
    for (const change of fieldChanges("", { [h.field]: h.before }, { [h.field]: h.after }))
      rows.push([f.path, "(file)", change]);
  for (const e of f.entries) rows.push(...entryRows(f.path, e));
  for (const m of f.movedOut) rows.push([f.path, m.id, `moved to ${m.to}`]);
  return rows;
}

function entryRows(path: string, e: EntryChange): Cell[][] {
  if (e.before === undefined) return [[path, e.id, `added${titleOf(e.after)}`]];
  if (e.after === undefined) return [[path, e.id, `removed${titleOf(e.before)}`]];
  const changes = fieldChanges(e.kind, e.before, e.after);
  const rows: Cell[][] = e.from ? [[path, e.id, `moved from ${e.from}`]] : [];
  if (!changes.length && !e.from)
    rows.push([path, e.id, "no value changed (the order of fields or items only)"]);
  for (const c of changes) rows.push([path, e.id, c]);
  return rows;
}

export function changesReport(ctx: ReportContext): Doc {
  const { commits, shallowAt } = ctx.history?.() ?? { commits: [] };
  const period = ctx.period ?? {};
  const sum = (k: "added" | "changed" | "removed" | "movedIn") =>
    commits.reduce((n, c) => n + c.files.reduce((m, f) => m + f[k].length, 0), 0);
  const authors = [...new Set(commits.map((c) => c.author))];
  const blocks: Block[] = [
    { kind: "paragraph", text: periodSentence(period) },
    { kind: "paragraph", text: READING },
    ...(shallowAt
      ? [
          {
            kind: "paragraph" as const,
            text: `History stops at ${shallowAt.date.slice(0, 10)} (${shallowAt.short}): the repository is a shallow clone, so earlier commits and what that commit changed are not known (fetch the full history: git fetch --unshallow, or fetch-depth: 0 in CI).`,
          },
        ]
      : []),
    {
      kind: "facts",
      items: [
        ["Commits", commits.length],
        ["Authors", authors.join(", ")],
        ["Entries added", sum("added")],
        ["Entries changed", sum("changed")],
        ["Entries moved", sum("movedIn")],
        ["Entries removed", sum("removed")],
      ],
    },
  ];
  for (const c of commits) {
    blocks.push({
      kind: "heading",
      level: 2,
      text: `${c.date.slice(0, 10)} ${c.short} ${c.author}: ${c.subject}`,
    });
    if (c.body) blocks.push({ kind: "paragraph", text: cutMessage(c.body) });
    const details = c.files.flatMap(detailRows);
    blocks.push({
      kind: "table",
      columns: ["File", "Added", "Changed", "Removed", "Other fields"],
      rows: c.files.map((f) => [
        f.path,
        [...f.added, ...f.movedIn.map((m) => `${m.id} (moved from ${m.from})`)].join(", "),
        f.changed.join(", "),
        [...f.removed, ...f.movedOut.map((m) => `${m.id} (moved to ${m.to})`)].join(", "),
        f.header.join(", "),
      ]),
    });
    if (details.length)
      blocks.push({
        kind: "table",
        caption: "What changed, field by field (old → new)",
        columns: ["File", "Entry", "Change"],
        rows: details,
      });
  }
  return doc(ctx, "changes", periodTitle(period), blocks);
}

/** A commit message's body, on one line and within a length a report can hold. */
function cutMessage(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > 2000 ? `${chars.slice(0, 1999).join("")}…` : flat;
}
