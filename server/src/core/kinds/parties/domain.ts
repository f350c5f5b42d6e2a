// Interested parties (clause 4.2): their requirements, what addresses each, and their feedback. One
// answer for the rules, the hover, the context report and the management review.
import { CONTROL_BY_ID, THEME_REFS } from "../../catalogue";
import type { Entry } from "../../model";
import { list, obj, str } from "../../rules/api";
import { titleOf } from "../../reviews";
import { looksLikeControl, parseDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";

/** The entry kinds a requirement's `via` may name besides Annex A controls (obligations may be absent). */
export const VIA_KINDS = ["obligation", "document"] as const;

export type RequirementState = "addressed" | "unaddressed" | "no-via";

export interface Requirement {
  /** Its position in the party's `requirements` list. */
  index: number;
  /** Its text; undefined when missing or not text (then `textProblem` says which). */
  text: string | undefined;
  textProblem?: "missing" | "not-text";
  /** `addressed:` as recorded (undefined when missing or not true/false). */
  addressed: boolean | undefined;
  /** The `via` items that are text (or numbers), as written. */
  via: string[];
  /** Unaddressed: `addressed: false`; no-via: nothing named in `via`; else addressed. */
  state: RequirementState;
}

/**
 * The items of a `via`: a list's text items; a single text is read as a list of one (the schema reports
 * it), so a slip in the shape does not also read as "nothing addresses it".
 */
export function viaItems(via: unknown): string[] {
  const items = typeof via === "string" ? [via] : list(via);
  return items
    .filter((v) => typeof v === "string" || typeof v === "number")
    .map(String)
    .filter((v) => v.trim() !== "");
}

/**
 * A party's requirements, in order. An item that is text is read as a requirement's text (the schema
 * reports its shape); items that are neither a mapping nor text are left out (they keep their index).
 */
export function requirementsOf(party: Entry): Requirement[] {
  const out: Requirement[] = [];
  list(party.value.requirements).forEach((raw, index) => {
    if (typeof raw === "string") {
      out.push({ index, text: str(raw), addressed: undefined, via: [], state: "no-via" });
      return;
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
    const r = obj(raw);
    const via = viaItems(r.via);
    const addressed = typeof r.addressed === "boolean" ? r.addressed : undefined;
    const state: RequirementState =
      addressed === false ? "unaddressed" : via.length === 0 ? "no-via" : "addressed";
    const text = str(r.text);
    const textProblem =
      text !== undefined ? undefined : r.text === undefined || r.text === null ? "missing" : "not-text";
    out.push({ index, text, textProblem, addressed, via, state });
  });
  return out;
}

export interface Feedback {
  index: number;
  day: Day | undefined;
  summary: string | undefined;
}

/** A party's feedback, newest first (undated last, in their order). */
export function feedbackOf(party: Entry): Feedback[] {
  const out = list(party.value.feedback).map((raw, index) => {
    const f = obj(raw);
    return { index, day: parseDay(f.date), summary: str(f.summary) };
  });
  return out.sort((a, b) => (b.day ?? -Infinity) - (a.day ?? -Infinity) || a.index - b.index);
}

/** The newest dated feedback of a party. */
export const latestFeedback = (party: Entry): Feedback | undefined =>
  feedbackOf(party).find((f) => f.day !== undefined);

/** What a `via` item names: a control (or theme) of Annex A, an obligation or document, or nothing. */
export interface ViaTarget {
  kind: "control" | (typeof VIA_KINDS)[number] | "other" | "unknown";
  /** The obligation or document, or the entry of another kind the id belongs to. */
  entry?: Entry;
  /** "A.5.34 Privacy and protection of PII", "DOC-POL-01 Information security policy". */
  label: string;
}

export function viaTarget(index: WorkspaceIndex, value: string): ViaTarget {
  if (looksLikeControl(value)) {
    const title = CONTROL_BY_ID.get(value)?.title ?? THEME_REFS.get(value);
    return { kind: title ? "control" : "unknown", label: title ? `${value} ${title}` : value };
  }
  const defs = index.defs.get(value) ?? [];
  const own = defs.find((e) => (VIA_KINDS as readonly string[]).includes(e.kind));
  if (own) {
    const title = titleOf(own);
    return {
      kind: own.kind as (typeof VIA_KINDS)[number],
      entry: own,
      label: title ? `${value} ${title}` : value,
    };
  }
  if (defs[0]) return { kind: "other", entry: defs[0], label: value };
  return { kind: "unknown", label: value };
}

/** How a message names a party: "IP-ICO (Information Commissioner's Office)". */
export function partyLabel(party: Entry): string {
  const name = str(party.value.name);
  return `${party.id ?? "?"}${name ? ` (${name})` : ""}`;
}

/** How a message names a requirement: its text in quotes, else its number. */
export const requirementLabel = (r: Requirement): string =>
  r.text !== undefined
    ? `'${r.text}'`
    : `no. ${r.index + 1} (${r.textProblem === "not-text" ? "not text" : "no text"})`;
