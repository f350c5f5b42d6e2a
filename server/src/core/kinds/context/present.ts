// A context issue's hover: origin and category, its effect, the risks it bears on, owner, next review.
import type { Entry } from "../../model";
import { reviewOfEntry } from "../../reviews";
import { list, str } from "../../rules/api";
import { display, formatDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { originOf } from "./domain";

export function issueHover(issue: Entry, { index, today }: PresentContext): string[] {
  const v = issue.value;
  const out = [`**${issue.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  const origin = originOf(issue);
  const category = str(v.category);
  out.push(
    `${origin === "unknown" ? "Context issue" : `${origin[0].toUpperCase()}${origin.slice(1)} issue`} (clause 4.1)${category ? ` · ${category}` : ""}`,
  );
  if (str(v.effect)) out.push(`Effect: ${display(v.effect)}`);
  const risks = list(v.risks).map(display).filter(Boolean);
  if (risks.length) out.push(`Risks: ${risks.join(", ")}`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const review = reviewOfEntry(issue, index.settings);
  if (review?.due !== undefined)
    out.push("", `Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}
