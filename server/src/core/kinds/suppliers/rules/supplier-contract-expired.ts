import { fieldRange } from "../../../model";
import { plural } from "../../../present";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { contractOf } from "../domain";

export default defineRule({
  id: "supplier-contract-expired",
  severity: "warning",
  doc: "A supplier's contract ended (`contract: { end }` is before today) while the supplier is still in the register. Control A.5.20 expects the information security requirements to be agreed in the supplier agreement; once it ends, the supplier works under no agreed requirements (and A.5.22 expects changes to the relationship to be managed).",
  fix: "Renew the contract and record its new `end:` (and `start:`), or, if the relationship has ended, remove the supplier once its exit (return or deletion of data, revoked access) is done.",
  messages: {
    ended: "Supplier {{id}}: the contract{{ref}} ended on {{end}} ({{days}} ago)",
  },
  entry: {
    kinds: ["supplier"],
    check(s, ctx) {
      const c = contractOf(s.value);
      if (c?.end === undefined || c.end >= ctx.today) return;
      ctx.reportEntry(
        s,
        "ended",
        {
          id: s.id ?? "",
          ref: c.ref ? ` ${c.ref}` : "",
          end: formatDay(c.end),
          days: plural(ctx.today - c.end, "day"),
        },
        fieldRange(s, ["contract", "end"]),
      );
    },
  },
});
