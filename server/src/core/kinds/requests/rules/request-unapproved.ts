import { addFields, yamlScalar } from "../../../edits";
import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { formatDay, parseDay } from "../../../values";
import { unapproved } from "../domain";

export default defineRule({
  id: "request-unapproved",
  severity: "warning",
  doc: "An assurance request was answered (`answered:` has a date) but no role approved the answer (`approved_by:` is missing). What the organisation tells a client about its security is a commitment, often part of the contract: someone with the authority should approve it before it is sent (control A.5.14, clause 5.3).",
  fix: "Set `approved_by:` to the role that approved the answer; if nobody did, have it approved and tell the requester of any correction.",
  messages: {
    unapproved: "Request {{id}} was answered on {{answered}} without an approval (no approved_by)",
  },
  entry: {
    kinds: ["request"],
    check(rq, ctx) {
      const answered = parseDay(rq.value.answered);
      if (answered === undefined || !unapproved(rq)) return;
      ctx.reportEntry(
        rq,
        "unapproved",
        { id: rq.id ?? "", answered: formatDay(answered) },
        fieldRange(rq, ["answered"]),
      );
    },
  },
  fixes({ at }) {
    const rq = at.entry;
    if (rq?.kind !== "request" || rq.value.approved_by !== undefined) return [];
    const owner = str(rq.value.owner);
    return [
      {
        title: "Add approved_by",
        edits: [addFields(rq, [`approved_by: ${yamlScalar(owner ?? "role-id")}`])],
      },
    ];
  },
});
