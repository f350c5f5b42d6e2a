// A meeting's hover (type, planned or held, chair, attendees, the 9.3.2 inputs covered and missing,
// decisions, actions, minutes) and code lens (its open actions).
import type { Entry } from "../../model";
import { MAX_LIST, plural } from "../../present";
import { roleTitle } from "../../queries";
import { list, str } from "../../rules/api";
import { display, formatDay, parseDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import {
  coveredInputs,
  inputLabel,
  isManagementReview,
  meetingActions,
  meetingState,
  missingInputs,
} from "./domain";

const TYPE_NAMES: Record<string, string> = {
  "management-review": "Management review (clause 9.3)",
  "security-forum": "Information security forum",
  "risk-committee": "Risk committee",
  other: "Meeting",
};

export function meetingHover(m: Entry, { index, today }: PresentContext): string[] {
  const v = m.value;
  const out = [`**${m.id ?? "(no id)"}** · ${str(v.title) ? display(v.title) : "(no title)"}`, ""];
  const type = typeof v.type === "string" ? (TYPE_NAMES[v.type] ?? display(v.type)) : "Meeting (no type)";
  const held = parseDay(v.held);
  const planned = parseDay(v.planned);
  const state = meetingState(v, today);
  const when =
    held !== undefined
      ? `held ${formatDay(held)} (${relativeDay(held, today)})`
      : planned !== undefined
        ? `planned ${formatDay(planned)} (${relativeDay(planned, today)})${state === "overdue" ? ", **not held**" : ""}`
        : "no date";
  out.push(`${type} · ${when}`);
  const chair = str(v.chair);
  if (chair) {
    const title = roleTitle(index, chair);
    out.push(`Chair: ${chair}${title ? ` (${title})` : ""}`);
  }
  const attendees = list(v.attendees)
    .map(display)
    .filter((a) => a !== "");
  if (attendees.length)
    out.push(
      `Attendees: ${attendees.slice(0, MAX_LIST).join(", ")}${attendees.length > MAX_LIST ? ` and ${attendees.length - MAX_LIST} more` : ""}`,
    );
  const covered = coveredInputs(m);
  const missing = missingInputs(m);
  if (isManagementReview(m) || covered.length) {
    out.push(`Inputs (9.3.2): ${covered.length ? covered.map((i) => i.letter).join(", ") : "none recorded"}`);
    if (isManagementReview(m) && missing.length)
      out.push("", "Missing inputs:", ...missing.map((i) => `- ${inputLabel(i)}`));
  }
  const decisions = list(v.decisions).length;
  if (decisions || isManagementReview(m)) out.push("", `Decisions: ${decisions}`);
  out.push(actionsLine(m, today));
  if (str(v.minutes)) out.push(`Minutes: ${display(v.minutes)}`);
  return out;
}

function actionsLine(m: Entry, today: PresentContext["today"]): string {
  const a = meetingActions(m, today);
  if (a.open + a.closed === 0) return "Actions: none";
  const open = a.open ? `${a.open} open${a.overdue ? ` (${a.overdue} overdue)` : ""}` : "none open";
  return `Actions: ${open}, ${a.closed} closed`;
}

/** "3 open actions · 1 overdue", "1 open action", "no open actions". */
export function meetingLens(m: Entry, { today }: PresentContext): string {
  const a = meetingActions(m, today);
  if (!a.open) return "no open actions";
  return `${plural(a.open, "open action")}${a.overdue ? ` · ${a.overdue} overdue` : ""}`;
}
