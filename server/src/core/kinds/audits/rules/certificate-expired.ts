import { headerRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, relativeDay } from "../../../values";
import { certificateName, certificateOf } from "../certification";

export default defineRule({
  id: "certificate-expired",
  severity: "error",
  doc: "The ISMS's certificate (the manifest's `certification.expires`) expired before today: the organisation is no longer certified, so neither it nor its reports may say so.",
  fix: "Record the new certificate in `certification:` (`issued`, `expires`, `number`) once the certification body has issued it, or remove `certification:` while the ISMS is not certified.",
  messages: { expired: "{{certificate}} expired on {{expires}} ({{when}}): the ISMS is no longer certified" },
  check(ctx) {
    const c = certificateOf(ctx.index);
    if (c?.expires === undefined || c.expires >= ctx.today) return;
    ctx.report(c.file, headerRange(c.file, "certification", ["expires"]), "expired", {
      certificate: certificateName(c),
      expires: formatDay(c.expires),
      when: relativeDay(c.expires, ctx.today),
    });
  },
});
