import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { datedEvidenceOf } from "../domain";

export default defineRule({
  id: "evidence-expired",
  severity: "warning",
  doc: "An evidence item of an SoA control is past its validity: its `valid_until` is before today (a penetration test report, a certificate, a restore test older than it may be). The SoA then claims the control is evidenced by something an auditor will not accept.",
  fix: "Collect new evidence and record it (`path`, `collected`, `valid_until`), replacing or keeping the old item as history with a new one beside it.",
  messages: {
    expired: "{{control}}: the evidence '{{evidence}}' was valid until {{date}} ({{days}} days ago)",
  },
  entry: {
    kinds: ["control"],
    check(control, ctx) {
      for (const e of datedEvidenceOf(control, ctx.today))
        if (e.expired && e.validUntil !== undefined)
          ctx.reportEntry(
            control,
            "expired",
            {
              control: control.id ?? "",
              evidence: e.name,
              date: formatDay(e.validUntil),
              days: ctx.today - e.validUntil,
            },
            fieldRange(control, [...e.path, "valid_until"]),
          );
    },
  },
});
