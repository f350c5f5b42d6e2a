// Meetings of the ISMS: management reviews (clause 9.3), security forums and risk committees, with the
// 9.3.2 inputs covered, the minutes, decisions and actions.
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { parseDay } from "../../values";
import { defineKind } from "../api";
import { INPUT_DOCS, meetingState } from "./domain";
import { meetingHover, meetingLens } from "./present";
import managementReviewIncomplete from "./rules/management-review-incomplete";
import managementReviewOverdue from "./rules/management-review-overdue";
import meetingOverdue from "./rules/meeting-overdue";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    meeting: FieldsOf<typeof schema.definitions.meeting>;
  }
}

export default defineKind({
  kind: "meetings",
  title: "Meetings",
  schema,
  collection: {
    key: "meetings",
    entry: {
      name: "meeting",
      one: "meeting",
      many: "meetings",
      symbol: "Event",
      firstId: "MR-001",
      refs: [
        { field: "chair", target: "role" },
        { field: "attendees", target: "role", many: true },
      ],
      actions: [{ field: "actions", many: true }],
      paths: [{ field: "minutes" }],
      valueDocs: { inputs: INPUT_DOCS },
      hover: (e, ctx) => meetingHover(e, ctx),
      lens: (e, ctx) => meetingLens(e, ctx),
      create: (id, today) => [`id: ${id}`, `title: ${id}`, "type: other", `planned: ${today}`],
      // A meeting not yet held falls due on its planned date.
      due: {
        group: "meetings",
        title: "Meetings",
        label: "meeting",
        due(m, { today }) {
          const state = meetingState(m.value, today);
          if (state !== "planned" && state !== "overdue") return undefined;
          return { day: parseDay(m.value.planned), owner: str(m.value.chair) };
        },
      },
    },
  },
  rules: [managementReviewOverdue, managementReviewIncomplete, meetingOverdue],
});
