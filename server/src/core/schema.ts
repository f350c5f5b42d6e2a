// JSON Schema validation of ISMS files with ajv (each kind's schema from the registry, compiled once),
// errors mapped to YAML ranges and turned into the schema rule's messages.
import Ajv, { type DefinedError, type ValidateFunction } from "ajv";
import common from "./kinds/common.schema.json";
import type { MessageData } from "./rules/api";
import { entryInfo, entryInfos, kindNames, registryVersion, schemaOf } from "./registry";
import { fieldRange, headerRange, type Entry, type IsmsFile, type Path, type Range } from "./model";
import { didYouMean, parseDay, parseDuration, parseInstant } from "./values";

const DURATION_SHAPE = /^\s*\d+\s*(minute|hour|day|week|month|year)s?\s*$/;

export const COMMON_SCHEMA = common;

/** A finding of the schema rule: where, and its message id (of the rule's messages) with data. */
export interface SchemaProblem {
  range: Range;
  messageId: string;
  data: MessageData;
}

interface Compiled {
  version: number;
  ajv: Ajv;
  files: Map<string, ValidateFunction>;
  entries: Map<string, ValidateFunction>;
}
let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled?.version === registryVersion()) return compiled;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
  });
  ajv.addFormat("isms-date", (s: string) => parseDay(s) !== undefined);
  ajv.addFormat("isms-datetime", (s: string) => parseInstant(s) !== undefined);
  // The pattern says whether it is a duration at all; the format, whether it is one isms accepts.
  ajv.addFormat("isms-duration", (s: string) => !DURATION_SHAPE.test(s) || parseDuration(s) !== undefined);
  ajv.addSchema(common);
  const files = new Map<string, ValidateFunction>();
  const entries = new Map<string, ValidateFunction>();
  const fetch = (id: string): ValidateFunction => {
    const fn = ajv.getSchema(id);
    if (!fn) throw new Error(`schema ${id} did not compile`);
    return fn;
  };
  for (const kind of kindNames()) {
    const schema = schemaOf(kind) as { $id: string };
    ajv.addSchema(schema);
    files.set(kind, fetch(schema.$id));
  }
  // Child entries (an audit's findings) are validated with their parent.
  for (const e of entryInfos())
    if (!e.parent)
      entries.set(e.spec.name, fetch(`${(e.def.schema as { $id: string }).$id}#/definitions/${e.spec.name}`));
  return (compiled = { version: registryVersion(), ajv, files, entries });
}

const HINTS: Record<string, string> = {
  id: "an id (letters, digits, '.', '_', ':', '/', '-')",
  roleRef: "a role id",
  date: "a date YYYY-MM-DD",
  reviewed: "a date YYYY-MM-DD",
  datetime: "a date-time YYYY-MM-DDTHH:MM",
  duration: "a duration such as '12 months' (minutes, hours, days, weeks, months or years)",
  review_every: "a duration such as '12 months' (minutes, hours, days, weeks, months or years)",
  controlRef: "an Annex A control id such as A.8.24",
  clauseRef: "a clause such as 6.1.2 or 5.3(a)",
  ref: "a clause (6.1.2, 5.3(a)) or an Annex A control (A.8.24)",
};

function hintFor(e: DefinedError): string | undefined {
  const m = /#\/definitions\/(\w+)\//.exec(e.schemaPath);
  return m ? HINTS[m[1]] : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
  null: "empty",
};

function describeType(t: string | string[]): string {
  const types = Array.isArray(t) ? t : [t];
  return types.map((x) => TYPE_NAMES[x] ?? x).join(" or ");
}

function pointer(instancePath: string): Path {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? +s : s));
}

const fieldName = (path: Path): string => {
  const named = path.filter((p) => typeof p === "string");
  return named.length ? `'${named[named.length - 1]}'` : "this entry";
};

/** A value as it may be shown in a message. */
const shown = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)));

interface Located {
  range: (path: Path, key?: boolean) => Range;
  knownKeys: (path: Path) => string[];
}

function describe(errors: DefinedError[], at: Located): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  // A value of the wrong type also fails its pattern/enum checks: report the type only.
  const typeFailed = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  // All missing fields of one mapping make one problem.
  const missingAt = new Map<string, string[]>();
  for (const e of errors)
    if (e.keyword === "required") {
      const list = missingAt.get(e.instancePath) ?? [];
      list.push(e.params.missingProperty);
      missingAt.set(e.instancePath, list);
    }
  for (const e of errors) {
    const path = pointer(e.instancePath);
    const field = fieldName(path);
    if (
      e.keyword !== "type" &&
      e.keyword !== "required" &&
      e.keyword !== "additionalProperties" &&
      typeFailed.has(e.instancePath)
    )
      continue;
    let p: Omit<SchemaProblem, "range"> & { range?: Range };
    switch (e.keyword) {
      case "required": {
        const missing = missingAt.get(e.instancePath) ?? [];
        const fields = missing.map((m) => `'${m}'`).join(", ");
        const many = missing.length > 1 ? "Many" : "";
        p = path.length
          ? { messageId: `missing${many}In`, data: { fields, field } }
          : { messageId: `missing${many}`, data: { fields } };
        p.range = at.range(path, true);
        break;
      }
      case "additionalProperties": {
        const key = e.params.additionalProperty;
        const near = key === "<<" ? undefined : didYouMean(key, at.knownKeys(path));
        p =
          key === "<<"
            ? { messageId: "mergeKey", data: {} }
            : near
              ? { messageId: "unknownKeyNear", data: { key, near } }
              : { messageId: "unknownKey", data: { key } };
        p.range = at.range([...path, key], true);
        break;
      }
      case "type":
        // Text YAML read as a number or true/false: value-changed-by-yaml says so, with the fix.
        // (References are read as written, so there the type error stands.)
        if (
          (typeof e.data === "number" || typeof e.data === "boolean") &&
          [e.params.type].flat().includes("string") &&
          !/#\/definitions\/(\w*Ref|ref)\//.test(e.schemaPath)
        )
          continue;
        p = { messageId: "mustBe", data: { field, expected: hintFor(e) ?? describeType(e.params.type) } };
        break;
      case "enum": {
        const allowed = e.params.allowedValues.map(String);
        const near = typeof e.data === "string" ? didYouMean(e.data, allowed) : undefined;
        const data = { field, allowed: allowed.join(", ") };
        p = near ? { messageId: "oneOfNear", data: { ...data, near } } : { messageId: "oneOf", data };
        break;
      }
      case "format":
        p =
          e.params.format === "isms-duration"
            ? { messageId: "tooLong", data: { field, value: shown(e.data) } }
            : /date/.test(e.params.format)
              ? {
                  messageId: "notRealDate",
                  data: {
                    field,
                    value: shown(e.data),
                    what: e.params.format.replace("isms-", "").replace("datetime", "date-time"),
                  },
                }
              : {
                  messageId: "mustBeNot",
                  data: { field, expected: `a ${e.params.format}`, value: shown(e.data) },
                };
        break;
      case "pattern":
        p = {
          messageId: "mustBeNot",
          data: { field, expected: hintFor(e) ?? `text matching ${e.params.pattern}`, value: shown(e.data) },
        };
        break;
      case "minimum":
      case "maximum":
        p = {
          messageId: e.keyword === "minimum" ? "atLeast" : "atMost",
          data: { field, limit: e.params.limit },
        };
        break;
      case "minItems":
      case "maxItems":
        p = {
          messageId: e.keyword === "minItems" ? "atLeastItems" : "atMostItems",
          data: { field, limit: e.params.limit },
        };
        break;
      case "const":
        p = { messageId: "mustBe", data: { field, expected: `'${shown(e.params.allowedValue)}'` } };
        break;
      default:
        p = { messageId: "invalid", data: { field, problem: e.message ?? "is invalid" } };
    }
    const range = p.range ?? at.range(path);
    const k = `${range[0]}:${p.messageId}:${JSON.stringify(p.data)}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ range, messageId: p.messageId, data: p.data });
    }
  }
  return out;
}

/** Keys the schema allows at `path` below `schema` (for did-you-mean). */
function keysAt(schema: object, path: Path, baseId: string): string[] {
  const { ajv } = compile();
  let s: Record<string, unknown> | undefined = schema as Record<string, unknown>;
  // References resolve against the file they are written in: the kind's schema, then common.schema.json.
  let base = baseId;
  const deref = (x: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    for (let i = 0; i < 5 && x && typeof x.$ref === "string"; i++) {
      const ref: string = x.$ref;
      const abs = ref.startsWith("#") ? base + ref : new URL(ref, base).href;
      base = abs.split("#")[0];
      x = ajv.getSchema(abs)?.schema as Record<string, unknown> | undefined;
    }
    return x;
  };
  for (const step of path) {
    s = deref(s);
    if (!s) return [];
    if (typeof step === "number") s = s.items as Record<string, unknown>;
    else
      s =
        (s.properties as Record<string, Record<string, unknown>> | undefined)?.[step] ??
        (s.additionalProperties as Record<string, unknown>);
  }
  s = deref(s);
  return Object.keys((s?.properties as object | undefined) ?? {});
}

/** Validates one entry against its kind's entry schema. */
export function validateEntry(entry: Entry): SchemaProblem[] {
  const validate = compile().entries.get(entry.kind);
  if (!validate || validate(entry.raw)) return [];
  const schema = validate.schema as object;
  const baseId = (entryInfo(entry.kind)?.def.schema as { $id?: string } | undefined)?.$id ?? "";
  return describe((validate.errors ?? []) as DefinedError[], {
    range: (path, key) => fieldRange(entry, path, { key }),
    knownKeys: (path) => keysAt(schema, path, baseId),
  });
}

/** Validates a file's header fields (everything but its entries). */
export function validateHeader(file: IsmsFile): SchemaProblem[] {
  // A file refused whole (over a limit) has no header to check: file-too-complex says why.
  if (file.refused) return [];
  const validate = compile().files.get(file.kind);
  if (!validate || validate(file.header)) return [];
  const schema = validate.schema as object;
  return describe((validate.errors ?? []) as DefinedError[], {
    range: (path, key) =>
      path.length === 0
        ? headerRange(file, "kind")
        : headerRange(file, String(path[0]), path.slice(1), { key }),
    knownKeys: (path) => keysAt(schema, path, (schema as { $id?: string }).$id ?? ""),
  });
}
