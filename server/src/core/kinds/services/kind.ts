// The business impact analysis (controls A.5.29, A.5.30): the services the organisation delivers, the
// assets and suppliers each depends on, its criticality and its recovery times (mtpd, rto, rpo).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { serviceHover } from "./present";
import rtoExceedsMtpd from "./rules/rto-exceeds-mtpd";
import serviceNoPlan from "./rules/service-no-plan";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    service: FieldsOf<typeof schema.definitions.service>;
  }
}

export default defineKind({
  kind: "services",
  title: "Services",
  schema,
  collection: {
    key: "services",
    entry: {
      name: "service",
      one: "service",
      many: "services",
      symbol: "Module",
      firstId: "SVC-001",
      refs: [
        { field: "owner", target: "role" },
        { field: "assets", target: "asset", many: true },
        { field: "suppliers", target: "supplier", many: true },
      ],
      review: {
        clocks: ["reviewed"],
        every: {
          key: "services",
          default: months(12),
          doc: "Default review interval of the services of the business impact analysis (12 months).",
        },
        name: "Service",
      },
      valueDocs: {
        criticality: {
          critical: "the organisation cannot operate without it: needs a continuity plan",
          high: "a disruption does serious harm within days: needs a continuity plan",
          medium: "a disruption is a nuisance that can be worked around for a while",
          low: "a disruption can wait for normal repair",
        },
      },
      create: (id, today) => [
        `id: ${id}`,
        `name: ${id}`,
        "owner: role-id",
        "criticality: medium",
        `reviewed: ${today}`,
      ],
      hover: (e, ctx) => serviceHover(e, ctx),
    },
  },
  rules: [rtoExceedsMtpd, serviceNoPlan],
});
