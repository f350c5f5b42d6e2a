import { kindRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, formatDuration } from "../../../values";
import { managementReviewDue, nextManagementReview } from "../domain";

export default defineRule({
  id: "management-review-overdue",
  severity: "warning",
  doc: "Top management has not reviewed the ISMS in time (clause 9.3.1: at planned intervals): no meeting of type management-review was held within the manifest's `management_review.every` (12 months by default) before today, or none was ever held. Reported once, on the first meetings file, or on the manifest when there is none, and not while a meeting has a syntax error; a workspace with neither is not an ISMS yet and gets no finding.",
  fix: "Hold the management review and record it in a meetings file: `type: management-review`, `held:` with its date, the 9.3.2 `inputs` it covered, its decisions and actions.",
  messages: {
    never:
      "No management review has been held (clause 9.3: top management reviews the ISMS every {{every}}){{next}}",
    overdue:
      "The last management review, {{id}}, was held on {{held}}: the next was due {{due}} ({{days}} days ago; every {{every}}){{next}}",
  },
  check(ctx) {
    const file = ctx.index.filesOfKind.get("meetings")?.[0] ?? ctx.index.manifests[0];
    if (!file) return;
    // A meeting with a syntax error may be the review that was held: wait for the error to be mended.
    if ((ctx.index.byKind.get("meeting") ?? []).some((m) => m.broken)) return;
    const { last, due, overdue } = managementReviewDue(ctx.index, ctx.settings, ctx.today);
    if (!overdue) return;
    const every = formatDuration(ctx.settings.managementReviewEvery);
    const planned = nextManagementReview(ctx.index, ctx.today);
    const next = planned
      ? `; ${planned.entry.id ?? "one"} is planned for ${formatDay(planned.planned)}`
      : "; none is planned";
    if (!last || due === undefined) ctx.report(file, kindRange(file), "never", { every, next });
    else
      ctx.report(file, kindRange(file), "overdue", {
        id: last.entry.id ?? "(no id)",
        held: formatDay(last.held),
        due: formatDay(due),
        days: ctx.today - due,
        every,
        next,
      });
  },
});
