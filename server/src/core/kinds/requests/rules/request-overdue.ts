import { fieldRange } from "../../../model";
import { plural } from "../../../present";
import { defineRule, str } from "../../../rules/api";
import { display, formatDay, parseDay } from "../../../values";
import { requestState } from "../domain";

export default defineRule({
  id: "request-overdue",
  severity: "warning",
  doc: "An assurance request from a client (a security questionnaire, an audit, a document request, a contract review) was due before today and has no `answered:` date. A late answer can hold up a contract or a renewal, and control A.5.14 and the client's contract usually set the time to respond.",
  fix: "Answer the request and set `answered:` to the day it was sent (with `approved_by:`), or agree a new date with the requester and set `due:`.",
  messages: {
    overdue: "Request {{id}} from {{from}} was due on {{due}} ({{days}} ago) and is not answered",
  },
  entry: {
    kinds: ["request"],
    check(rq, ctx) {
      const due = parseDay(rq.value.due);
      if (due === undefined || requestState(rq, ctx.today) !== "overdue") return;
      ctx.reportEntry(
        rq,
        "overdue",
        {
          id: rq.id ?? "",
          from: str(rq.value.from) ? display(rq.value.from) : "an unnamed requester",
          due: formatDay(due),
          days: plural(ctx.today - due, "day"),
        },
        fieldRange(rq, ["due"]),
      );
    },
  },
});
