import type { Entry } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { fieldRange } from "../../../model";
import { parseInstant } from "../../../values";

const LIMIT_MS = 72 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";

/** How late a personal data breach was notified (hours after detection), when it was over the 72 hours. */
export function lateNotification(i: Entry<"incident">): { hours: number; reason?: string } | undefined {
  if (i.value.personal_data_breach !== true) return undefined;
  const detected = parseInstant(i.value.detected);
  const notified = parseInstant(i.value.authority_notified);
  if (detected === undefined || notified === undefined || notified - detected <= LIMIT_MS) return undefined;
  return {
    hours: Math.round((notified - detected) / 3_600_000),
    reason: str(i.value.notification_delay_reason),
  };
}

export default defineRule({
  id: "breach-notification-late",
  severity: "error",
  doc: "A personal data breach must be notified to the supervisory authority within 72 hours of becoming aware of it (GDPR art. 33; control A.5.34). Reported when `authority_notified` is more than 72 hours after `detected`, or when there is no notification and 72 hours have passed. Times without a zone are read as UTC. A late notification whose reasons are recorded (`notification_delay_reason`, as art. 33(1) asks) stays a finding, as a warning, with the reasons in the message and in the management review.",
  fix: "Notify the authority now and record `authority_notified:`; with a late notification, record the reasons for the delay in `notification_delay_reason:` (and the authority's reference in `authority_reference:`).",
  messages: {
    late: "Incident {{id}}: authority notified {{hours}} hours after detection (limit 72)",
    lateWithReason:
      "Incident {{id}}: authority notified {{hours}} hours after detection (limit 72); reasons recorded: {{reason}}",
    missing:
      "Incident {{id}} is a personal data breach and the authority was not notified; the 72 hours ran out at {{deadline}}",
  },
  // With its reasons recorded, a late notification is a warning, not an error.
  severityOf: (messageId) => (messageId === "lateWithReason" ? "warning" : undefined),
  entry: {
    kinds: ["incident"],
    check(i, ctx) {
      if (i.value.personal_data_breach !== true) return;
      const detected = parseInstant(i.value.detected);
      if (detected === undefined) return;
      const notified = parseInstant(i.value.authority_notified);
      const id = i.id ?? "";
      const late = lateNotification(i);
      if (late)
        ctx.reportEntry(
          i,
          late.reason ? "lateWithReason" : "late",
          late.reason ? { id, hours: late.hours, reason: late.reason } : { id, hours: late.hours },
          fieldRange(i, ["authority_notified"]),
        );
      else if (notified === undefined && ctx.now - detected > LIMIT_MS)
        ctx.reportEntry(
          i,
          "missing",
          { id, deadline: iso(detected + LIMIT_MS) },
          fieldRange(i, ["personal_data_breach"]),
        );
    },
  },
});
