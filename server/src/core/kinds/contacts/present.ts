// A contact's hover: organisation, type, how to reach it, the registration number, owner, next review.
import type { Entry } from "../../model";
import { reviewOfEntry } from "../../reviews";
import { str } from "../../rules/api";
import { display, formatDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";

export function contactHover(contact: Entry, { index, today }: PresentContext): string[] {
  const v = contact.value;
  const out = [`**${contact.id}** · ${str(v.organisation) ?? "(no organisation)"}`, ""];
  if (str(v.type)) out.push(`Contact: ${display(v.type)}`);
  if (str(v.purpose)) out.push(`Purpose: ${display(v.purpose)}`);
  if (str(v.how)) out.push(`How: ${display(v.how)}`);
  const reference = display(v.reference);
  if (reference) out.push(`Reference: ${reference}`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const review = reviewOfEntry(contact, index.settings);
  if (review?.due !== undefined)
    out.push("", `Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}
