// Roles, responsibilities and authorities (clause 5.3, control A.5.2).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { roleHover, roleLens } from "./present";
import clause53Unassigned from "./rules/clause-5.3-unassigned";
import roleVacant from "./rules/role-vacant";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    role: FieldsOf<typeof schema.definitions.role>;
  }
}

export default defineKind({
  kind: "roles",
  title: "Roles",
  schema,
  collection: {
    key: "roles",
    entry: {
      name: "role",
      one: "role",
      many: "roles",
      symbol: "Class",
      hover: (e, ctx) => roleHover(e, ctx),
      lens: (e, ctx) => roleLens(e, ctx),
      firstId: "role-id",
      refs: [
        { field: "deputy", target: "role" },
        { field: "reports_to", target: "role" },
        { field: "owns", target: "ref", many: true },
      ],
      review: {
        clocks: ["reviewed", "assigned"],
        every: { key: "roles", default: months(12), doc: "Default review interval of roles (12 months)." },
        name: "Role",
      },
      create: (id, today) => [`id: ${id}`, `title: ${id}`, `assigned: ${today}`],
    },
  },
  rules: [roleVacant, clause53Unassigned],
});
