import { REVIEWED_KINDS, reviewOfEntry, reviewOfSoa, type ReviewItem } from "../reviews";
import { formatDay, formatDuration } from "../values";
import { defineRule, type Rule, type RuleContext } from "./api";

export const REVIEW_NAMES: Record<string, string> = {
  roles: "Role",
  assets: "Asset",
  risks: "Risk",
  soa: "The Statement of Applicability",
  documents: "Document",
  suppliers: "Supplier",
};

/** The checks of a review rule: the SoA as a whole per file, and every reviewable entry on its own. */
export function reviewChecks(
  report: (ctx: RuleContext, item: ReviewItem) => void,
): Pick<Rule, "check" | "entry"> {
  return {
    check(ctx) {
      for (const file of ctx.index.filesOfKind.get("soa") ?? []) report(ctx, reviewOfSoa(file, ctx.settings));
    },
    entry: {
      kinds: REVIEWED_KINDS,
      check(entry, ctx) {
        const item = reviewOfEntry(entry, ctx.settings);
        if (item) report(ctx, item);
      },
    },
  };
}

export default defineRule({
  id: "review-overdue",
  severity: "warning",
  doc: "A role, asset, risk, document, supplier or the SoA was not reviewed in time: its review clock (reviewed, else assigned, identified or approved_on) plus its interval (review_every, else the kind's default or, for a risk, its level's) lies before today, or it has no date at all. Clause 9.1 and 9.3 expect the ISMS kept current.",
  fix: "Review the entry and set `reviewed:` to today's date (the quick fix 'Mark reviewed today' does it).",
  ...reviewChecks(report),
});

function report(ctx: RuleContext, item: ReviewItem): void {
  const name = item.kind === "soa" ? REVIEW_NAMES.soa : `${REVIEW_NAMES[item.kind]} ${item.id}`;
  if (item.due === undefined)
    ctx.report(
      item.file,
      item.range,
      `${name} has never been reviewed (no reviewed date; review every ${formatDuration(item.interval)})`,
    );
  else if (item.due < ctx.today)
    ctx.report(
      item.file,
      item.range,
      `${name} is overdue for review: due ${formatDay(item.due)} (${ctx.today - item.due} days ago; review every ${formatDuration(item.interval)})`,
    );
}
