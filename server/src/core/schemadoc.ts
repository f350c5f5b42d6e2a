// Reading the JSON Schemas as documentation: what a key means, which keys and values a place allows.
// The schemas in schemas/ are the single source of field names, enums and hover text.
import type { Kind, Path } from "./model";
import { schemaOf } from "./registry";
import { COMMON_SCHEMA } from "./schema";

export interface SchemaNode {
  $ref?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  format?: string;
  pattern?: string;
  /** The definition name a $ref led to (roleRef, date, controlRef, ...). */
  defName?: string;
}

type Doc = { definitions?: Record<string, SchemaNode> };

/** Follows $ref chains; the outermost description wins, the innermost definition name is kept. */
function resolve(node: SchemaNode | undefined, doc: Doc): { node: SchemaNode | undefined; doc: Doc } {
  let cur = node;
  let curDoc = doc;
  let description = node?.description;
  let defName: string | undefined;
  for (let i = 0; cur?.$ref && i < 10; i++) {
    const [file, pointer] = cur.$ref.split("#");
    if (file) curDoc = file === "common.schema.json" ? COMMON_SCHEMA : curDoc;
    const name = pointer.replace("/definitions/", "");
    defName = name;
    cur = curDoc.definitions?.[name];
    description ??= cur?.description;
  }
  return {
    node: cur && { ...cur, description: description ?? cur.description, defName: defName ?? cur.defName },
    doc: curDoc,
  };
}

/**
 * Where each path leads, per schema (a rule asks it for every number of every entry): paths by their
 * keys, every list index the same.
 */
const located = new WeakMap<object, Map<string, { node: SchemaNode | undefined; doc: Doc }>>();

/** The schema of the value at `path` in a file of `kind` (numbers step into list items), with its document. */
function locate(kind: Kind, path: Path): { node: SchemaNode | undefined; doc: Doc } {
  const root = schemaOf(kind) as (SchemaNode & Doc) | undefined;
  if (!root) return { node: undefined, doc: {} };
  let memo = located.get(root);
  if (!memo) located.set(root, (memo = new Map()));
  const key = path.map((s) => (typeof s === "number" ? "#" : `.${s}`)).join("");
  let found = memo.get(key);
  if (!found) {
    // Keys come from the files: a bound, whatever they hold.
    if (memo.size > 10_000) memo.clear();
    memo.set(key, (found = walk(root, path)));
  }
  return found;
}

function walk(root: SchemaNode & Doc, path: Path): { node: SchemaNode | undefined; doc: Doc } {
  let { node, doc } = resolve(root, root);
  for (const step of path) {
    if (!node) break;
    const next: SchemaNode | undefined =
      typeof step === "number"
        ? node.items
        : // A mapping whose values are entries (the SoA's controls) also steps by key.
          (node.properties?.[step] ??
          (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined));
    ({ node, doc } = resolve(next, doc));
  }
  return { node, doc };
}

/** The schema of the value at `path` in a file of `kind` (numbers step into list items). */
export const schemaAt = (kind: Kind, path: Path): SchemaNode | undefined => locate(kind, path).node;

export interface KeyDoc {
  name: string;
  description: string;
  required: boolean;
  schema: SchemaNode;
}

/** The keys a mapping at `path` allows, with their docs. */
export function keysAt(kind: Kind, path: Path): KeyDoc[] {
  const { node, doc } = locate(kind, path);
  if (!node?.properties) return [];
  return Object.entries(node.properties).map(([name, s]) => {
    const r = resolve(s, doc).node ?? s;
    return {
      name,
      description: r.description ?? "",
      required: node.required?.includes(name) ?? false,
      schema: r,
    };
  });
}
