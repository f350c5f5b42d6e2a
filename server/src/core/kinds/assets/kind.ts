// The asset inventory (control A.5.9).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    asset: FieldsOf<typeof schema.definitions.asset>;
  }
}

export default defineKind({
  kind: "assets",
  title: "Assets",
  schema,
  collection: {
    key: "assets",
    entry: {
      name: "asset",
      one: "asset",
      many: "assets",
      symbol: "Object",
      firstId: "AS-001",
      ownedRank: 2,
      refs: [{ field: "owner", target: "role" }],
      review: {
        clocks: ["reviewed"],
        every: { key: "assets", default: months(12), doc: "Default review interval of assets (12 months)." },
        name: "Asset",
      },
      create: (id, today) => [`id: ${id}`, `name: ${id}`, `reviewed: ${today}`],
    },
  },
});
