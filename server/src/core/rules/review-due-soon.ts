import { dueSoonLimit } from "../settings";
import { formatDay } from "../values";
import { defineRule } from "./api";
import { reviewChecks } from "./review-overdue";

export default defineRule({
  id: "review-due-soon",
  severity: "information",
  doc: "A review falls due within the due-soon window (the manifest's `reviews.due_soon`, 30 days by default), so it can be planned before it is overdue.",
  fix: "Plan the review; once done, set `reviewed:` to its date.",
  messages: {
    today: "{{name}} is due for review on {{due}} (today)",
    soon: "{{name}} is due for review on {{due}} (in {{days}} days)",
  },
  ...reviewChecks((ctx, item) => {
    const limit = dueSoonLimit(ctx.settings, ctx.today);
    if (item.due === undefined || item.due < ctx.today || item.due > limit) return;
    const days = item.due - ctx.today;
    ctx.report(item.file, item.range, days === 0 ? "today" : "soon", {
      name: item.name,
      due: formatDay(item.due),
      days,
    });
  }),
});
