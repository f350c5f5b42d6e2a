// An objective's hover (status, owner, policy, due date, each metric's state, actions) and code lens
// ("2 metrics: 1 on target, 1 off target · due 2027-03-31").
import { actionsOf, actionStatus } from "../../action";
import type { Entry } from "../../model";
import { MAX_LIST } from "../../present";
import { reviewOfEntry } from "../../reviews";
import { str } from "../../rules/api";
import { display, formatDay, parseDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { metricLine } from "../metrics/domain";
import { FINISHED, metricsSummary, objectiveDue, objectiveMetrics } from "./domain";

export function objectiveHover(o: Entry, { index, today }: PresentContext): string[] {
  const v = o.value;
  const out = [`**${o.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  if (str(v.status)) out.push(`Status: ${display(v.status)}`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const policy = str(v.policy);
  if (policy) {
    const doc = index.defs.get(policy)?.find((e) => e.kind === "document");
    out.push(`Policy: ${policy}${doc && str(doc.value.title) ? ` (${display(doc.value.title)})` : ""}`);
  }
  const due = parseDay(v.due);
  if (due !== undefined)
    out.push(
      `Due: ${formatDay(due)} (${relativeDay(due, today)})${objectiveDue(o) !== undefined && due < today ? " · **overdue**" : ""}`,
    );
  const ms = objectiveMetrics(o, index, today);
  out.push("", ms.length ? `Metrics (${metricsSummary(ms).replace(/^[^:]*: /, "")}):` : "Metrics: none");
  for (const m of ms.slice(0, MAX_LIST))
    out.push(
      `- ${m.id}${m.metric && str(m.metric.value.title) ? ` ${display(m.metric.value.title)}` : ""}: ${m.metric ? metricLine(m.metric, index, today) : "no such metric"}`,
    );
  if (ms.length > MAX_LIST) out.push(`- and ${ms.length - MAX_LIST} more`);
  const states = actionsOf(o).map((a) => actionStatus(a.value, today).state);
  if (states.length) {
    const n = (s: string) => states.filter((x) => x === s).length;
    out.push("", `Actions: ${n("open")} open, ${n("overdue")} overdue, ${n("closed")} closed`);
  }
  const communicated = parseDay(v.communicated);
  if (communicated !== undefined) out.push(`Communicated: ${formatDay(communicated)}`);
  const review = reviewOfEntry(o, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}

export function objectiveLens(o: Entry, { index, today }: PresentContext): string {
  const parts = [metricsSummary(objectiveMetrics(o, index, today))];
  const status = o.value.status;
  if (typeof status === "string" && FINISHED.has(status)) parts.unshift(status);
  const due = parseDay(o.value.due);
  if (due !== undefined)
    parts.push(`due ${formatDay(due)}${objectiveDue(o) !== undefined && due < today ? " (overdue)" : ""}`);
  return parts.join(" · ");
}
