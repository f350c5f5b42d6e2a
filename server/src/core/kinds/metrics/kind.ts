// Monitoring, measurement, analysis and evaluation (clause 9.1): metrics with their target and period,
// derived from the other records or measured by hand.
import type { FieldsOf } from "../../model";
import { defineKind } from "../api";
import { metricHover, metricLens } from "./present";
import metricOffTarget from "./rules/metric-off-target";
import metricStale from "./rules/metric-stale";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    metric: FieldsOf<typeof schema.definitions.metric>;
  }
}

export default defineKind({
  kind: "metrics",
  title: "Metrics",
  schema,
  collection: {
    key: "metrics",
    entry: {
      name: "metric",
      one: "metric",
      many: "metrics",
      symbol: "Constant",
      firstId: "KPI-001",
      ownedRank: 10,
      hover: (e, ctx) => metricHover(e, ctx),
      lens: (e, ctx) => metricLens(e, ctx),
      refs: [{ field: "owner", target: "role" }],
      // The quick fix of an unknown metric: what it measures, its target and period are the officer's.
      create: (id) => [`id: ${id}`, `title: ${id}`],
    },
  },
  rules: [metricStale, metricOffTarget],
});
