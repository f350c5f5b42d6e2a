// A service's hover: its criticality and owner, its recovery times (mtpd, rto, rpo), the plans that list
// it and its last test.
import type { Entry } from "../../model";
import { roleTitle } from "../../queries";
import { str } from "../../rules/api";
import { display, formatDay, formatDuration, type Duration } from "../../values";
import type { PresentContext } from "../api";
import { lastTestOfService, plansOfService, recoveryTimes, type DatedTest } from "../continuity/domain";

const dur = (d: Duration | undefined): string => (d ? formatDuration(d) : "not set");

/** "2026-03-10 failover pass, recovered in 3 hours". */
export function testSummary(t: DatedTest): string {
  const what = `${formatDay(t.day)} ${t.type ?? "test"} ${t.result ?? "(no result)"}`;
  return t.achieved ? `${what}, recovered in ${formatDuration(t.achieved)}` : what;
}

export function serviceHover(s: Entry, { index, today }: PresentContext): string[] {
  const v = s.value;
  const out = [`**${s.id ?? "(no id)"}** · ${str(v.name) ? display(v.name) : "(no name)"}`, ""];
  const owner = str(v.owner);
  const title = roleTitle(index, owner);
  out.push(
    `Criticality: ${str(v.criticality) ? display(v.criticality) : "not set"} · Owner: ${owner ? `${owner}${title ? ` (${title})` : ""}` : "none"}`,
  );
  const t = recoveryTimes(s);
  out.push(`MTPD ${dur(t.mtpd)} · RTO ${dur(t.rto)} · RPO ${dur(t.rpo)}`);
  const plans = plansOfService(index, s.id);
  out.push(
    plans.length
      ? `Plans: ${plans.map((p) => `${p.id}${str(p.value.title) ? ` (${display(p.value.title)})` : ""}`).join(", ")}`
      : "Plans: none",
  );
  const last = lastTestOfService(index, s.id, today);
  out.push(
    last ? `Last test: ${testSummary(last.test)} (${last.plan.id ?? "?"})` : "Last test: never tested",
  );
  return out;
}
