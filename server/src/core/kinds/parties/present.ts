// An interested party's hover: its type, its requirements and what addresses them, its latest feedback.
import type { Entry } from "../../model";
import { MAX_LIST } from "../../present";
import { reviewOfEntry } from "../../reviews";
import { str } from "../../rules/api";
import { display, formatDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { latestFeedback, requirementsOf } from "./domain";

const MARK = { addressed: "✓", unaddressed: "✗ not addressed", "no-via": "✗ nothing in via" } as const;

export function partyHover(party: Entry, { index, today }: PresentContext): string[] {
  const v = party.value;
  const out = [`**${party.id}** · ${str(v.name) ?? "(no name)"}`, ""];
  if (str(v.type)) out.push(`Interested party: ${display(v.type)}`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const reqs = requirementsOf(party);
  if (reqs.length) {
    const open = reqs.filter((r) => r.state !== "addressed").length;
    out.push("", `Requirements: ${reqs.length}${open ? `, ${open} not addressed` : ", all addressed"}`);
    for (const r of reqs.slice(0, MAX_LIST))
      out.push(
        `- ${r.text ?? "(no text)"}: ${r.state === "addressed" ? `${MARK.addressed} via ${r.via.join(", ")}` : MARK[r.state]}`,
      );
  }
  const last = latestFeedback(party);
  if (last?.day !== undefined)
    out.push("", `Latest feedback (${formatDay(last.day)}): ${last.summary ?? ""}`);
  const review = reviewOfEntry(party, index.settings);
  if (review?.due !== undefined)
    out.push("", `Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}
