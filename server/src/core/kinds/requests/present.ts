// A request's hover (type, requester, received and due, answered and approved, what was shared and which
// library answers were used) and code lens (its state).
import type { Entry } from "../../model";
import { MAX_LIST } from "../../present";
import { roleTitle } from "../../queries";
import { list, str } from "../../rules/api";
import { display, formatDay, parseDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { requesterName, requestState, staleShares } from "./domain";

const TYPE_NAMES: Record<string, string> = {
  questionnaire: "Security questionnaire",
  audit: "Audit",
  "document-request": "Document request",
  "contract-review": "Contract review",
};

const ids = (v: unknown): string => {
  const all = list(v).map(display).filter(Boolean);
  return (
    all.slice(0, MAX_LIST).join(", ") + (all.length > MAX_LIST ? ` and ${all.length - MAX_LIST} more` : "")
  );
};

export function requestHover(rq: Entry, { index, today }: PresentContext): string[] {
  const v = rq.value;
  const out = [`**${rq.id ?? "(no id)"}** · ${str(v.title) ? display(v.title) : "(no title)"}`, ""];
  const type = typeof v.type === "string" ? (TYPE_NAMES[v.type] ?? display(v.type)) : "Request (no type)";
  const from = requesterName(index, v.from);
  out.push(`${type}${from ? ` from ${from}` : ""}`);
  const received = parseDay(v.received);
  if (received !== undefined) out.push(`Received: ${formatDay(received)}`);
  const due = parseDay(v.due);
  const answered = parseDay(v.answered);
  if (due !== undefined)
    out.push(
      `Due: ${formatDay(due)}${answered === undefined ? ` (${requestState(rq, today) === "overdue" ? `**overdue**, ${relativeDay(due, today)}` : relativeDay(due, today)})` : ""}`,
    );
  if (answered !== undefined) {
    const by = str(v.approved_by);
    const title = by && roleTitle(index, by);
    out.push(
      `Answered: ${formatDay(answered)} · ${by ? `approved by ${by}${title ? ` (${title})` : ""}` : "**not approved**"}`,
    );
  } else out.push("Answered: not yet");
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const shared = ids(v.shared);
  if (shared)
    out.push(`Shared: ${shared}${v.nda === true ? " (under NDA)" : v.nda === false ? " (no NDA)" : ""}`);
  const stale = staleShares(index, rq, today);
  if (stale.length) out.push(`Overdue for review when shared: ${stale.map((s) => s.id).join(", ")}`);
  const answers = ids(v.answers);
  out.push(`Answers used: ${answers || "none"}`);
  return out;
}

/** "answered 2026-10-02 · approved by iso", "due 2026-12-10 (in 11 days)", "overdue since 2026-11-20". */
export function requestLens(rq: Entry, { today }: PresentContext): string | undefined {
  const v = rq.value;
  const answered = parseDay(v.answered);
  if (answered !== undefined)
    return `answered ${formatDay(answered)} · ${str(v.approved_by) ? `approved by ${display(v.approved_by)}` : "not approved"}`;
  const due = parseDay(v.due);
  if (due === undefined) return "open · no due date";
  return requestState(rq, today) === "overdue"
    ? `overdue since ${formatDay(due)}`
    : `due ${formatDay(due)} (${relativeDay(due, today)})`;
}
