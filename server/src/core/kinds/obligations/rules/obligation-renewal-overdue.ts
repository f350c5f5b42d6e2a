import { fieldRange } from "../../../model";
import { plural } from "../../../present";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { renewalOf } from "../domain";

export default defineRule({
  id: "obligation-renewal-overdue",
  severity: "warning",
  doc: "An obligation's renewal date (`renews`: a fee, a registration, a licence, an attestation or a certificate) has passed. A lapsed registration or attestation is a breach in itself (the ICO's data protection fee is a legal duty), and customers' contracts often require a current one.",
  fix: "Renew it and set `renews:` to the next renewal date (and `assessed:` to today); the Overdue view lists renewals before they fall due.",
  messages: { overdue: "Obligation {{id}} was due for renewal on {{renews}} ({{days}} ago)" },
  entry: {
    kinds: ["obligation"],
    check(ob, ctx) {
      const renews = renewalOf(ob);
      if (renews === undefined || renews >= ctx.today) return;
      ctx.reportEntry(
        ob,
        "overdue",
        { id: ob.id ?? "", renews: formatDay(renews), days: plural(ctx.today - renews, "day") },
        fieldRange(ob, ["renews"]),
      );
    },
  },
});
