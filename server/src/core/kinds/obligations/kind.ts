// The register of legal, statutory, regulatory and contractual requirements (clause 4.2 c; controls
// A.5.31 to A.5.34): what the ISMS must comply with, how it is met, and how well.
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { months } from "../../values";
import { defineKind } from "../api";
import { renewalOf } from "./domain";
import { obligationHover } from "./present";
import obligationNoControls from "./rules/obligation-no-controls";
import obligationNonCompliant from "./rules/obligation-non-compliant";
import obligationRenewalOverdue from "./rules/obligation-renewal-overdue";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    obligation: FieldsOf<typeof schema.definitions.obligation>;
  }
}

export default defineKind({
  kind: "obligations",
  title: "Obligations",
  schema,
  collection: {
    key: "obligations",
    entry: {
      name: "obligation",
      one: "obligation",
      many: "obligations",
      symbol: "Interface",
      firstId: "OB-001",
      ownedRank: 9,
      refs: [
        { field: "regulator", target: "contact" },
        { field: "parties", target: "party", many: true },
        { field: "controls", target: "control", many: true },
        { field: "documents", target: "document", many: true },
        { field: "owner", target: "role" },
      ],
      actions: [{ field: "actions", many: true }],
      review: {
        clocks: ["reviewed", "assessed"],
        every: {
          key: "obligations",
          default: months(12),
          doc: "Default review interval of obligations (12 months).",
        },
        name: "Obligation",
      },
      // A renewal (a fee, a licence, an attestation) falls due on its `renews:` date.
      due: {
        group: "renewals",
        title: "Renewals",
        label: "renewal",
        due(ob) {
          const day = renewalOf(ob);
          return day === undefined ? undefined : { day, owner: str(ob.value.owner) };
        },
      },
      create: (id, today) => [
        `id: ${id}`,
        `title: ${id}`,
        "type: other",
        "status: not-assessed",
        `reviewed: ${today}`,
      ],
      hover: (e, ctx) => obligationHover(e, ctx),
    },
  },
  rules: [obligationNoControls, obligationNonCompliant, obligationRenewalOverdue],
});
