// The supplier register (controls A.5.19 to A.5.22).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import questionnaireOutstanding from "./rules/questionnaire-outstanding";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    supplier: FieldsOf<typeof schema.definitions.supplier>;
  }
}

export default defineKind({
  kind: "suppliers",
  title: "Suppliers",
  schema,
  collection: {
    key: "suppliers",
    entry: {
      name: "supplier",
      one: "supplier",
      many: "suppliers",
      symbol: "Package",
      firstId: "SUP-001",
      ownedRank: 5,
      refs: [{ field: "owner", target: "role" }],
      review: {
        clocks: ["reviewed"],
        every: {
          key: "suppliers",
          default: months(12),
          doc: "Default review interval of suppliers (12 months).",
        },
        name: "Supplier",
      },
    },
  },
  rules: [questionnaireOutstanding],
});
