// A control's hover (catalogue title, SoA line, citing risks, last audit), for an SoA entry and for any
// reference to a control, and the SoA entry's code lens.
import { CONTROL_BY_ID, THEME_REFS } from "../../catalogue";
import type { Entry } from "../../model";
import { idList, plural } from "../../present";
import { citingRisks, lastAudit } from "../../queries";
import { str } from "../../rules/api";
import { display, formatDay } from "../../values";
import type { WorkspaceIndex } from "../../workspace";
import type { PresentContext } from "../api";

export function controlHover(index: WorkspaceIndex, id: string): string[] {
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
  }
  const risks = citingRisks(index, id);
  out.push(risks.length ? `Cited by ${plural(risks.length, "risk")}: ${idList(risks)}` : "Cited by no risk");
  const audit = lastAudit(index, id);
  out.push(audit ? `Last audited: ${audit.audit.id} (${formatDay(audit.day)})` : "Not audited yet");
  return out;
}

export const controlEntryHover = (e: Entry, { index }: PresentContext): string[] =>
  e.id === undefined ? [] : controlHover(index, e.id);

export function controlLens(e: Entry, { index }: PresentContext): string | undefined {
  if (!e.id) return undefined;
  const audit = lastAudit(index, e.id);
  return `${plural(citingRisks(index, e.id).length, "risk")} · ${audit ? `last audited ${audit.audit.id}` : "not audited"}`;
}
