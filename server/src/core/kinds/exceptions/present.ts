// A policy exception's hover and code lens: its status, who approved it and when, when it expires and
// how many days are left, and what it departs from.
import type { Entry } from "../../model";
import { plural } from "../../present";
import { list, str } from "../../rules/api";
import { display, formatDay, type Day } from "../../values";
import type { PresentContext } from "../api";
import { stateOf, type ExceptionState } from "./domain";

/** "expires 2027-01-10 (42 days left)", "expired 2026-11-01 (28 days ago)", "expires today". */
function expiry(s: ExceptionState, today: Day): string | undefined {
  if (s.expires === undefined) return undefined;
  const d = s.expires - today;
  const at = formatDay(s.expires);
  if (d === 0) return `expires ${at} (today)`;
  return d > 0 ? `expires ${at} (${plural(d, "day")} left)` : `expired ${at} (${plural(-d, "day")} ago)`;
}

export function exceptionHover(ex: Entry, { index, today }: PresentContext): string[] {
  const v = ex.value;
  const s = stateOf(ex, index.settings, today);
  const out = [`**${ex.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  out.push(`Status: ${s.status ?? "not recorded"}`);
  if (s.approvedBy || s.approvedOn !== undefined)
    out.push(
      `Approved by: ${s.approvedBy ?? "not recorded"}${s.approvedOn !== undefined ? ` on ${formatDay(s.approvedOn)}` : ""}`,
    );
  const exp = expiry(s, today);
  if (exp) out.push(`Expiry: ${exp}`);
  else if (s.approved) out.push("Expiry: not recorded");
  if (s.length !== undefined) out.push(`Duration: ${plural(s.length, "day")}`);
  if (str(v.requested_by)) out.push(`Requested by: ${display(v.requested_by)}`);
  if (str(v.policy)) out.push(`Policy: ${display(v.policy)}`);
  const controls = list(v.controls).map(display).filter(Boolean);
  if (controls.length) out.push(`Controls: ${controls.join(", ")}`);
  const assets = list(v.assets).map(display).filter(Boolean);
  if (assets.length) out.push(`Assets: ${assets.join(", ")}`);
  if (str(v.risk)) out.push(`Risk: ${display(v.risk)}`);
  out.push(`Compensating: ${s.compensating.length ? s.compensating.join("; ") : "none"}`);
  return out;
}

/** "approved by iso · expires 2027-01-10 (42 days left)", "requested", "closed". */
export function exceptionLens(ex: Entry, { index, today }: PresentContext): string | undefined {
  const s = stateOf(ex, index.settings, today);
  if (!s.status) return undefined;
  if (!s.approved) return s.status;
  const parts = [`approved${s.approvedBy ? ` by ${s.approvedBy}` : ""}`];
  parts.push(expiry(s, today) ?? "no expiry");
  return parts.join(" · ");
}
