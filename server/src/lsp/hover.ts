// Hover: what an id stands for (role, control, risk, asset, clause, any entry), what a key means (from
// the schemas), and what a date sets in motion (the next review, a lapse, a due action).
import { MarkupKind, type Hover, type Position } from "vscode-languageserver/node";
import { CLAUSE_BY_ID, CONTROL_BY_ID, THEME_REFS } from "../core/catalogue";
import { nodeAt } from "../core/locate";
import type { Entry, IsmsFile } from "../core/model";
import { definitionsOf, symbolAt, type IsmsSymbol } from "../core/navigate";
import { citingRisks, lastAudit, ownedSummary } from "../core/queries";
import { isClockField, reviewOfEntry, reviewOfFile } from "../core/reviews";
import { riskScores } from "../core/risk";
import { list, str } from "../core/rules/api";
import { article, nearestId } from "../core/rules/shared";
import { entrySpec } from "../core/registry";
import { schemaAt } from "../core/schemadoc";
import { display, formatDay, formatDuration, parseDay, splitClause, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { lspRange, offsetAt } from "./convert";
import type { Session } from "./session";
import { entryTitle } from "./symbols";

const MAX_LIST = 10;

/** "in 12 days", "today", "43 days ago". */
export function relative(day: Day, today: Day): string {
  const d = day - today;
  if (d === 0) return "today";
  if (d === 1) return "tomorrow";
  if (d === -1) return "yesterday";
  return d > 0 ? `in ${d} days` : `${-d} days ago`;
}

const ids = (entries: Entry[]): string => {
  const shown = entries.slice(0, MAX_LIST).map((e) => e.id ?? "?");
  return shown.join(", ") + (entries.length > MAX_LIST ? ` and ${entries.length - MAX_LIST} more` : "");
};

function roleHover(index: WorkspaceIndex, role: Entry): string[] {
  const v = role.value;
  const out = [`**${role.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  out.push(`Holder: ${display(v.holder) || "_vacant_"}`);
  if (str(v.deputy)) out.push(`Deputy: ${v.deputy}`);
  if (str(v.reports_to)) {
    const boss = definitionsOf(index, { kind: "role", value: v.reports_to as string })[0];
    out.push(`Reports to: ${v.reports_to}${boss ? ` (${str(boss.value.title) ?? ""})` : ""}`);
  }
  const resp = list(v.responsibilities).map(String);
  if (resp.length) out.push("", "Responsibilities:", ...resp.slice(0, MAX_LIST).map((r) => `- ${r}`));
  const owned = role.id === undefined ? "" : ownedSummary(index, role.id);
  if (owned) out.push("", `Owner of ${owned}`);
  return out;
}

function controlHover(index: WorkspaceIndex, id: string): string[] {
  const control = CONTROL_BY_ID.get(id);
  const theme = THEME_REFS.get(id);
  if (!control && theme) return [`**${id}** · ${theme} controls (Annex A theme)`];
  if (!control) return [`**${id}** is not an ISO/IEC 27001:2022 Annex A control`];
  const out = [`**${id}** · ${control.title}`, "", `${control.theme} control (ISO/IEC 27001:2022 Annex A)`];
  const soa = index.soa.get(id)?.[0];
  if (!soa) out.push("", "SoA: _not in the Statement of Applicability_");
  else {
    const v = soa.value;
    const applicable =
      v.applicable === true ? "applicable" : v.applicable === false ? "excluded" : "applicability not set";
    out.push(
      "",
      `SoA: ${applicable}${str(v.status) ? ` · ${v.status}` : ""}${str(v.owner) ? ` · owner ${v.owner}` : ""}`,
    );
    if (str(v.justification)) out.push(`Justification: ${v.justification}`);
  }
  const risks = citingRisks(index, id);
  out.push(
    risks.length
      ? `Cited by ${risks.length} risk${risks.length === 1 ? "" : "s"}: ${ids(risks)}`
      : "Cited by no risk",
  );
  const audit = lastAudit(index, id);
  out.push(audit ? `Last audited: ${audit.audit.id} (${formatDay(audit.day)})` : "Not audited yet");
  return out;
}

function riskHover(index: WorkspaceIndex, risk: Entry, today: Day): string[] {
  const v = risk.value;
  const s = riskScores(risk, index.settings);
  const out = [`**${risk.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  if (s.inherent !== undefined)
    out.push(`Score: ${s.likelihood} × ${s.impact} = **${s.inherent}** (${s.inherentLevel?.name})`);
  if (str(v.treatment)) out.push(`Treatment: ${v.treatment}`);
  if (s.residual !== undefined)
    out.push(
      `Residual: ${s.residualLikelihood} × ${s.residualImpact} = **${s.residual}** (${s.residualLevel?.name})`,
    );
  if (s.current !== undefined && s.current > index.settings.appetite)
    out.push(
      `Above the appetite of ${index.settings.appetite}${str(v.accepted_by) ? `; accepted by ${v.accepted_by}` : ""}`,
    );
  if (str(v.owner)) out.push(`Owner: ${v.owner}`);
  const controls = list(v.controls).map(String);
  if (controls.length) out.push(`Controls: ${controls.join(", ")}`);
  const review = reviewOfEntry(risk, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relative(review.due, today)})`);
  return out;
}

function entryHover(index: WorkspaceIndex, e: Entry, today: Day): string[] {
  if (e.kind === "role") return roleHover(index, e);
  if (e.kind === "risk") return riskHover(index, e, today);
  if (e.kind === "control" && e.id !== undefined) return controlHover(index, e.id);
  const v = e.value;
  const out = [
    `**${e.id}** · ${entryTitle(e) || "(no title)"}`,
    "",
    `${article(entrySpec(e.kind)?.one ?? e.kind).replace(/^a/, "A")} in ${e.file.path.split(/[\\/]/).pop()}`,
  ];
  for (const field of ["type", "classification", "status", "severity", "owner"])
    if (str(v[field])) out.push(`${field[0].toUpperCase()}${field.slice(1)}: ${v[field]}`);
  const review = reviewOfEntry(e, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relative(review.due, today)})`);
  return out;
}

function symbolHover(index: WorkspaceIndex, sym: IsmsSymbol, today: Day): string[] {
  if (sym.kind === "control") return controlHover(index, sym.value);
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
  const out = [`**${formatDay(day)}** (${relative(day, today)})`];
  if (isClockField(field)) {
    const review = entry ? reviewOfEntry(entry, index.settings) : reviewOfFile(file, index.settings);
    if (review && review.clockField === field && review.due !== undefined)
      out.push(
        "",
        `Next review due **${formatDay(review.due)}** (${relative(review.due, today)}); reviewed every ${formatDuration(review.interval)}`,
      );
  } else if (field === "due")
    out.push("", `Due ${relative(day, today)}${day < today ? " (overdue unless closed)" : ""}`);
  else if (field === "accepted_until")
    out.push("", day < today ? "The acceptance has lapsed" : `The acceptance lapses ${relative(day, today)}`);
  else if (field === "planned")
    out.push("", day < today ? "Planned date passed: record `performed:`" : `Audit ${relative(day, today)}`);
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
      lines = controlHover(index, name);
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
