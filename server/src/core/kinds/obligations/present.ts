// An obligation's hover: type, source, status and assessment, renewal, the controls and documents that
// meet it, its open actions and next review.
import type { Entry } from "../../model";
import { reviewOfEntry } from "../../reviews";
import { list, str } from "../../rules/api";
import { display, formatDay, parseDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { openActions, renewalOf } from "./domain";

export function obligationHover(ob: Entry, { index, today }: PresentContext): string[] {
  const v = ob.value;
  const out = [`**${ob.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  const type = display(v.type);
  if (type) out.push(`Type: ${type}${str(v.jurisdiction) ? ` (${display(v.jurisdiction)})` : ""}`);
  if (str(v.source)) out.push(`Source: ${display(v.source)}`);
  const assessed = parseDay(v.assessed);
  const status = display(v.status);
  if (status || assessed !== undefined)
    out.push(
      `Status: ${status || "not recorded"}${assessed !== undefined ? ` (assessed ${formatDay(assessed)})` : " (never assessed)"}`,
    );
  const renews = renewalOf(ob);
  if (renews !== undefined)
    out.push(
      `Renews: ${formatDay(renews)} (${renews < today ? `overdue, ${relativeDay(renews, today)}` : relativeDay(renews, today)})`,
    );
  const controls = list(v.controls).map(display).filter(Boolean);
  out.push(`Controls: ${controls.length ? controls.join(", ") : "none"}`);
  const documents = list(v.documents).map(display).filter(Boolean);
  if (documents.length) out.push(`Documents: ${documents.join(", ")}`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const open = openActions(ob, today).length;
  if (open) out.push(`Open actions: ${open}`);
  const review = reviewOfEntry(ob, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}
