import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { parseInstant } from "../../../values";

const LIMIT_MS = 72 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";

export default defineRule({
  id: "breach-notification-late",
  severity: "error",
  doc: "A personal data breach must be notified to the supervisory authority within 72 hours of becoming aware of it (GDPR art. 33; control A.5.34). Reported when `authority_notified` is more than 72 hours after `detected`, or when there is no notification and 72 hours have passed. Times without a zone are read as UTC.",
  fix: "Notify the authority now and record `authority_notified:`; document the reasons for the delay with the notification.",
  messages: {
    late: "Incident {{id}}: authority notified {{hours}} hours after detection (limit 72)",
    missing:
      "Incident {{id}} is a personal data breach and the authority was not notified; the 72 hours ran out at {{deadline}}",
  },
  entry: {
    kinds: ["incident"],
    check(i, ctx) {
      if (i.value.personal_data_breach !== true) return;
      const detected = parseInstant(i.value.detected);
      if (detected === undefined) return;
      const notified = parseInstant(i.value.authority_notified);
      const id = i.id ?? "";
      if (notified !== undefined) {
        if (notified - detected > LIMIT_MS)
          ctx.reportEntry(
            i,
            "late",
            { id, hours: Math.round((notified - detected) / 3_600_000) },
            fieldRange(i, ["authority_notified"]),
          );
      } else if (ctx.now - detected > LIMIT_MS)
        ctx.reportEntry(
          i,
          "missing",
          { id, deadline: iso(detected + LIMIT_MS) },
          fieldRange(i, ["personal_data_breach"]),
        );
    },
  },
});
