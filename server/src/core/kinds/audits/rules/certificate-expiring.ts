import { headerRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, relativeDay } from "../../../values";
import { certificateName, certificateOf, EXPIRY_WARNING_DAYS } from "../certification";

export default defineRule({
  id: "certificate-expiring",
  severity: "warning",
  doc: "The ISMS's certificate (the manifest's `certification.expires`) expires within 90 days, today included. Without a recertification audit and decision before that day the organisation can no longer claim certification, and customers' contracts often require it.",
  fix: "Plan the recertification audit with the certification body (an audit of `type: recertification`) and, once the new certificate is issued, update `certification:` (`issued`, `expires`, `number`).",
  messages: { expiring: "{{certificate}} expires {{when}}, on {{expires}}" },
  check(ctx) {
    const c = certificateOf(ctx.index);
    if (c?.expires === undefined) return;
    const days = c.expires - ctx.today;
    if (days < 0 || days > EXPIRY_WARNING_DAYS) return;
    ctx.report(c.file, headerRange(c.file, "certification", ["expires"]), "expiring", {
      certificate: certificateName(c),
      when: relativeDay(c.expires, ctx.today),
      expires: formatDay(c.expires),
    });
  },
});
