// Interested parties (clause 4.2): who they are, their requirements and what addresses each (obligations,
// documents, controls), and their feedback (an input of the management review, 9.3.2 e).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { partyHover } from "./present";
import partyRequirementUnaddressed from "./rules/party-requirement-unaddressed";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    party: FieldsOf<typeof schema.definitions.party>;
  }
}

export default defineKind({
  kind: "parties",
  title: "Interested parties",
  schema,
  collection: {
    key: "parties",
    entry: {
      name: "party",
      one: "interested party",
      many: "interested parties",
      symbol: "Object",
      firstId: "IP-001",
      ownedRank: 11,
      hover: (e, ctx) => partyHover(e, ctx),
      refs: [
        { field: "owner", target: "role" },
        { field: "requirements.*.via", target: "obligation|document|control", many: true },
      ],
      valueDocs: {
        type: {
          customer: "buys or uses the organisation's products and services",
          regulator: "a supervisory authority or regulator with powers over the organisation",
          staff: "employees, contractors and temporary staff",
          supplier: "provides products or services, a cloud provider among them",
          shareholder: "owns the organisation or invests in it (the board, investors)",
          "certification-body": "audits and certifies the ISMS",
          partner: "works with the organisation: resellers, integrators, joint ventures",
          public: "the communities and the public the organisation affects",
          other: "any other interested party",
        },
      },
      review: {
        clocks: ["reviewed"],
        every: {
          key: "parties",
          default: months(12),
          doc: "Default review interval of interested parties (12 months).",
        },
        name: "Interested party",
      },
      create: (id, today) => [`id: ${id}`, `name: ${id}`, "type: other", `reviewed: ${today}`],
    },
  },
  rules: [partyRequirementUnaddressed],
});
