// The continual improvement register (clauses 10.1, 10.2): nonconformities with their correction, root
// cause, corrective action and effectiveness review, and opportunities for improvement.
import type { FieldsOf } from "../../model";
import { defineKind } from "../api";
import { improvementHover } from "./present";
import effectivenessNotReviewed from "./rules/effectiveness-not-reviewed";
import nonconformityNoAction from "./rules/nonconformity-no-action";
import nonconformityNoRootCause from "./rules/nonconformity-no-root-cause";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    improvement: FieldsOf<typeof schema.definitions.improvement>;
  }
}

export default defineKind({
  kind: "improvements",
  title: "Improvements",
  schema,
  collection: {
    key: "improvements",
    entry: {
      name: "improvement",
      one: "improvement",
      many: "improvements",
      symbol: "Object",
      firstId: "IMP-001",
      refs: [
        { field: "refs", target: "finding|incident|meeting|risk", many: true },
        { field: "raised_by", target: "role" },
        { field: "effectiveness.by", target: "role" },
      ],
      actions: [{ field: "action" }],
      hover: (e, ctx) => improvementHover(e, ctx),
    },
  },
  rules: [nonconformityNoAction, nonconformityNoRootCause, effectivenessNotReviewed],
});
