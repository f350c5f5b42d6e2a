// What sits at a position (a reference, an id's definition) and where else it occurs: the core of go to
// definition, find references, highlight, rename and hover.
import { CONTROL_BY_ID, THEME_REFS } from "./catalogue";
import { entriesAround } from "./locate";
import {
  anchorRange,
  entryRefs,
  headerRefs,
  type Entry,
  type IsmsFile,
  type Range,
  type Reference,
  type TextFile,
} from "./model";
import { yamlScalar } from "./edits";
import { targetsOf } from "./kinds/api";
import { looksLikeControl } from "./values";
import type { WorkspaceIndex } from "./workspace";

/** What an id names: an entry kind's id, a control, or a clause. */
export type SymbolKind = Entry["kind"] | "control" | "clause";

export interface IsmsSymbol {
  kind: SymbolKind;
  value: string;
  /** The occurrence under the cursor. */
  range: Range;
  /** True when the occurrence is the entry's own id (or the SoA's control key). */
  isDefinition: boolean;
  entry?: Entry;
}

export interface Occurrence {
  file: IsmsFile;
  range: Range;
  isDefinition: boolean;
}

/** What a reference names: its target; a control or a clause by the value's look; a union stays one. */
function refKind(r: Reference): SymbolKind {
  if (r.target === "ref") return looksLikeControl(r.value) ? "control" : "clause";
  if (r.target.includes("|") && targetsOf(r.target).includes("control") && looksLikeControl(r.value))
    return "control";
  return r.target;
}

/** Whether a reference names symbols of `kind` (one of its union's members). */
const names = (r: Reference, kind: SymbolKind): boolean => {
  const k = refKind(r);
  return k === kind || (k.includes("|") && targetsOf(k).includes(kind));
};

/** The id of an entry when the entry has one, with the range of its `id` value (or SoA key). */
function idRange(entry: Entry): Range | undefined {
  return entry.id === undefined ? undefined : anchorRange(entry);
}

const inside = (r: Range, offset: number) => r[0] <= offset && offset <= r[1];

/** The symbol at `offset` in `file`, or undefined. */
export function symbolAt(file: IsmsFile, offset: number): IsmsSymbol | undefined {
  const around = entriesAround(file, offset);
  for (const r of [...headerRefs(file), ...around.flatMap(entryRefs)])
    if (inside(r.range, offset))
      return { kind: refKind(r), value: r.value, range: r.range, isDefinition: false };
  for (const entry of around) {
    const range = idRange(entry);
    if (range && entry.id !== undefined && inside(range, offset))
      return { kind: entry.kind, value: entry.id, range, isDefinition: true, entry };
  }
  return undefined;
}

/** The entries that define a symbol: entries with the id (of that kind), or the SoA entries of a control. */
export function definitionsOf(index: WorkspaceIndex, sym: Pick<IsmsSymbol, "kind" | "value">): Entry[] {
  if (sym.kind === "control") return index.soa.get(sym.value) ?? [];
  if (sym.kind === "clause") return [];
  const kinds = targetsOf(sym.kind);
  return (index.defs.get(sym.value) ?? []).filter((e) => kinds.includes(e.kind));
}

/** Every occurrence of a symbol in the workspace, definitions first, in file order. */
export function occurrencesOf(index: WorkspaceIndex, sym: Pick<IsmsSymbol, "kind" | "value">): Occurrence[] {
  const out: Occurrence[] = [];
  const defs = definitionsOf(index, sym);
  // A reference of a union names the kind of the entry with that id.
  const kind = sym.kind.includes("|") ? (defs[0]?.kind ?? sym.kind) : sym.kind;
  for (const e of defs) {
    const range = idRange(e);
    if (range) out.push({ file: e.file, range, isDefinition: true });
  }
  for (const r of index.refsTo.get(sym.value) ?? [])
    if (names(r, kind)) out.push({ file: r.file, range: r.range, isDefinition: false });
  return out;
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** Why a symbol cannot be renamed, or undefined when it can. */
export function renameRefusal(sym: IsmsSymbol | undefined): string | undefined {
  if (!sym) return "Only ids can be renamed: put the cursor on an id or a reference to one.";
  if (sym.kind === "control" || sym.kind === "clause")
    return `${sym.value} is an ISO/IEC 27001 ${sym.kind} id and cannot be renamed.`;
  return undefined;
}

/** The range of a scalar's text without its quotes. */
export function innerRange(file: IsmsFile, range: Range): Range {
  const first = file.text[range[0]];
  if ((first === '"' || first === "'") && range[1] - range[0] >= 2 && file.text[range[1] - 1] === first)
    return [range[0] + 1, range[1] - 1];
  return range;
}

export interface TextEdit {
  file: TextFile;
  range: Range;
  newText: string;
}

/** The edits that rename a symbol everywhere; throws an Error with a user-facing message when refused. */
export function renameEdits(index: WorkspaceIndex, sym: IsmsSymbol, newName: string): TextEdit[] {
  const refusal = renameRefusal(sym);
  if (refusal) throw new Error(refusal);
  if (!ID_PATTERN.test(newName))
    throw new Error(`'${newName}' is not a valid id (letters, digits, '.', '_', ':', '/', '-').`);
  const taken = newName !== sym.value ? index.defs.get(newName)?.[0] : undefined;
  if (taken) throw new Error(`The id '${newName}' is already used in ${taken.file.path}.`);
  if (newName !== sym.value && (CONTROL_BY_ID.has(newName) || THEME_REFS.has(newName)))
    throw new Error(`'${newName}' is an Annex A control id.`);
  // Inside quotes the name goes as it is; a plain occurrence is quoted when YAML would not read the name
  // back as text (`123`, `true`, `x:`).
  return occurrencesOf(index, sym).map((o) => {
    const inner = innerRange(o.file, o.range);
    const quoted = inner[0] !== o.range[0];
    return { file: o.file, range: quoted ? inner : o.range, newText: quoted ? newName : yamlScalar(newName) };
  });
}
