// The kind registry: the kinds of kinds/index.ts (and any registered later, as a test does), and every
// table the engine derives from them. Nothing else in the code lists kinds. Lookups are computed on first
// use and again after a registration.
import { BUILTIN_KINDS } from "./kinds";
import type { ActionSpec, EntrySpec, KindDef, RefSpec, ReviewSpec } from "./kinds/api";
import type { Rule } from "./rules/api";
import { coreRules } from "./rules";
import { sniffHeadWith, sniffKindWith } from "./sniff";
import type { Duration } from "./values";

/** The kind of the workspace manifest: its settings hold the review defaults of the other kinds. */
export const MANIFEST_KIND = "isms";

/**
 * Entries keyed by an Annex A control id (the SoA's): references to controls are checked against the
 * catalogue (unknown-control), not against these entries.
 */
export const CONTROL_ENTRY = "control";
const CATALOGUE_KEYED = new Set([CONTROL_ENTRY]);

/** An entry kind with where it sits: its file kind, and its parent entry kind for child entries. */
export interface EntryInfo {
  spec: EntrySpec;
  def: KindDef;
  /** For child entries (an audit's findings): the parent's entry kind and the key they are listed under. */
  parent?: { entry: string; key: string };
  /** Every reference field, the declared ones and the owner and verifier of each corrective action. */
  refs: RefSpec[];
}

/** A key of the manifest's `reviews:` with the interval it defaults to. */
export interface ReviewDefault {
  key: string;
  default: Duration;
  doc: string;
}

interface Derived {
  byKind: Map<string, KindDef>;
  entries: EntryInfo[];
  byEntry: Map<string, EntryInfo>;
  referenceable: EntryInfo[];
  rules: Rule[];
  ruleById: Map<string, Rule>;
  ruleIds: string[];
  ruleKind: Map<string, KindDef>;
  reviewDefaults: ReviewDefault[];
  schemas: Map<string, object>;
  collectionKeys: Set<string>;
  headerRefs: Map<string, RefSpec[]>;
}

let registered: KindDef[] | undefined;
let derived: Derived | undefined;
let version = 0;

const defs = (): KindDef[] => (registered ??= [...BUILTIN_KINDS]);

/** The refs of an action field: its owner and verifier are roles (each item's, for a list). */
function actionRefs(a: ActionSpec): RefSpec[] {
  const at = a.many ? `${a.field}.*` : a.field;
  return [
    { field: `${at}.owner`, target: "role" },
    { field: `${at}.verified_by`, target: "role" },
  ];
}

function check(def: KindDef, known: KindDef[]): void {
  const where = `kind '${def.kind}'`;
  if (known.some((k) => k.kind === def.kind)) throw new Error(`${where} is registered twice`);
  const schema = def.schema as { $id?: unknown; definitions?: Record<string, unknown> };
  if (typeof schema.$id !== "string") throw new Error(`${where}: its schema has no $id`);
  const visit = (spec: EntrySpec) => {
    if (!schema.definitions?.[spec.name])
      throw new Error(`${where}: its schema has no definitions.${spec.name} for its ${spec.one} entries`);
    for (const c of spec.children ?? []) visit(c.entry);
  };
  if (def.collection) visit(def.collection.entry);
}

function derive(): Derived {
  const all = defs();
  const entries: EntryInfo[] = [];
  const add = (spec: EntrySpec, def: KindDef, parent?: EntryInfo["parent"]) => {
    entries.push({
      spec,
      def,
      parent,
      refs: [...(spec.refs ?? []), ...(spec.actions ?? []).flatMap(actionRefs)],
    });
    for (const c of spec.children ?? []) add(c.entry, def, { entry: spec.name, key: c.key });
  };
  for (const def of all) if (def.collection) add(def.collection.entry, def);
  const byEntry = new Map(entries.map((e) => [e.spec.name, e]));
  const headerRefs = new Map(all.map((d) => [d.kind, [...(d.headerRefs ?? []), ...REVISION_REFS]]));
  const targets = new Set([
    ...entries.flatMap((e) => e.refs.map((r) => r.target)),
    ...[...headerRefs.values()].flatMap((refs) => refs.map((r) => r.target)),
  ]);
  const referenceable = entries.filter((e) => targets.has(e.spec.name) && !CATALOGUE_KEYED.has(e.spec.name));
  const reviewDefaults: ReviewDefault[] = [];
  const reviews: ReviewSpec[] = [
    ...entries.flatMap((e) => (e.spec.review ? [e.spec.review] : [])),
    ...all.flatMap((d) => (d.fileReview ? [d.fileReview] : [])),
  ];
  for (const r of reviews) if (r.every !== "risk-level") reviewDefaults.push(r.every);
  for (const d of all) reviewDefaults.push(...(d.intervals ?? []));
  // The order reviews are documented in: by kind.
  const keyOrder = new Map<string, number>();
  all.forEach((d, i) => {
    for (const e of entries)
      if (e.def === d && e.spec.review && e.spec.review.every !== "risk-level")
        keyOrder.set(e.spec.review.every.key, i);
    if (d.fileReview && d.fileReview.every !== "risk-level") keyOrder.set(d.fileReview.every.key, i);
    for (const iv of d.intervals ?? []) keyOrder.set(iv.key, i);
  });
  reviewDefaults.sort((a, b) => (keyOrder.get(a.key) ?? 0) - (keyOrder.get(b.key) ?? 0));
  const partial = { entries, referenceable };
  const rules = [...coreRules(partial), ...all.flatMap((d) => d.rules ?? [])];
  const ruleKind = new Map<string, KindDef>();
  for (const d of all) for (const r of d.rules ?? []) ruleKind.set(r.id, d);
  const ruleById = new Map<string, Rule>();
  for (const r of rules) {
    if (ruleById.has(r.id)) throw new Error(`rule '${r.id}' is defined twice`);
    ruleById.set(r.id, r);
  }
  const schemas = new Map<string, object>();
  for (const d of all)
    schemas.set(
      d.kind,
      withRevisions(d.kind === MANIFEST_KIND ? withReviewKeys(d.schema, reviewDefaults) : d.schema),
    );
  return {
    byKind: new Map(all.map((d) => [d.kind, d])),
    entries,
    byEntry,
    referenceable,
    rules,
    ruleById,
    ruleIds: rules.map((r) => r.id),
    ruleKind,
    reviewDefaults,
    schemas,
    collectionKeys: new Set(all.flatMap((d) => (d.collection ? [d.collection.key] : []))),
    headerRefs,
  };
}

/** The manifest's schema with a `reviews:` key for each review default (before its own keys). */
function withReviewKeys(schema: object, keys: ReviewDefault[]): object {
  const s = structuredClone(schema) as { properties?: { reviews?: { properties?: Record<string, object> } } };
  const reviews = s.properties?.reviews;
  if (!reviews) return s;
  const own = reviews.properties ?? {};
  reviews.properties = {
    ...Object.fromEntries(
      keys.map((k) => [k.key, { $ref: "common.schema.json#/definitions/duration", description: k.doc }]),
    ),
    ...own,
  };
  return s;
}

/** The role that approved each revision of a file's document-control record (every kind's). */
const REVISION_REFS: RefSpec[] = [{ field: "revisions.*.approved_by", target: "role" }];

/** Every file may carry its document-control record: a top-level `revisions:` list. */
function withRevisions(schema: object): object {
  const s = structuredClone(schema) as { properties?: Record<string, object> };
  s.properties = {
    ...s.properties,
    revisions: { $ref: "common.schema.json#/definitions/revisions" },
  };
  return s;
}

const get = (): Derived => (derived ??= derive());

/** Adds a kind (a test's, say): from now on it is a kind like the built-in ones. */
export function registerKind(def: KindDef): void {
  check(def, defs());
  defs().push(def);
  derived = undefined;
  version++;
}

/** Bumped by every registration (caches keyed by the registry check it). */
export const registryVersion = (): number => version;

export const kindDefs = (): readonly KindDef[] => defs();
export const kindNames = (): string[] => defs().map((d) => d.kind);
export const kindDef = (kind: string): KindDef | undefined => get().byKind.get(kind);
export const isKind = (k: unknown): k is string => typeof k === "string" && get().byKind.has(k);

/** The collection of a file kind: the key of its entries and their kind. */
export const collectionOf = (kind: string): KindDef["collection"] => get().byKind.get(kind)?.collection;

/** Every entry kind, children after their parents, in registry order. */
export const entryInfos = (): readonly EntryInfo[] => get().entries;
export const entryInfo = (entry: string): EntryInfo | undefined => get().byEntry.get(entry);
export const entrySpec = (entry: string): EntrySpec | undefined => get().byEntry.get(entry)?.spec;
export const entryKinds = (): string[] => get().entries.map((e) => e.spec.name);

/** The reference fields of an entry kind. */
export const refsOf = (entry: string): readonly RefSpec[] => get().byEntry.get(entry)?.refs ?? [];

/** Entry kinds that some field references: each has its `unknown-<kind>` rule. */
export const referenceableKinds = (): readonly EntryInfo[] => get().referenceable;

/** Every rule: the cross-kind rules, then each kind's, in the order they are documented. */
export const allRules = (): readonly Rule[] => get().rules;
export const ruleById = (id: string): Rule | undefined => get().ruleById.get(id);
export const ruleIds = (): readonly string[] => get().ruleIds;
/** The kind whose folder holds a rule; undefined for the cross-kind rules of core/rules. */
export const ruleKind = (id: string): KindDef | undefined => get().ruleKind.get(id);

/** The manifest's `reviews:` keys with their defaults, in kind order. */
export const reviewDefaults = (): readonly ReviewDefault[] => get().reviewDefaults;

/** The JSON Schema of a file kind, as shipped in schemas/ (the manifest's with its review keys). */
export const schemaOf = (kind: string): object | undefined => get().schemas.get(kind);

/** The references made by a file kind's top-level fields: its own and its revisions' approved_by. */
export const headerRefsOf = (kind: string): readonly RefSpec[] => get().headerRefs.get(kind) ?? REVISION_REFS;

/** The top-level keys that hold entries (not header fields). */
export const collectionKeys = (): ReadonlySet<string> => get().collectionKeys;

/** The `kind:` line of an ISMS file, as VS Code's firstLine regex (generated into package.json). */
export const kindLinePattern = (): string =>
  `^kind[ \\t]*:[ \\t]*["']?(${kindNames().join("|")})["']?[ \\t]*(#.*)?\\r?$`;

/** The kind of a YAML text, read cheaply from its `kind:` line; undefined when it is not an ISMS file. */
export const sniffKind = (text: string): string | undefined => sniffKindWith(text, isKind);

/** sniffKind for a text of which `head` is the start; null when `head` does not decide. */
export const sniffHead = (head: string): string | undefined | null => sniffHeadWith(head, isKind);
