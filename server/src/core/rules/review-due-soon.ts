import type { ReviewItem } from "../reviews";
import { dueSoonLimit } from "../settings";
import { formatDay } from "../values";
import { defineRule, type RuleContext } from "./api";
import { REVIEW_NAMES, reviewChecks } from "./review-overdue";

export default defineRule({
  id: "review-due-soon",
  severity: "information",
  doc: "A review falls due within the due-soon window (the manifest's `reviews.due_soon`, 30 days by default), so it can be planned before it is overdue.",
  fix: "Plan the review; once done, set `reviewed:` to its date.",
  ...reviewChecks(report),
});

function report(ctx: RuleContext, item: ReviewItem): void {
  const limit = dueSoonLimit(ctx.settings, ctx.today);
  if (item.due === undefined || item.due < ctx.today || item.due > limit) return;
  const name = item.kind === "soa" ? REVIEW_NAMES.soa : `${REVIEW_NAMES[item.kind]} ${item.id}`;
  const days = item.due - ctx.today;
  ctx.report(
    item.file,
    item.range,
    `${name} is due for review on ${formatDay(item.due)} (${days === 0 ? "today" : `in ${days} days`})`,
  );
}
