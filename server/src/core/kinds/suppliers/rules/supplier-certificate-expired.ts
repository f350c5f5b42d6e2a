import { fieldRange } from "../../../model";
import { plural } from "../../../present";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { certificatesOf } from "../domain";

export default defineRule({
  id: "supplier-certificate-expired",
  severity: "warning",
  doc: "A certificate of a supplier (`certificates: [{ name, expires }]`) expired before today. Control A.5.22 expects the supplier's security to be monitored; an expired ISO/IEC 27001 certificate or an out-of-date SOC 2 report is assurance the organisation no longer has.",
  fix: "Obtain the renewed certificate (or the latest report), update `expires:` and `evidence:`, and record a `certificate-review` assessment; if it was not renewed, assess the supplier another way.",
  messages: {
    expired: "Supplier {{id}}: the certificate '{{name}}' expired on {{expires}} ({{days}} ago)",
  },
  entry: {
    kinds: ["supplier"],
    check(s, ctx) {
      for (const c of certificatesOf(s.value)) {
        if (c.expires === undefined || c.expires >= ctx.today) continue;
        ctx.reportEntry(
          s,
          "expired",
          {
            id: s.id ?? "",
            name: c.name,
            expires: formatDay(c.expires),
            days: plural(ctx.today - c.expires, "day"),
          },
          fieldRange(s, ["certificates", c.index, "expires"]),
        );
      }
    },
  },
});
