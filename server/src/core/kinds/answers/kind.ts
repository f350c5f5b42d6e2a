// The answer library (controls A.5.14, A.5.31, A.5.37): reusable answers to the security questions
// clients ask, each citing the controls and documents that back it, reviewed like any document.
import type { FieldsOf } from "../../model";
import { months } from "../../values";
import { defineKind } from "../api";
import { answerHover, answerLens } from "./present";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    answer: FieldsOf<typeof schema.definitions.answer>;
  }
}

export default defineKind({
  kind: "answers",
  title: "Answers",
  schema,
  collection: {
    key: "answers",
    entry: {
      name: "answer",
      one: "answer",
      many: "answers",
      symbol: "Key",
      firstId: "ANS-001",
      ownedRank: 13,
      refs: [
        { field: "controls", target: "control", many: true },
        { field: "documents", target: "document", many: true },
        { field: "owner", target: "role" },
      ],
      review: {
        clocks: ["reviewed"],
        every: {
          key: "answers",
          default: months(12),
          doc: "Default review interval of the answer library's answers (12 months).",
        },
        name: "Answer",
      },
      create: (id, today) => [`id: ${id}`, `question: ${id}`, "answer: To be written", `reviewed: ${today}`],
      hover: (e, ctx) => answerHover(e, ctx),
      lens: (e, ctx) => answerLens(e, ctx),
    },
  },
});
