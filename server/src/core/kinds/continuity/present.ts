// A continuity plan's hover (owner, document, its services against the latest test, the test clock) and
// code lens ("last test 2026-03-10 pass · next due 2027-03-10").
import type { Entry } from "../../model";
import { roleTitle } from "../../queries";
import { str } from "../../rules/api";
import { display, formatDay, formatDuration } from "../../values";
import type { PresentContext } from "../api";
import { testSummary } from "../services/present";
import { rtoChecks, testClock } from "./domain";

export function planHover(p: Entry, { index, today }: PresentContext): string[] {
  const v = p.value;
  const out = [`**${p.id ?? "(no id)"}** · ${str(v.title) ? display(v.title) : "(no title)"}`, ""];
  const owner = str(v.owner);
  const title = roleTitle(index, owner);
  const doc = str(v.document);
  out.push(
    `Owner: ${owner ? `${owner}${title ? ` (${title})` : ""}` : "none"}${doc ? ` · Document: ${doc}` : ""}`,
  );
  const c = testClock(p, index.settings, today);
  out.push(
    c.last
      ? `Last test: ${testSummary(c.last)} · next due ${formatDay(c.due)}${c.overdue ? " (**overdue**)" : ""}`
      : `Last test: **never tested** (a test is due every ${formatDuration(c.every)})`,
  );
  const checks = rtoChecks(index, p, today);
  if (!checks.length) out.push("", "Services: none");
  else {
    out.push("", "Services:");
    for (const s of checks) {
      const name = s.service && str(s.service.value.name) ? ` ${display(s.service.value.name)}` : "";
      const rto = s.rto ? `RTO ${formatDuration(s.rto)}` : "no RTO";
      const took = s.achieved ? formatDuration(s.achieved) : "";
      const verdict = s.met === true ? `: met (${took})` : s.met === false ? `: **not met** (${took})` : "";
      out.push(`- ${s.serviceId}${s.service ? name : " (no such service)"} · ${rto}${verdict}`);
    }
  }
  return out;
}

/** "last test 2026-03-10 pass · next due 2027-03-10"; "never tested". */
export function planLens(p: Entry, { index, today }: PresentContext): string {
  const c = testClock(p, index.settings, today);
  if (!c.last) return "never tested";
  return `last test ${formatDay(c.last.day)} ${c.last.result ?? "(no result)"} · next due ${formatDay(c.due)}`;
}
