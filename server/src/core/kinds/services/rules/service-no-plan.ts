import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { display } from "../../../values";
import { NEEDS_PLAN, plansOfService } from "../../continuity/domain";

export default defineRule({
  id: "service-no-plan",
  severity: "warning",
  doc: "A service of criticality `critical` or `high` is listed in the `services:` of no continuity plan: nothing says how it is kept running or recovered after a disruption, although the business impact analysis says the organisation depends on it (controls A.5.29, A.5.30).",
  fix: "Add the service's id to the `services:` of the continuity plan that recovers it (or write one, in a `kind: continuity` file); if the service is not that critical, lower its `criticality`.",
  messages: {
    noPlan: "Service {{id}} ({{name}}) is {{criticality}} and no continuity plan lists it",
  },
  check(ctx) {
    for (const s of ctx.index.byKind.get("service") ?? []) {
      const criticality = str(s.value.criticality);
      if (!criticality || !NEEDS_PLAN.includes(criticality) || s.id === undefined) continue;
      if (plansOfService(ctx.index, s.id).length) continue;
      ctx.reportEntry(
        s,
        "noPlan",
        { id: s.id, name: str(s.value.name) ? display(s.value.name) : "no name", criticality },
        fieldRange(s, ["criticality"]),
      );
    }
  },
});
