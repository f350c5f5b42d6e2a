// The risk register (clauses 6.1.2, 6.1.3, 8.2, 8.3). Score = likelihood x impact.
import type { FieldsOf } from "../../model";
import { defineKind } from "../api";
import { riskHover, riskLens } from "./present";
import acceptanceExpired from "./rules/acceptance-expired";
import mitigationNoPlan from "./rules/mitigation-no-plan";
import residualAboveInherent from "./rules/residual-above-inherent";
import riskAboveAppetite from "./rules/risk-above-appetite";
import riskNoControls from "./rules/risk-no-controls";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    risk: FieldsOf<typeof schema.definitions.risk>;
  }
}

export default defineKind({
  kind: "risks",
  title: "Risks",
  schema,
  collection: {
    key: "risks",
    entry: {
      name: "risk",
      one: "risk",
      many: "risks",
      symbol: "Event",
      hover: (e, ctx) => riskHover(e, ctx),
      lens: (e, ctx) => riskLens(e, ctx),
      firstId: "R-001",
      ownedRank: 1,
      refs: [
        { field: "assets", target: "asset", many: true },
        { field: "owner", target: "role" },
        { field: "controls", target: "control", many: true },
        { field: "accepted_by", target: "role" },
        { field: "plan_approved_by", target: "role" },
      ],
      // The risk treatment plan (clause 6.1.3 e).
      actions: [{ field: "actions", many: true }],
      review: { clocks: ["reviewed", "identified"], every: "risk-level", name: "Risk" },
    },
  },
  rules: [riskAboveAppetite, acceptanceExpired, riskNoControls, residualAboveInherent, mitigationNoPlan],
});
