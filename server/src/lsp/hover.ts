// Hover: what an id stands for (an entry, as its kind presents it; a control; a clause), what a key means (from
// the schemas), and what a date sets in motion (the next review, a lapse, a due action).
import { MarkupKind, type Hover, type Position } from "vscode-languageserver/node";
import { CLAUSE_BY_ID, CONTROL_BY_ID } from "../core/catalogue";
import { controlHover } from "../core/kinds/soa/present";
import { nodeAt } from "../core/locate";
import type { Entry, IsmsFile } from "../core/model";
import { definitionsOf, symbolAt, type IsmsSymbol } from "../core/navigate";
import { isClockField, reviewOfEntry, reviewOfFile } from "../core/reviews";
import { str } from "../core/rules/api";
import { article, nearestId } from "../core/rules/shared";
import { entrySpec } from "../core/registry";
import { schemaAt } from "../core/schemadoc";
import {
  display,
  formatDay,
  formatDuration,
  parseDay,
  relativeDay,
  splitClause,
  type Day,
} from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { lspRange, offsetAt } from "./convert";
import type { Session } from "./session";
import { entryTitle } from "./symbols";

function entryHover(index: WorkspaceIndex, e: Entry, today: Day): string[] {
  const spec = entrySpec(e.kind);
  const own = spec?.hover?.(e, { index, today });
  if (own?.length) return own;
  const v = e.value;
  const out = [
    `**${e.id}** · ${entryTitle(e) || "(no title)"}`,
    "",
    `${article(spec?.one ?? e.kind).replace(/^a/, "A")} in ${e.file.path.split(/[\\/]/).pop()}`,
  ];
  for (const field of ["type", "classification", "status", "severity", "owner"])
    if (str(v[field])) out.push(`${field[0].toUpperCase()}${field.slice(1)}: ${display(v[field])}`);
  const review = reviewOfEntry(e, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}

function symbolHover(index: WorkspaceIndex, sym: IsmsSymbol, today: Day): string[] {
  if (sym.kind === "control") return controlHover(index, sym.value, today);
  if (sym.kind === "clause") {
    const c = splitClause(sym.value);
    const clause = c && CLAUSE_BY_ID.get(c.clause);
    return clause
      ? [`**Clause ${sym.value}** · ${clause.title}`, "", "ISO/IEC 27001:2022"]
      : [`**${sym.value}** is not a clause of ISO/IEC 27001:2022`];
  }
  const defs = sym.entry ? [sym.entry] : definitionsOf(index, sym);
  if (!defs.length) {
    const guess = nearestId(index, sym.kind, sym.value);
    return [`No ${sym.kind} has the id **${sym.value}**${guess ? `. Did you mean **${guess}**?` : ""}`];
  }
  return entryHover(index, defs[0], today);
}

/** What a date in a given field sets in motion. */
function dateHover(
  index: WorkspaceIndex,
  file: IsmsFile,
  entry: Entry | undefined,
  field: string,
  day: Day,
  today: Day,
): string[] {
  const out = [`**${formatDay(day)}** (${relativeDay(day, today)})`];
  if (isClockField(field)) {
    const review = entry ? reviewOfEntry(entry, index.settings) : reviewOfFile(file, index.settings);
    if (review && review.clockField === field && review.due !== undefined)
      out.push(
        "",
        `Next review due **${formatDay(review.due)}** (${relativeDay(review.due, today)}); reviewed every ${formatDuration(review.interval)}`,
      );
  } else if (field === "due")
    out.push("", `Due ${relativeDay(day, today)}${day < today ? " (overdue unless closed)" : ""}`);
  else if (field === "accepted_until")
    out.push(
      "",
      day < today ? "The acceptance has lapsed" : `The acceptance lapses ${relativeDay(day, today)}`,
    );
  else if (field === "planned")
    out.push(
      "",
      day < today
        ? `The planned date has passed: record when the ${entry ? (entrySpec(entry.kind)?.one ?? "event") : "event"} took place`
        : `Planned ${relativeDay(day, today)}`,
    );
  return out;
}

export function hover(session: Session, uri: string, pos: Position): Hover | null {
  const file = session.file(uri);
  if (!file) return null;
  const index = session.index;
  const offset = offsetAt(file, pos);
  const today = session.today;
  const sym = symbolAt(file, offset);
  const at = nodeAt(file, offset);
  let lines: string[] | undefined;
  const range = sym?.range ?? at.range;
  if (sym) lines = symbolHover(index, sym, today);
  else if (at.isKey && at.path.length) {
    const schema = schemaAt(file.kind, at.path);
    const name = at.path[at.path.length - 1];
    if (schema?.description || schema?.enum) {
      lines = [`**${name}**`, "", schema.description ?? ""];
      if (schema.enum) lines.push("", `One of: ${schema.enum.map((e) => `\`${String(e)}\``).join(", ")}`);
    } else if (file.kind === "soa" && typeof name === "string" && CONTROL_BY_ID.has(name))
      lines = controlHover(index, name, today);
  } else if (at.scalar && at.path.length) {
    const field = String(at.path[at.path.length - 1]);
    const day = parseDay(at.scalar.value);
    if (day !== undefined) lines = dateHover(index, file, at.entry, field, day, today);
    else {
      const schema = schemaAt(file.kind, at.path);
      if (schema?.description) lines = [`**${field}**`, "", schema.description];
    }
  }
  if (!lines || !range) return null;
  return { contents: { kind: MarkupKind.Markdown, value: lines.join("\n") }, range: lspRange(file, range) };
}
