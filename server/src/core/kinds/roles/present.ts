// A role's hover (holder, deputy, line manager, responsibilities, what it owns) and code lens.
import type { Entry } from "../../model";
import { definitionsOf } from "../../navigate";
import { MAX_LIST } from "../../present";
import { ownedSummary } from "../../queries";
import { list, str } from "../../rules/api";
import { display } from "../../values";
import type { PresentContext } from "../api";

export function roleHover(role: Entry, { index }: PresentContext): string[] {
  const v = role.value;
  const out = [`**${role.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  out.push(`Holder: ${display(v.holder) || "_vacant_"}`);
  if (str(v.deputy)) out.push(`Deputy: ${display(v.deputy)}`);
  const boss = str(v.reports_to);
  if (boss) {
    const def = definitionsOf(index, { kind: "role", value: boss })[0];
    out.push(`Reports to: ${boss}${def ? ` (${str(def.value.title) ?? ""})` : ""}`);
  }
  const resp = list(v.responsibilities).map(display);
  if (resp.length) out.push("", "Responsibilities:", ...resp.slice(0, MAX_LIST).map((r) => `- ${r}`));
  const owned = role.id === undefined ? "" : ownedSummary(index, role.id);
  if (owned) out.push("", `Owner of ${owned}`);
  return out;
}

export function roleLens(role: Entry, { index }: PresentContext): string | undefined {
  if (!role.id) return undefined;
  const owned = ownedSummary(index, role.id);
  return owned ? `owner of ${owned}` : "owns nothing";
}
