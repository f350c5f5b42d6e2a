// The information security objectives (clause 6.2): measured by metrics (9.1), with their actions.
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { months } from "../../values";
import { defineKind } from "../api";
import { objectiveDue } from "./domain";
import { objectiveHover, objectiveLens } from "./present";
import objectiveNoMeasure from "./rules/objective-no-measure";
import objectiveOverdue from "./rules/objective-overdue";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    objective: FieldsOf<typeof schema.definitions.objective>;
  }
}

export default defineKind({
  kind: "objectives",
  title: "Objectives",
  schema,
  collection: {
    key: "objectives",
    entry: {
      name: "objective",
      one: "objective",
      many: "objectives",
      symbol: "Struct",
      firstId: "OBJ-001",
      ownedRank: 9,
      hover: (e, ctx) => objectiveHover(e, ctx),
      lens: (e, ctx) => objectiveLens(e, ctx),
      refs: [
        { field: "owner", target: "role" },
        { field: "policy", target: "document" },
        { field: "metrics", target: "metric", many: true },
      ],
      actions: [{ field: "actions", many: true }],
      review: {
        clocks: ["reviewed", "communicated"],
        every: {
          key: "objectives",
          default: months(12),
          doc: "Default review interval of objectives (12 months).",
        },
        name: "Objective",
      },
      // An objective still pursued falls due on its due date.
      due: {
        group: "objectives",
        title: "Objectives",
        label: "objective",
        due(o) {
          const day = objectiveDue(o);
          return day === undefined ? undefined : { day, owner: str(o.value.owner) };
        },
      },
    },
  },
  rules: [objectiveNoMeasure, objectiveOverdue],
});
