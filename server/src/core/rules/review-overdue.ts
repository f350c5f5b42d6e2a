import { reviewedTodayEdit, reviewOfEntry, reviewOfFile, type ReviewItem } from "../reviews";
import { formatDay, formatDuration } from "../values";
import { defineRule, isIsmsFile, type Fix, type FixContext, type Rule, type RuleContext } from "./api";

/** The "Mark reviewed today" fix of a review finding. */
function markReviewed({ file, at, today, index }: FixContext): Fix[] {
  if (!isIsmsFile(file)) return [];
  return [
    {
      title: "Mark reviewed today",
      edits: [reviewedTodayEdit(file, at.entry, today, index)],
      preferred: true,
    },
  ];
}

/** The checks of a review rule: files reviewed as a whole, and every reviewable entry on its own. */
export function reviewChecks(
  report: (ctx: RuleContext, item: ReviewItem) => void,
): Pick<Rule, "check" | "entry" | "fixes"> {
  return {
    check(ctx) {
      for (const file of ctx.index.files) {
        const item = reviewOfFile(file, ctx.settings);
        if (item) report(ctx, item);
      }
    },
    entry: {
      kinds: (info) => info.spec.review !== undefined,
      check(entry, ctx) {
        const item = reviewOfEntry(entry, ctx.settings);
        if (item) report(ctx, item);
      },
    },
    fixes: markReviewed,
  };
}

export default defineRule({
  id: "review-overdue",
  severity: "warning",
  doc: "A role, asset, risk, document, supplier or the SoA was not reviewed in time: its review clock (reviewed, else assigned, identified or approved_on) plus its interval (review_every, else the kind's default or, for a risk, its level's) lies before today, or it has no date at all. Clause 9.1 and 9.3 expect the ISMS kept current.",
  fix: "Review the entry and set `reviewed:` to today's date (the quick fix 'Mark reviewed today' does it).",
  messages: {
    never: "{{name}} has never been reviewed (no reviewed date; review every {{every}})",
    overdue: "{{name}} is overdue for review: due {{due}} ({{days}} days ago; review every {{every}})",
  },
  ...reviewChecks((ctx, item) => {
    const every = formatDuration(item.interval);
    if (item.due === undefined) ctx.report(item.file, item.range, "never", { name: item.name, every });
    else if (item.due < ctx.today)
      ctx.report(item.file, item.range, "overdue", {
        name: item.name,
        due: formatDay(item.due),
        days: ctx.today - item.due,
        every,
      });
  }),
});
