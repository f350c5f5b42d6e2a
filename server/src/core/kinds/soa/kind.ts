// The Statement of Applicability (clause 6.1.3 d): every Annex A control, applicable or not, with
// justification. Its entries are keyed by control id.
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { controlEntryHover, controlLens } from "./present";
import soaControlUnmapped from "./rules/soa-control-unmapped";
import soaMissingControl from "./rules/soa-missing-control";
import soaNoJustification from "./rules/soa-no-justification";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    control: FieldsOf<typeof schema.definitions.control>;
  }
}

export default defineKind({
  kind: "soa",
  title: "Statement of Applicability",
  schema,
  collection: {
    key: "controls",
    map: true,
    entry: {
      name: "control",
      one: "SoA control",
      many: "SoA controls",
      symbol: "Interface",
      hover: (e, ctx) => controlEntryHover(e, ctx),
      lens: (e, ctx) => controlLens(e, ctx),
      ownedRank: 3,
      refs: [{ field: "owner", target: "role" }],
      paths: [{ field: "evidence", many: true, orText: true }],
    },
  },
  headerRefs: [{ field: "approved_by", target: "role" }],
  fileReview: {
    clocks: ["reviewed", "approved_on"],
    every: {
      key: "soa",
      default: months(12),
      doc: "Review interval of the Statement of Applicability (12 months).",
    },
    name: "The Statement of Applicability",
    label: "SoA review",
    title: (h) =>
      `Statement of Applicability${typeof h.version === "string" || typeof h.version === "number" ? ` v${h.version}` : ""}`,
    owner: "approved_by",
  },
  rules: [soaMissingControl, soaNoJustification, soaControlUnmapped],
});
