import { identityStamp, kindFacts } from "../../../aggregate";
import { absoluteRange, fieldRange, relativeRange, type Entry } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { display } from "../../../values";
import type { WorkspaceIndex } from "../../../workspace";
import { NEEDS_PLAN, plansOfService } from "../../continuity/domain";

/** What the rule says of a service (undefined: nothing), its range relative to the service's chunk. */
function said(s: Entry, index: WorkspaceIndex) {
  const criticality = str(s.value.criticality);
  if (!criticality || !NEEDS_PLAN.includes(criticality) || s.id === undefined) return undefined;
  if (plansOfService(index, s.id).length) return undefined;
  return {
    data: { id: s.id, name: str(s.value.name) ? display(s.value.name) : "no name", criticality },
    rel: relativeRange(s, fieldRange(s, ["criticality"])),
  };
}

export default defineRule({
  id: "service-no-plan",
  severity: "warning",
  doc: "A service of criticality `critical` or `high` is listed in the `services:` of no continuity plan: nothing says how it is kept running or recovered after a disruption, although the business impact analysis says the organisation depends on it (controls A.5.29, A.5.30).",
  fix: "Add the service's id to the `services:` of the continuity plan that recovers it (or write one, in a `kind: continuity` file); if the service is not that critical, lower its `criticality`.",
  messages: {
    noPlan: "Service {{id}} ({{name}}) is {{criticality}} and no continuity plan lists it",
  },
  check(ctx) {
    // Kept as facts of the services while the plans are the same (core/aggregate.ts).
    const key = `noplan:${identityStamp(ctx.index.byKind.get("plan"))}`;
    for (const [s, f] of kindFacts(ctx.index, "service", key, (s) => said(s, ctx.index)).list)
      ctx.reportEntry(s, "noPlan", f.data, absoluteRange(s, f.rel));
  },
});
