// The Statement of Applicability (clause 6.1.3 d): every Annex A control, applicable or not, with
// justification. Its entries are keyed by control id.
import { CONTROL_BY_ID } from "../../catalogue";
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { months } from "../../values";
import { defineKind } from "../api";
import { checksOf, datedEvidenceOf, METHOD_DOCS, RESULT_DOCS } from "./domain";
import { controlEntryHover, controlLens } from "./present";
import controlCheckFailed from "./rules/control-check-failed";
import controlCheckOverdue from "./rules/control-check-overdue";
import evidenceExpired from "./rules/evidence-expired";
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
      title: (e) => (e.id === undefined ? undefined : CONTROL_BY_ID.get(e.id)?.title),
      hover: (e, ctx) => controlEntryHover(e, ctx),
      lens: (e, ctx) => controlLens(e, ctx),
      ownedRank: 3,
      refs: [
        { field: "owner", target: "role" },
        { field: "checks.*.owner", target: "role" },
      ],
      actions: [{ field: "checks.*.action" }],
      // Evidence is text or paths; an evidence item with a validity always names a file, and so does a
      // check's record.
      paths: [
        { field: "evidence", many: true, orText: true },
        { field: "evidence.*.path" },
        { field: "checks.*.evidence" },
      ],
      // Completion names a list item's field without its index ("checks.method").
      valueDocs: { "checks.method": METHOD_DOCS, "checks.result": RESULT_DOCS },
      due: [
        {
          group: "control-checks",
          title: "Control checks",
          label: "control check",
          // One item per check: due its interval after it was last done, or now when never done (a check
          // done with no interval falls due no more).
          due: (e, { today }) =>
            checksOf(e, today)
              .filter((c) => c.next !== undefined || c.last === undefined)
              .map((c) => ({ day: c.next, id: c.id, title: c.description, owner: c.owner, path: c.path })),
        },
        {
          group: "evidence",
          title: "Evidence",
          label: "evidence",
          // One item per evidence item with a validity: due on its last valid day.
          due: (e, { today }) =>
            datedEvidenceOf(e, today)
              .filter((d) => d.validUntil !== undefined)
              .map((d) => ({
                day: d.validUntil,
                id: d.id,
                title: d.name,
                owner: str(e.value.owner),
                path: [...d.path, "valid_until"],
              })),
        },
      ],
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
  rules: [
    soaMissingControl,
    soaNoJustification,
    soaControlUnmapped,
    controlCheckOverdue,
    controlCheckFailed,
    evidenceExpired,
  ],
});
