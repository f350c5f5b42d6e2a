// Contacts with authorities (control A.5.5: the supervisory authority for a personal data breach, the
// police, the national CSIRT) and special interest groups (A.5.6).
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { contactHover } from "./present";
import breachNoAuthorityContact from "./rules/breach-no-authority-contact";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    contact: FieldsOf<typeof schema.definitions.contact>;
  }
}

export default defineKind({
  kind: "contacts",
  title: "Contacts",
  schema,
  collection: {
    key: "contacts",
    entry: {
      name: "contact",
      one: "contact",
      many: "contacts",
      symbol: "Struct",
      firstId: "CON-001",
      ownedRank: 12,
      hover: (e, ctx) => contactHover(e, ctx),
      refs: [{ field: "owner", target: "role" }],
      valueDocs: {
        type: {
          "supervisory-authority":
            "the data protection authority personal data breaches are notified to (the ICO)",
          regulator: "a sector regulator (financial, telecoms, health)",
          "law-enforcement": "the police and national crime reporting (Action Fraud)",
          csirt: "a computer security incident response team (the NCSC, a national CERT)",
          "certification-body": "the body that certifies the ISMS",
          "special-interest-group": "a forum or association of security professionals (A.5.6)",
          other: "any other authority or contact",
        },
      },
      review: {
        clocks: ["reviewed"],
        every: {
          key: "contacts",
          default: months(12),
          doc: "Default review interval of contacts (12 months).",
        },
        name: "Contact",
      },
      create: (id, today) => [`id: ${id}`, `organisation: ${id}`, "type: other", `reviewed: ${today}`],
    },
  },
  rules: [breachNoAuthorityContact],
});
