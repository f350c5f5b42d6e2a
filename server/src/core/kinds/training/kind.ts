// The training plan (clauses 7.2, 7.3; control A.6.3): courses, their interval and sessions.
import type { FieldsOf } from "../../model";
import { defineKind } from "../api";
import { courseDue } from "./domain";
import awarenessBelowTarget from "./rules/awareness-below-target";
import trainingOverdue from "./rules/training-overdue";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    course: FieldsOf<typeof schema.definitions.course>;
  }
}

export default defineKind({
  kind: "training",
  title: "Training",
  schema,
  collection: {
    key: "courses",
    entry: {
      name: "course",
      one: "course",
      many: "courses",
      symbol: "Module",
      firstId: "TR-001",
      ownedRank: 8,
      refs: [{ field: "audience", target: "role", many: true }],
      // A course falls due its interval after its latest session (never held: overdue).
      due: {
        group: "training",
        title: "Training",
        label: "training",
        due(c) {
          const d = courseDue(c as Parameters<typeof courseDue>[0]);
          return d && { day: d.due };
        },
      },
    },
  },
  rules: [trainingOverdue, awarenessBelowTarget],
});
