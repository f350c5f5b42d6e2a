// A seeded generator of small ISMS workspaces with every kind of the registry, built from the kinds'
// declarations alone: each kind's file from its JSON Schema (header fields and entries), reference fields
// filled with ids of the entries they point to (owners are role ids, risks cite assets and controls, ...),
// child entries (an audit's findings) under their parents, path fields pointing at files that exist or
// not. Nothing here names a kind: a kind registered later is generated like the built-in ones.
import { CLAUSES, CONTROLS, CONTROLS_2013 } from "../../server/src/core/catalogue";
import type { EntrySpec, KindDef, PathSpec, RefSpec } from "../../server/src/core/kinds/api";
import { entryInfos, kindDefs, MANIFEST_KIND, ruleIds, schemaOf } from "../../server/src/core/registry";
import { COMMON_SCHEMA } from "../../server/src/core/schema";
import { formatDay, parseDay } from "../../server/src/core/values";

export type Rnd = () => number;

export const int = (rnd: Rnd, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
export const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
export const chance = (rnd: Rnd, p: number): boolean => rnd() < p;

/** Files that exist beside the generated YAML files (the harness writes them), for path fields. */
export const EXISTING_FILES = ["policies/security-policy.md", "policies/access-control.md", "evidence.txt"];

export interface GeneratedFile {
  /** Relative to the workspace folder, with '/'. */
  name: string;
  text: string;
}

type Schema = Record<string, unknown>;

/** Where a value is generated: the kind's schema (for local $refs), the entry's refs and paths. */
interface Ctx {
  rnd: Rnd;
  root: Schema;
  refs: RefSpec[];
  paths: PathSpec[];
  ids: Map<string, string[]>;
  today: number;
  /** The entry being generated (its id is pre-assigned) and its child specs. */
  spec?: EntrySpec;
  id?: string;
}

/** Follows $refs (local to the kind's schema, or into common.schema.json); the last definition's name. */
function resolve(schema: Schema, root: Schema): { schema: Schema; name?: string } {
  let s = schema;
  let name: string | undefined;
  for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) {
    const ref = s.$ref;
    const [file, pointer = ""] = ref.split("#");
    const base = (file ? COMMON_SCHEMA : root) as Schema;
    let target: unknown = base;
    for (const part of pointer.split("/").filter(Boolean)) target = (target as Schema)[part];
    // A definition of common.schema.json keeps its own local $refs pointing into that file, however
    // deep (the revisions' date), when read from a kind's schema.
    if (file && target !== undefined)
      target = JSON.parse(
        JSON.stringify(target).replace(/"\$ref":"#\//g, '"$ref":"common.schema.json#/'),
      ) as unknown;
    name = pointer.split("/").pop();
    // Keywords beside a $ref (description) are kept; the target's win for validation.
    const rest = { ...s };
    delete rest.$ref;
    s = { ...rest, ...(target as Schema) };
    if (file && typeof s.$ref === "string" && s.$ref.startsWith("#")) s.$ref = `common.schema.json${s.$ref}`;
  }
  return { schema: s, name };
}

const WORDS = ["Access", "backup", "cloud", "vendor", "laptop", "payroll", "review", "policy", "key", "data"];
const text = (rnd: Rnd, n = int(rnd, 1, 4)): string =>
  Array.from({ length: n }, () => pick(rnd, WORDS)).join(" ");

/** An id of the entry kind `target` (sometimes one that does not exist, or a near miss). */
function refValue(ctx: Ctx, target: string): string | number {
  const { rnd } = ctx;
  if (target === "control" || target === "ref" || target === "clause") {
    const control = target === "control" ? !chance(rnd, 0.03) : target === "ref" && chance(rnd, 0.5);
    if (control) {
      if (chance(rnd, 0.08)) return pick(rnd, [...CONTROLS_2013.keys()]); // a 2013 id
      if (chance(rnd, 0.05)) return pick(rnd, ["A.5", "A.8", "A.9.9", "A.5.99"]);
      return pick(rnd, CONTROLS).id;
    }
    if (chance(rnd, 0.05)) return pick(rnd, ["11", "5.3(z)", "3.1"]);
    const c = pick(rnd, CLAUSES).id;
    return chance(rnd, 0.3) && /^\d+\.\d$/.test(c) ? Number(c) : c;
  }
  const ids = ctx.ids.get(target) ?? [];
  if (!ids.length || chance(rnd, 0.08)) return `${target}-ghost-${int(rnd, 1, 3)}`;
  const id = pick(rnd, ids);
  // A near miss (for did-you-mean).
  if (chance(rnd, 0.05)) return id.length > 2 ? id.slice(0, -1) : id + "x";
  return id;
}

function pathValue(rnd: Rnd): string {
  return chance(rnd, 0.7) ? pick(rnd, EXISTING_FILES) : pick(rnd, ["policies/missing.md", "gone.pdf"]);
}

/** A string for a pattern the generator does not know: the first of some candidates that matches. */
function patterned(rnd: Rnd, pattern: string): string {
  const re = new RegExp(pattern);
  const candidates = ["90%", "85 %", "6 months", "2026-01-01", "A.5.1", "x-1", "1", text(rnd, 1)];
  return candidates.find((c) => re.test(c)) ?? text(rnd, 1);
}

function date(ctx: Ctx): string {
  return formatDay(ctx.today + int(ctx.rnd, -800, 200));
}

/** A value of `schema` at `where` (the field path in the entry, '*' for list items). */
function gen(schema0: Schema, where: string[], ctx: Ctx, depth: number): unknown {
  const { rnd } = ctx;
  const field = where.join(".");
  const ref = ctx.refs.find((r) => r.field === field || (r.many && `${r.field}.*` === field));
  const path = ctx.paths.find((p) => p.field === field || (p.many && `${p.field}.*` === field));
  if (where.length === 1 && where[0] === "id" && ctx.id !== undefined) return ctx.id;
  const child = where.length === 1 ? ctx.spec?.children?.find((c) => c.key === where[0]) : undefined;
  if (child) return undefined; // filled in by entry()
  const { schema, name } = resolve(schema0, ctx.root);
  if (ref && !(ref.many && ref.field === field)) return refValue(ctx, ref.target);
  if (path && !(path.many && path.field === field) && !(path.orText && chance(rnd, 0.4)))
    return pathValue(rnd);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return pick(rnd, schema.enum as unknown[]);
  let type = schema.type as string | string[] | undefined;
  if (Array.isArray(type)) {
    const real = type.filter((t) => t !== "null");
    type = real.length && !chance(rnd, 0.05) ? pick(rnd, real) : "null";
  }
  type ??= schema.properties ? "object" : schema.items ? "array" : "string";
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return chance(rnd, 0.5);
    case "integer":
    case "number": {
      const lo = typeof schema.minimum === "number" ? schema.minimum : 0;
      const hi = typeof schema.maximum === "number" ? schema.maximum : lo + 20;
      const n = int(rnd, lo, hi);
      return type === "number" && chance(rnd, 0.2) ? n + 0.5 : n;
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 3);
      const n = depth > 3 ? min : int(rnd, min, Math.max(min, Math.min(max, min + 3)));
      const items = (schema.items ?? {}) as Schema;
      return Array.from({ length: n }, () => gen(items, [...where, "*"], ctx, depth + 1));
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      for (const [k, s] of Object.entries(props)) {
        if (!required.has(k) && !chance(rnd, depth === 0 ? 0.55 : 0.35)) continue;
        const v = gen(s, [...where, k], ctx, depth + 1);
        if (v !== undefined) out[k] = v;
      }
      // A map (rule severities, say): a few keys.
      const extra = schema.additionalProperties;
      if (extra && typeof extra === "object" && !Object.keys(props).length && depth < 3)
        for (let i = int(rnd, 0, 2); i > 0; i--) {
          const names = schema.propertyNames as Schema | undefined;
          const key = names ? String(gen(names, [], ctx, depth + 1)) : pick(rnd, ruleIds());
          out[key] = gen(extra as Schema, [...where, key], ctx, depth + 1);
        }
      return out;
    }
    default: {
      switch (name) {
        case "date":
        case "reviewed":
          return date(ctx);
        case "datetime": {
          const d = date(ctx);
          return chance(rnd, 0.3)
            ? d
            : `${d}T${String(int(rnd, 0, 23)).padStart(2, "0")}:${pick(rnd, ["00", "30"])}${pick(rnd, ["", "Z", "+02:00"])}`;
        }
        case "duration":
        case "review_every":
          return `${int(rnd, 1, 24)} ${pick(rnd, ["months", "days", "weeks", "years", "month"])}`;
        case "controlRef":
          return refValue(ctx, "control");
        case "clauseRef":
          return refValue(ctx, "clause");
        case "ref":
          return refValue(ctx, "ref");
      }
      if (typeof schema.pattern === "string") return patterned(rnd, schema.pattern);
      if (typeof schema.format === "string" && schema.format.includes("date")) return date(ctx);
      return chance(rnd, 0.1) ? text(rnd, 12) : text(rnd);
    }
  }
}

/** The id prefix of an entry kind: its first completion id without the number ("R-001" -> "R-"). */
function idPrefix(spec: EntrySpec): string {
  const first = spec.firstId?.replace(/\d+$/, "");
  return first && first !== spec.firstId ? first : `${spec.name}-`;
}

/** An entry of `spec` (the entry's schema definition, with its children), as plain data. */
function entry(
  spec: EntrySpec,
  def: KindDef,
  id: string | undefined,
  ctx: Ctx,
  childIds: Map<string, string[]>,
) {
  const root = schemaOf(def.kind) as Schema;
  const definitions = root.definitions as Record<string, Schema>;
  const info = entryInfos().find((e) => e.spec === spec);
  const mine: Ctx = { ...ctx, root, refs: info?.refs ?? [], paths: spec.paths ?? [], spec, id };
  const value = gen(definitions[spec.name], [], mine, 0) as Record<string, unknown>;
  for (const c of spec.children ?? []) {
    if (!chance(ctx.rnd, 0.7)) continue;
    const ids = childIds.get(c.entry.name) ?? [];
    const n = int(ctx.rnd, 1, 2);
    value[c.key] = Array.from({ length: n }, () => {
      const cid = `${idPrefix(c.entry)}${ids.length + 1}`;
      ids.push(cid);
      childIds.set(c.entry.name, ids);
      return entry(c.entry, def, cid, ctx, childIds);
    });
  }
  return value;
}

/** The header of a file of `def` (its top-level fields besides `kind:` and the collection). */
function header(def: KindDef, ctx: Ctx): Record<string, unknown> {
  const root = schemaOf(def.kind) as Schema;
  const props = { ...((root.properties ?? {}) as Record<string, Schema>) };
  delete props.kind;
  if (def.collection) delete props[def.collection.key];
  const mine: Ctx = { ...ctx, root, refs: def.headerRefs ?? [], paths: [] };
  return gen({ type: "object", properties: props, required: root.required }, [], mine, 0) as Record<
    string,
    unknown
  >;
}

// ---- YAML text ----

const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const SAFE = /^[A-Za-z][\w .()/+-]*$/;

function scalar(rnd: Rnd, v: unknown): string {
  if (v === null) return chance(rnd, 0.5) ? "null" : "";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const s = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  if (SAFE.test(s) && !RESERVED.test(s) && !s.endsWith(" ") && !chance(rnd, 0.1)) return s;
  return chance(rnd, 0.5) ? JSON.stringify(s) : `'${s.replace(/'/g, "''")}'`;
}

const isScalar = (v: unknown) => v === null || typeof v !== "object";

/** Lines of a mapping's pairs at `indent`. */
function mapLines(rnd: Rnd, obj: Record<string, unknown>, indent: number): string[] {
  const pad = " ".repeat(indent);
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (chance(rnd, 0.04)) out.push(`${pad}# ${text(rnd)}`);
    out.push(...valueLines(rnd, `${pad}${k}:`, v, indent));
  }
  return out;
}

/** `head` (a key and its colon, or a list dash) followed by the value, block or flow. */
function valueLines(rnd: Rnd, head: string, v: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (isScalar(v)) {
    const s = scalar(rnd, v);
    if (typeof v === "string" && v.length > 40 && chance(rnd, 0.4))
      return [`${head} >-`, `${pad}  ${v.slice(0, 30)}`, `${pad}  ${v.slice(30)}`];
    const comment = chance(rnd, 0.04) ? ` # ${text(rnd, 1)}` : "";
    return [`${head}${s === "" ? "" : " " + s}${comment}`];
  }
  if (Array.isArray(v)) {
    if (!v.length) return [`${head} []`];
    if (v.every(isScalar) && chance(rnd, 0.6))
      return [`${head} [${v.map((x) => scalar(rnd, x)).join(", ")}]`];
    const out = [head];
    const inner = indent + (chance(rnd, 0.8) ? 2 : 0);
    for (const item of v) out.push(...itemLines(rnd, item, inner));
    return out;
  }
  const obj = v as Record<string, unknown>;
  const entries = Object.entries(obj);
  if (!entries.length) return [`${head} {}`];
  if (entries.every(([, x]) => isScalar(x)) && entries.length <= 4 && chance(rnd, 0.3))
    return [`${head} { ${entries.map(([k, x]) => `${k}: ${scalar(rnd, x) || "null"}`).join(", ")} }`];
  return [head, ...mapLines(rnd, obj, indent + 2)];
}

/** A list item at `indent`: `- value`, or `- key: v` with the other keys below. */
function itemLines(rnd: Rnd, item: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (isScalar(item) || Array.isArray(item)) return valueLines(rnd, `${pad}-`, item, indent + 2);
  const lines = mapLines(rnd, item as Record<string, unknown>, indent + 2).filter((l) => !/^\s*#/.test(l));
  if (!lines.length) return [`${pad}- {}`];
  return [`${pad}- ${lines[0].slice(indent + 2)}`, ...lines.slice(1)];
}

/** The text of a file of `def` with the header and the entries given. */
function fileText(
  rnd: Rnd,
  def: KindDef,
  head: Record<string, unknown>,
  entries: [string, unknown][],
): string {
  const lines: string[] = [];
  if (chance(rnd, 0.3)) lines.push(`# ${def.title}: ${text(rnd)}`);
  if (chance(rnd, 0.05)) lines.push("---");
  lines.push(`kind: ${def.kind}`);
  // Some header fields after the collection now and then (and an unknown key).
  const fields = Object.entries(head);
  const cut = chance(rnd, 0.3) ? int(rnd, 0, fields.length) : fields.length;
  const after = Object.fromEntries(fields.slice(cut));
  if (chance(rnd, 0.05)) after.notes = text(rnd);
  lines.push(...mapLines(rnd, Object.fromEntries(fields.slice(0, cut)), 0));
  const coll = def.collection;
  if (coll) {
    if (!entries.length && chance(rnd, 0.5)) lines.push(`${coll.key}: ${coll.map ? "{}" : "[]"}`);
    else {
      lines.push(`${coll.key}:`);
      const indent = chance(rnd, 0.75) ? 2 : 0;
      for (const [key, value] of entries) {
        if (chance(rnd, 0.15)) lines.push(`${" ".repeat(indent)}# ${text(rnd)}`);
        if (chance(rnd, 0.08)) lines.push("");
        if (coll.map) lines.push(...valueLines(rnd, `${" ".repeat(indent)}${key}:`, value, indent));
        else lines.push(...itemLines(rnd, value, indent));
      }
    }
  }
  lines.push(...mapLines(rnd, after, 0));
  return lines.join("\n") + (chance(rnd, 0.9) ? "\n" : "");
}

export interface Workspace {
  files: GeneratedFile[];
  /** Every id defined, by entry kind (what renames and references draw from). */
  ids: Map<string, string[]>;
}

/** A small workspace with a file (or two) of every kind of the registry. */
export function generateWorkspace(rnd: Rnd, today: string, maxEntries = 4): Workspace {
  const day = parseDay(today) ?? 0;
  // Ids first, so references can point at entries of any file.
  const ids = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (const info of entryInfos()) {
    if (info.parent) continue;
    const map = info.def.collection?.map;
    const n = int(rnd, map ? 2 : 1, map ? maxEntries + 2 : maxEntries);
    counts.set(info.spec.name, n);
    if (map) {
      // Keyed by control id (the SoA): some of the catalogue, now and then an unknown one.
      const keys = new Set<string>();
      while (keys.size < n) keys.add(chance(rnd, 0.05) ? "A.5.99" : pick(rnd, CONTROLS).id);
      ids.set(info.spec.name, [...keys]);
    } else
      ids.set(
        info.spec.name,
        Array.from({ length: n }, (_, i) => `${idPrefix(info.spec)}${i + 1}`),
      );
  }
  const ctx: Ctx = { rnd, root: {}, refs: [], paths: [], ids, today: day };
  const files: GeneratedFile[] = [];
  const childIds = new Map<string, string[]>();
  for (const def of kindDefs()) {
    const coll = def.collection;
    const own = coll ? (ids.get(coll.entry.name) ?? []) : [];
    // A duplicate id across files now and then.
    const entries: [string, unknown][] = own.map((id) => [
      id,
      entry(coll?.entry as EntrySpec, def, coll?.map ? undefined : id, ctx, childIds),
    ]);
    if (coll && !coll.map && own.length && chance(rnd, 0.1))
      entries.push([own[0], entry(coll.entry, def, own[0], ctx, childIds)]);
    const name = def.kind === MANIFEST_KIND ? "isms.yaml" : `${def.kind}.yaml`;
    if (coll && entries.length > 2 && chance(rnd, 0.3)) {
      const cut = int(rnd, 1, entries.length - 1);
      files.push({
        name: `${def.kind}/a.yaml`,
        text: fileText(rnd, def, header(def, ctx), entries.slice(0, cut)),
      });
      files.push({ name: `${def.kind}/b.yaml`, text: fileText(rnd, def, {}, entries.slice(cut)) });
    } else files.push({ name, text: fileText(rnd, def, header(def, ctx), entries) });
  }
  // Now and then a second manifest (the first in path order is in force) or a plain YAML file.
  if (chance(rnd, 0.05)) files.push({ name: "z/isms.yaml", text: "kind: isms\norganisation: Other\n" });
  if (chance(rnd, 0.1)) files.push({ name: "deploy.yaml", text: "apiVersion: v1\nkind: Deployment\n" });
  for (const [k, v] of childIds) ids.set(k, v);
  return { files, ids };
}
