// A kind that exists only in the tests (tests/unit/kind-folder.test.ts registers it): everything a kind
// gets from the engine, it gets from this folder alone.
import type { FieldsOf } from "../../../server/src/core/model";
import { defineKind } from "../../../server/src/core/kinds/api";
import { months } from "../../../server/src/core/values";
import widgetColourless from "./rules/widget-colourless";
import schema from "./schema.json";

declare module "../../../server/src/core/model" {
  interface EntryFields {
    widget: FieldsOf<typeof schema.definitions.widget>;
  }
}

export default defineKind({
  kind: "widgets",
  title: "Widgets",
  schema,
  collection: {
    key: "widgets",
    entry: {
      name: "widget",
      one: "widget",
      many: "widgets",
      symbol: "Struct",
      firstId: "W-001",
      ownedRank: 9,
      refs: [
        { field: "owner", target: "role" },
        { field: "depends_on", target: "widget", many: true },
      ],
      review: {
        clocks: ["reviewed"],
        every: { key: "widgets", default: months(6), doc: "Default review interval of widgets (6 months)." },
        name: "Widget",
      },
    },
  },
  rules: [widgetColourless],
});
