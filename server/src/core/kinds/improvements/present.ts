// An improvement's hover: type and source, where it comes from, its action's state and the review of
// the action's effectiveness.
import { actionsOf, actionStatus } from "../../action";
import type { Entry } from "../../model";
import { list, str } from "../../rules/api";
import { display, formatDay, parseDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { effectivenessState } from "./domain";

export function improvementHover(imp: Entry, { index, today }: PresentContext): string[] {
  const v = imp.value;
  const out = [`**${imp.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  const type = display(v.type) || "(no type)";
  out.push(`${type[0].toUpperCase()}${type.slice(1)}${str(v.source) ? ` from ${display(v.source)}` : ""}`);
  const raised = parseDay(v.raised);
  if (raised !== undefined)
    out.push(`Raised: ${formatDay(raised)}${str(v.raised_by) ? ` by ${display(v.raised_by)}` : ""}`);
  const refs = list(v.refs).map(display).filter(Boolean);
  if (refs.length) out.push(`Refs: ${refs.join(", ")}`);
  if (str(v.root_cause)) out.push(`Root cause: ${display(v.root_cause)}`);
  const action = actionsOf(imp)[0];
  if (!action) out.push("Action: none");
  else {
    const s = actionStatus(action.value, today);
    const when =
      s.state === "closed" && s.closed !== undefined
        ? ` on ${formatDay(s.closed)}`
        : s.due !== undefined
          ? `, due ${formatDay(s.due)} (${relativeDay(s.due, today)})`
          : "";
    out.push(
      `Action: ${s.state}${when}${str(action.value.owner) ? ` · ${display(action.value.owner)}` : ""}`,
    );
    const e = effectivenessState(imp, action.value, index.settings, today);
    if (e.state === "recorded" && e.record)
      out.push(
        `Effectiveness: ${e.record.effective === false ? "not effective" : e.record.effective ? "effective" : "reviewed"}${e.record.date !== undefined ? ` (${formatDay(e.record.date)})` : ""}`,
      );
    else if (e.state === "pending" || e.state === "overdue")
      out.push(
        `Effectiveness review: due ${formatDay(e.due)} (${relativeDay(e.due, today)})${e.state === "overdue" ? ", not recorded" : ""}`,
      );
  }
  return out;
}
