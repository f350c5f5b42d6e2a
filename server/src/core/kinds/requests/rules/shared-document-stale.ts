import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { staleShares } from "../domain";

export default defineRule({
  id: "shared-document-stale",
  severity: "warning",
  doc: "An assurance request shares a document (`shared:`) that was overdue for review when it was shared: the document's review clock (its `reviewed`, else `approved_on`, plus its interval, as for review-overdue) fell due before the request was answered, or before today while it is open; or the document was never reviewed. A client relies on what it is sent: a stale policy may no longer say what the organisation does (clause 7.5.2, control A.5.1).",
  fix: "Review the document (and set its `reviewed:`) before sharing it; if it was already sent, send the reviewed version and note it.",
  messages: {
    stale: "Request {{id}} shares {{document}}, overdue for review since {{due}}",
    never: "Request {{id}} shares {{document}}, which has never been reviewed",
  },
  check(ctx) {
    for (const rq of ctx.index.byKind.get("request") ?? [])
      for (const s of staleShares(ctx.index, rq, ctx.today)) {
        const data = { id: rq.id ?? "", document: s.id };
        const range = fieldRange(rq, ["shared", s.at]);
        if (s.due === undefined) ctx.report(rq.file, range, "never", data);
        else ctx.report(rq.file, range, "stale", { ...data, due: formatDay(s.due) });
      }
  },
});
