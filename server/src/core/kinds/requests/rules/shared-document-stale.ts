import { identityStamp, kindFacts } from "../../../aggregate";
import { absoluteRange, fieldRange, relativeRange, type Entry } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay, type Day } from "../../../values";
import type { WorkspaceIndex } from "../../../workspace";
import { staleShares } from "../domain";

/** What the rule says of a request: one finding per stale document it shares, relative to its chunk. */
function said(rq: Entry, index: WorkspaceIndex, today: Day) {
  const found = staleShares(index, rq, today).map((s) => {
    const data = { id: rq.id ?? "", document: s.id };
    const rel = relativeRange(rq, fieldRange(rq, ["shared", s.at]));
    return s.due === undefined
      ? { messageId: "never" as const, data, rel }
      : { messageId: "stale" as const, data: { ...data, due: formatDay(s.due) }, rel };
  });
  return found.length ? found : undefined;
}

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
    // Kept as facts of the requests while the documents, the settings and the day are the same
    // (core/aggregate.ts): a keystroke elsewhere costs nothing here.
    const { index, today } = ctx;
    const key = `stale:${today}|${identityStamp(index.byKind.get("document"))}|${identityStamp(index.settings)}`;
    for (const [rq, found] of kindFacts(index, "request", key, (rq) => said(rq, index, today)).list)
      for (const f of found) {
        ctx.report(rq.file, absoluteRange(rq, f.rel), f.messageId, f.data);
      }
  },
});
