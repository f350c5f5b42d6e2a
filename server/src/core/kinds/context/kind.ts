// The context of the organisation (clause 4.1): external and internal issues, the risks they bear on, and
// the manifest's climate change decision (2024 amendment to clauses 4.1 and 4.2).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { issueHover } from "./present";
import climateChangeNotConsidered from "./rules/climate-change-not-considered";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    issue: FieldsOf<typeof schema.definitions.issue>;
  }
}

export default defineKind({
  kind: "context",
  title: "Context",
  schema,
  collection: {
    key: "issues",
    entry: {
      name: "issue",
      one: "context issue",
      many: "context issues",
      symbol: "Constant",
      firstId: "CTX-001",
      ownedRank: 10,
      hover: (e, ctx) => issueHover(e, ctx),
      refs: [
        { field: "risks", target: "risk", many: true },
        { field: "owner", target: "role" },
      ],
      valueDocs: {
        origin: {
          external: "arises outside the organisation: legal, market, technology, climate, suppliers",
          internal: "arises inside the organisation: culture, structure, resources, systems, people",
        },
      },
      review: {
        clocks: ["reviewed", "identified"],
        every: {
          key: "context",
          default: months(12),
          doc: "Default review interval of context issues (12 months).",
        },
        name: "Context issue",
      },
    },
  },
  rules: [climateChangeNotConsidered],
});
