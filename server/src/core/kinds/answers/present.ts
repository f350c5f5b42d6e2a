// An answer's hover (its question, the answer cut short, the controls and documents it cites, the
// requests that used it, its next review) and code lens (the requests that used it).
import type { Entry } from "../../model";
import { idList, plural } from "../../present";
import { reviewOfEntry } from "../../reviews";
import { list, str } from "../../rules/api";
import { display, formatDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { questionOf, requestsUsing } from "./domain";

/** How much of an answer's text a hover shows. */
export const ANSWER_CUT = 280;

/** Text cut at a word boundary near `max` characters, with an ellipsis when cut; one line. */
export function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const at = flat.lastIndexOf(" ", max);
  return `${flat.slice(0, at > max / 2 ? at : max)}…`;
}

export function answerHover(a: Entry, { index, today }: PresentContext): string[] {
  const v = a.value;
  const question = questionOf(a);
  const out = [`**${a.id ?? "(no id)"}** · ${question ? cut(question, 120) : "(no question)"}`, ""];
  const answer = display(v.answer);
  out.push(answer ? `> ${cut(answer, ANSWER_CUT)}` : "Answer: (not written)", "");
  const controls = list(v.controls).map(display).filter(Boolean);
  out.push(`Controls: ${controls.length ? controls.join(", ") : "none"}`);
  const documents = list(v.documents).map(display).filter(Boolean);
  out.push(`Documents: ${documents.length ? documents.join(", ") : "none"}`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const used = requestsUsing(index, a.id ?? "");
  if (used.length) out.push(`Used by: ${idList(used)}`);
  const review = reviewOfEntry(a, index.settings);
  out.push(
    review?.due !== undefined
      ? `Review due: ${formatDay(review.due)} (${relativeDay(review.due, today)})`
      : "Review due: never reviewed",
  );
  return out;
}

/** "used by 3 requests: RQ-2026-01, RQ-2026-02, RQ-2026-03", "used by no request". */
export function answerLens(a: Entry, { index }: PresentContext): string {
  const used = requestsUsing(index, a.id ?? "");
  return used.length ? `used by ${plural(used.length, "request")}: ${idList(used)}` : "used by no request";
}
