// A control's hover (catalogue title, SoA line, its checks and evidence validity, citing risks, last
// audit), for an SoA entry and for any reference to a control, and the SoA entry's code lens.
import { CONTROL_BY_ID, THEME_REFS } from "../../catalogue";
import type { Entry } from "../../model";
import { idList, plural } from "../../present";
import { citingRisks, lastAudit } from "../../queries";
import { str } from "../../rules/api";
import { display, formatDay, formatDuration, relativeDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";
import type { PresentContext } from "../api";
import { checksOf, datedEvidenceOf, nextCheckDue } from "./domain";

export function controlHover(index: WorkspaceIndex, id: string, today: Day): string[] {
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
      `SoA: ${applicable}${str(v.status) ? ` · ${display(v.status)}` : ""}${str(v.owner) ? ` · owner ${display(v.owner)}` : ""}`,
    );
    if (str(v.justification)) out.push(`Justification: ${display(v.justification)}`);
    out.push(...checksHover(soa, today), ...evidenceHover(soa, today));
  }
  const risks = citingRisks(index, id);
  out.push(risks.length ? `Cited by ${plural(risks.length, "risk")}: ${idList(risks)}` : "Cited by no risk");
  const audit = lastAudit(index, id);
  out.push(audit ? `Last audited: ${audit.audit.id} (${formatDay(audit.day)})` : "Not audited yet");
  return out;
}

export const controlEntryHover = (e: Entry, { index, today }: PresentContext): string[] =>
  e.id === undefined ? [] : controlHover(index, e.id, today);

/** The control's checks: each with its method, last result and when it is next due. */
function checksHover(soa: Entry, today: Day): string[] {
  const checks = checksOf(soa, today);
  if (!checks.length) return [];
  const out = ["", `Checks (${checks.length}):`];
  for (const c of checks) {
    const how = [
      c.method,
      c.every ? `every ${formatDuration(c.every)}` : undefined,
      c.owner && `owner ${c.owner}`,
    ]
      .filter(Boolean)
      .join(", ");
    const last =
      c.last === undefined ? "never done" : `last ${formatDay(c.last)}${c.result ? ` ${c.result}` : ""}`;
    const next =
      c.next !== undefined
        ? ` · next due ${formatDay(c.next)} (${c.next < today ? `overdue, ${relativeDay(c.next, today)}` : relativeDay(c.next, today)})`
        : c.last === undefined
          ? " · due now"
          : "";
    const failed = c.failedWithoutAction ? " · failed, no corrective action" : "";
    out.push(`- ${c.description}${how ? ` (${how})` : ""}: ${last}${next}${failed}`);
  }
  return out;
}

/** The evidence items that say how long they are valid, and whether they still are. */
function evidenceHover(soa: Entry, today: Day): string[] {
  const dated = datedEvidenceOf(soa, today);
  if (!dated.length) return [];
  const out = ["", "Evidence:"];
  for (const d of dated) {
    const collected = d.collected !== undefined ? `collected ${formatDay(d.collected)}` : undefined;
    const valid =
      d.validUntil === undefined
        ? undefined
        : d.expired
          ? `expired: valid until ${formatDay(d.validUntil)} (${relativeDay(d.validUntil, today)})`
          : `valid until ${formatDay(d.validUntil)}`;
    const facts = [collected, valid].filter(Boolean).join(", ");
    out.push(`- ${d.name}${facts ? `: ${facts}` : ""}`);
  }
  return out;
}

export function controlLens(e: Entry, { index, today }: PresentContext): string | undefined {
  if (!e.id) return undefined;
  const audit = lastAudit(index, e.id);
  const parts = [
    plural(citingRisks(index, e.id).length, "risk"),
    audit ? `last audited ${audit.audit.id}` : "not audited",
  ];
  const checks = checksOf(e, today);
  if (checks.length) {
    const overdue = checks.filter((c) => c.overdue).length;
    const next = nextCheckDue(checks);
    parts.push(
      plural(checks.length, "check"),
      overdue ? `${overdue} overdue` : next !== undefined ? `next due ${formatDay(next)}` : "none due",
    );
  }
  const expired = datedEvidenceOf(e, today).filter((d) => d.expired).length;
  if (expired) parts.push(`${expired} evidence expired`);
  return parts.join(" · ");
}
