import { actionStatus } from "../../../action";
import { defineRule, str } from "../../../rules/api";
import { formatDay } from "../../../values";

export default defineRule({
  id: "nonconformity-no-root-cause",
  severity: "warning",
  doc: "A nonconformity's corrective action is closed but no root cause is recorded. Clause 10.2 b) requires determining the causes of the nonconformity; an action that treats no known cause may only correct the symptom, and an auditor asks for the cause first.",
  fix: "Write why the nonconformity happened in `root_cause:` (the cause the action eliminates), or reopen the action if the cause is still unknown.",
  messages: {
    none: "Nonconformity {{id}} has its action closed on {{closed}} but no root cause is recorded",
  },
  entry: {
    kinds: ["improvement"],
    check(imp, ctx) {
      if (imp.value.type !== "nonconformity") return;
      // A root cause of another type (a list, a mapping) is the schema rule's finding, not this one's.
      const rc = imp.value.root_cause;
      if (rc !== undefined && rc !== null && (typeof rc !== "string" || str(rc))) return;
      const s = actionStatus(imp.value.action, ctx.today);
      if (s.closed === undefined) return;
      ctx.reportEntry(imp, "none", { id: imp.id ?? "", closed: formatDay(s.closed) });
    },
  },
});
