// What a record kind declares about itself. A kind is one folder under kinds/: this definition (kind.ts),
// its JSON Schema (schema.json), its rules with their pass and fail fixtures, its New-ISMS-Workspace
// template and its snippets. Everything that differs between kinds is said here once; the engine, the
// language server, the reports and the generated files (package.json, schemas/, snippets) derive from it.
import type { Entry } from "../model";
import type { Rule } from "../rules/api";
import type { Settings } from "../settings";
import type { Day, Duration } from "../values";
import type { WorkspaceIndex } from "../workspace";

/**
 * What a reference field points to: an entry kind's id, an Annex A control, a clause, or either of those
 * two ("ref"); or any of several, joined by "|" ("finding|incident|meeting|risk", "obligation|document|
 * control"): then the id says which (ids are unique across the workspace; a control by its look).
 */
export type RefTarget = string;

/** The targets of a reference field: one, or the members of a "|" union. */
export const targetsOf = (target: RefTarget): string[] => target.split("|");

/** A field of an entry that names another entry (a role, an asset, ...), a control or a clause. */
export interface RefSpec {
  /** The field, dotted for nested ones ("action.owner"). */
  field: string;
  target: RefTarget;
  /** The field holds a list of references. */
  many?: boolean;
  /**
   * The field holds an id or free text (a request's `from`: a party id or a name): only a value this
   * accepts is a reference; others are text, never an unknown reference.
   */
  isRef?(value: string): boolean;
}

/** The outline and workspace-symbol icon of an entry (the LSP SymbolKind of that name). */
export type SymbolName =
  | "Class"
  | "Object"
  | "Event"
  | "Interface"
  | "Namespace"
  | "Field"
  | "File"
  | "Module"
  | "Package"
  | "Struct"
  | "Constant"
  | "Key";

/** A review clock: the entry (or file) falls due for review a set interval after its clock's date. */
export interface ReviewSpec {
  /** The fields the clock runs from, first present wins ("reviewed", then "assigned"). */
  clocks: string[];
  /**
   * The interval when the entry sets no `review_every`: a key of the manifest's `reviews:` with its
   * default and doc, or the risk's level (the manifest's risk levels say how often each is reviewed).
   */
  every: { key: string; default: Duration; doc: string } | "risk-level";
  /** How a message names the item: "Role" (then its id follows) or a whole name for a file's review. */
  name: string;
}

/** A field of an entry that holds a corrective action, or a list of them (the generic action shape). */
export interface ActionSpec {
  /** The field; dotted, with `*` for each item of a list, for an action inside a list ("tests.*.action"). */
  field: string;
  many?: boolean;
}

/** A field of an entry that names a file, relative to the YAML file (a document's `path`). */
export interface PathSpec {
  field: string;
  many?: boolean;
  /** The field holds text or paths: only values that look like a path (no spaces, a `/` or an extension). */
  orText?: boolean;
  /**
   * The kind's own rule that reports this path when it names no file (documents: document-missing-file);
   * linked-file-missing then leaves the field to it.
   */
  missingFileRule?: string;
}

/** Entries listed under a key of each entry of a collection: an audit's findings. */
export interface ChildSpec {
  key: string;
  entry: EntrySpec;
}

/** Something of the kind with a date that falls due, shown in the Overdue view and the overdue report. */
export interface DueSpec {
  /** The group's id in the Overdue view ("training", "audits"). */
  group: string;
  /** The group's title in the view ("Training") and its label in the overdue report ("training"). */
  title: string;
  label: string;
  /**
   * The due date of an entry of this kind, or several (a supplier's certificates, an SoA control's
   * checks); undefined: nothing due.
   */
  due(entry: Entry, ctx: DueContext): DueDate | readonly DueDate[] | undefined;
}

export interface DueContext {
  settings: Settings;
  today: Day;
}

export interface DueDate {
  /** Undefined: it never happened, so it is overdue ("never held"). */
  day: Day | undefined;
  owner?: string;
  title?: string;
  /** The item's id when it is not the entry's ("SUP-01 ISO 27001 certificate"). */
  id?: string;
  /** The field the item is shown at (a certificate's `expires`, dotted path as a list); else the entry. */
  path?: readonly (string | number)[];
}

export interface EntrySpec {
  /** The entry kind: also the name of its definition in the kind's schema ("risk"). */
  name: string;
  /** How people call one and several: "risk" and "risks", "SoA control" and "SoA controls". */
  one: string;
  many: string;
  refs?: RefSpec[];
  symbol: SymbolName;
  /** The id a first entry of this kind gets from completion ("R-001"). */
  firstId?: string;
  /** Counted in what a role owns (hover and code lens), lower ranks first. */
  ownedRank?: number;
  review?: ReviewSpec;
  actions?: ActionSpec[];
  paths?: PathSpec[];
  children?: ChildSpec[];
  /** What falls due: one group, or several (a plan's tests and its review are separate groups). */
  due?: DueSpec | readonly DueSpec[];
  /**
   * What each value of an enum field means, by field (dotted, as in `refs`) and value: completion shows it
   * beside the value ("inputs": { a: "the status of actions from previous management reviews" }).
   */
  valueDocs?: Record<string, Readonly<Record<string, string>>>;
  /**
   * How completion ranks the ids it offers in a reference field of the entry, by field (a request's
   * `answers:` by the words its title shares with each library answer): the ids it ranks, best first,
   * each with a note shown beside it; the other ids follow in their usual order.
   */
  rankRefs?: Record<string, (entry: Entry, index: WorkspaceIndex) => RankedRef[]>;
  /** The entry's title when it has no `title`, `name`, `organisation` or `statement` (an SoA control's). */
  title?(entry: Entry): string | undefined;
  /** The lines of a new entry with this id, offered by the quick fix of an unknown reference. */
  create?(id: string, today: string): string[];
  /** The entry's hover, as Markdown lines (the title line first); without it, a generic summary. */
  hover?(entry: Entry, ctx: PresentContext): string[];
  /** The title of the entry's code lens ("score 12 · High · review due 2027-01-10"); none without it. */
  lens?(entry: Entry, ctx: PresentContext): string | undefined;
}

/** An id completion offers first, with why ("shares 3 words: encrypt, rest, key"). */
export interface RankedRef {
  id: string;
  note: string;
}

/** What an entry's hover and code lens are computed from. */
export interface PresentContext {
  index: WorkspaceIndex;
  today: Day;
}

export interface KindDef {
  /** The value of `kind:` ("risks"). */
  kind: string;
  /** The kind's title: the Overdue view's group of its reviews, headings ("Risks"). */
  title: string;
  /** The JSON Schema of a file of this kind (schema.json in the kind's folder). */
  schema: object;
  /** The top-level key holding the entries; `map` when they are keyed (the SoA's controls by id). */
  collection?: { key: string; map?: boolean; entry: EntrySpec };
  /** References made by top-level fields of the file (the SoA's approved_by). */
  headerRefs?: RefSpec[];
  /** The review clock of the file as a whole (the SoA); its label in the overdue report. */
  fileReview?: ReviewSpec & { label: string; title(header: Record<string, unknown>): string; owner: string };
  /**
   * What falls due that is no entry (the manifest's certificate expiry, which the audits kind declares):
   * its group in the Overdue view and the overdue report, and its dated items, each at a range of a file.
   */
  fileDue?: Omit<DueSpec, "due"> & {
    due(
      index: WorkspaceIndex,
      ctx: DueContext,
    ): (DueDate & { id: string; file: import("../model").IsmsFile; range: import("../model").Range })[];
  };
  /**
   * Intervals other than review clocks that the kind reads from the manifest's `reviews:` (a continuity
   * plan's `test_every`, `reviews.continuity`): declared keys of `reviews:` with their default.
   */
  intervals?: { key: string; default: Duration; doc: string }[];
  /** The kind's own rules, in the order they are documented. */
  rules?: Rule[];
}

/** The due specs of an entry kind, as a list. */
export const duesOf = (spec: EntrySpec): readonly DueSpec[] =>
  spec.due === undefined ? [] : "group" in spec.due ? [spec.due] : spec.due;

export function defineKind(def: KindDef): KindDef {
  return def;
}
