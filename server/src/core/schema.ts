// JSON Schema validation of ISMS files with ajv (schemas compiled once), errors mapped to YAML ranges.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import common from "../../../schemas/common.schema.json";
import isms from "../../../schemas/isms.schema.json";
import roles from "../../../schemas/roles.schema.json";
import assets from "../../../schemas/assets.schema.json";
import risks from "../../../schemas/risks.schema.json";
import soa from "../../../schemas/soa.schema.json";
import audits from "../../../schemas/audits.schema.json";
import incidents from "../../../schemas/incidents.schema.json";
import documents from "../../../schemas/documents.schema.json";
import training from "../../../schemas/training.schema.json";
import suppliers from "../../../schemas/suppliers.schema.json";
import type { Kind } from "./catalogue";
import {
  COLLECTIONS,
  fieldRange,
  headerRange,
  type Entry,
  type IsmsFile,
  type Path,
  type Range,
} from "./model";
import { didYouMean, parseDay, parseInstant } from "./values";

/** The schema of each kind, as shipped in schemas/. */
export const SCHEMAS: Record<Kind, object> = {
  isms,
  roles,
  assets,
  risks,
  soa,
  audits,
  incidents,
  documents,
  training,
  suppliers,
};
export const COMMON_SCHEMA = common;

const ENTRY_DEF: Record<string, string> = {
  role: "role",
  asset: "asset",
  risk: "risk",
  control: "control",
  audit: "audit",
  incident: "incident",
  document: "document",
  course: "course",
  supplier: "supplier",
};

export interface SchemaProblem {
  range: Range;
  message: string;
}

let compiled:
  { ajv: Ajv; files: Map<Kind, ValidateFunction>; entries: Map<string, ValidateFunction> } | undefined;

function compile() {
  if (compiled) return compiled;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
  });
  ajv.addFormat("isms-date", (s: string) => parseDay(s) !== undefined);
  ajv.addFormat("isms-datetime", (s: string) => parseInstant(s) !== undefined);
  ajv.addSchema(common);
  const files = new Map<Kind, ValidateFunction>();
  const entries = new Map<string, ValidateFunction>();
  for (const [kind, schema] of Object.entries(SCHEMAS) as [Kind, { $id: string }][]) {
    ajv.addSchema(schema);
    files.set(kind, ajv.getSchema(schema.$id)!);
  }
  for (const [kind, coll] of Object.entries(COLLECTIONS) as [Kind, { entry: string }][]) {
    const id = (SCHEMAS[kind] as { $id: string }).$id;
    entries.set(coll.entry, ajv.getSchema(`${id}#/definitions/${ENTRY_DEF[coll.entry]}`)!);
  }
  compiled = { ajv, files, entries };
  return compiled;
}

const HINTS: Record<string, string> = {
  id: "an id (letters, digits, '.', '_', ':', '/', '-')",
  roleRef: "a role id",
  date: "a date YYYY-MM-DD",
  reviewed: "a date YYYY-MM-DD",
  datetime: "a date-time YYYY-MM-DDTHH:MM",
  duration: "a duration such as '12 months' (days, weeks, months or years)",
  review_every: "a duration such as '12 months' (days, weeks, months or years)",
  controlRef: "an Annex A control id such as A.8.24",
  clauseRef: "a clause such as 6.1.2 or 5.3(a)",
  ref: "a clause (6.1.2, 5.3(a)) or an Annex A control (A.8.24)",
};

function hintFor(e: ErrorObject): string | undefined {
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

function describeType(t: unknown): string {
  const types = Array.isArray(t) ? t : [t];
  return types.map((x) => TYPE_NAMES[String(x)] ?? String(x)).join(" or ");
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

interface Located {
  range: (path: Path, key?: boolean) => Range;
  knownKeys: (path: Path) => string[];
}

function describe(errors: ErrorObject[], at: Located): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  // A value of the wrong type also fails its pattern/enum checks: report the type only.
  const typeFailed = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  // All missing fields of one mapping make one problem.
  const missingAt = new Map<string, string[]>();
  for (const e of errors)
    if (e.keyword === "required") {
      const list = missingAt.get(e.instancePath) ?? [];
      list.push((e.params as { missingProperty: string }).missingProperty);
      missingAt.set(e.instancePath, list);
    }
  for (const e of errors) {
    const path = pointer(e.instancePath);
    let message: string;
    let range: Range;
    if (
      e.keyword !== "type" &&
      e.keyword !== "required" &&
      e.keyword !== "additionalProperties" &&
      typeFailed.has(e.instancePath)
    )
      continue;
    switch (e.keyword) {
      case "required": {
        const missing = missingAt.get(e.instancePath)!;
        message = `Missing required field${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}${path.length ? ` in ${fieldName(path)}` : ""}`;
        range = at.range(path, true);
        break;
      }
      case "additionalProperties": {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const near = didYouMean(key, at.knownKeys(path));
        message = `Unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ""}`;
        range = at.range([...path, key], true);
        break;
      }
      case "type": {
        const hint = hintFor(e);
        message = `${fieldName(path)} must be ${hint ?? describeType((e.params as { type: unknown }).type)}`;
        range = at.range(path);
        break;
      }
      case "enum": {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const got = e.data;
        const near = typeof got === "string" ? didYouMean(got, allowed) : undefined;
        message = `${fieldName(path)} must be one of ${allowed.join(", ")}${near ? ` (did you mean '${near}'?)` : ""}`;
        range = at.range(path);
        break;
      }
      case "pattern":
      case "format": {
        const hint = hintFor(e);
        message =
          e.keyword === "format" && /date/.test(String((e.params as { format: string }).format))
            ? `${fieldName(path)}: '${e.data}' is not a real ${String((e.params as { format: string }).format)
                .replace("isms-", "")
                .replace("datetime", "date-time")}`
            : `${fieldName(path)} must be ${hint ?? `text matching ${(e.params as { pattern: string }).pattern}`}, not '${e.data}'`;
        range = at.range(path);
        break;
      }
      case "minimum":
      case "maximum":
        message = `${fieldName(path)} must be ${e.keyword === "minimum" ? "at least" : "at most"} ${(e.params as { limit: number }).limit}`;
        range = at.range(path);
        break;
      case "minItems":
      case "maxItems":
        message = `${fieldName(path)} must have ${e.keyword === "minItems" ? "at least" : "at most"} ${(e.params as { limit: number }).limit} items`;
        range = at.range(path);
        break;
      case "const":
        message = `${fieldName(path)} must be '${(e.params as { allowedValue: unknown }).allowedValue}'`;
        range = at.range(path);
        break;
      default:
        message = `${fieldName(path)} ${e.message ?? "is invalid"}`;
        range = at.range(path);
    }
    const k = `${range[0]}:${message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ range, message });
    }
  }
  return out;
}

/** Keys the schema allows at `path` below `schema` (for did-you-mean). */
function keysAt(schema: object, path: Path): string[] {
  const { ajv } = compile();
  let s: Record<string, unknown> | undefined = schema as Record<string, unknown>;
  const deref = (x: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    for (let i = 0; i < 5 && x && typeof x.$ref === "string"; i++) {
      const ref: string = x.$ref;
      const base = (schema as { $id?: string }).$id ?? "";
      const abs = ref.startsWith("#") ? base + ref : new URL(ref, base).href;
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
  return Object.keys((s?.properties as object) ?? {});
}

function entrySchema(entry: Entry): object {
  return compile().entries.get(entry.kind)!.schema as object;
}

/** Validates one entry against its kind's entry schema. */
export function validateEntry(entry: Entry): SchemaProblem[] {
  const validate = compile().entries.get(entry.kind);
  if (!validate || validate(entry.raw)) return [];
  const schema = entrySchema(entry);
  return describe(validate.errors ?? [], {
    range: (path, key) => fieldRange(entry, path, { key }),
    knownKeys: (path) => keysAt(schema, path),
  });
}

/** Validates a file's header fields (everything but its entries). */
export function validateHeader(file: IsmsFile): SchemaProblem[] {
  const validate = compile().files.get(file.kind)!;
  if (validate(file.header)) return [];
  const schema = SCHEMAS[file.kind];
  return describe(validate.errors ?? [], {
    range: (path, key) =>
      path.length === 0
        ? headerRange(file, "kind")
        : headerRange(file, String(path[0]), path.slice(1), { key }),
    knownKeys: (path) => keysAt(schema, path),
  });
}
