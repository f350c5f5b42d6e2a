// The assurance requests received (controls A.5.14, A.5.31, A.5.34): security questionnaires, audits,
// document requests and contract reviews from clients and others, with who answered and approved them,
// what was shared, and the library answers used.
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { parseDay } from "../../values";
import { defineKind } from "../api";
import { libraryAnswers, matchAnswers } from "../answers/domain";
import { looksLikePartyId, requestState } from "./domain";
import { requestHover, requestLens } from "./present";
import requestOverdue from "./rules/request-overdue";
import requestUnapproved from "./rules/request-unapproved";
import sharedDocumentStale from "./rules/shared-document-stale";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    request: FieldsOf<typeof schema.definitions.request>;
  }
}

export default defineKind({
  kind: "requests",
  title: "Requests",
  schema,
  collection: {
    key: "requests",
    entry: {
      name: "request",
      one: "request",
      many: "requests",
      symbol: "Event",
      firstId: "RQ-001",
      ownedRank: 14,
      refs: [
        // A party id, or the requester's name as text: only a value written like an id is a reference.
        { field: "from", target: "party", isRef: looksLikePartyId },
        { field: "owner", target: "role" },
        { field: "approved_by", target: "role" },
        { field: "shared", target: "document", many: true },
        { field: "answers", target: "answer", many: true },
      ],
      // A request falls due on its `due:` date until it is answered.
      due: {
        group: "requests",
        title: "Requests",
        label: "request",
        due(rq, { today }) {
          const day = parseDay(rq.value.due);
          if (day === undefined || requestState(rq, today) === "answered") return undefined;
          return { day, owner: str(rq.value.owner) };
        },
      },
      valueDocs: {
        type: {
          questionnaire: "a security questionnaire",
          audit: "an audit by a client or its auditor",
          "document-request": "a request for policies, certificates or reports",
          "contract-review": "the security terms of a contract to review",
        },
      },
      // Completion of `answers:` offers the library answers sharing most words with the request's title.
      rankRefs: {
        answers: (rq, index) =>
          matchAnswers(libraryAnswers(index), str(rq.value.title) ?? "").map((m) => ({
            id: m.id,
            note: `score ${m.score} · ${[...m.controls, ...m.words].join(", ")}`,
          })),
      },
      hover: (e, ctx) => requestHover(e, ctx),
      lens: (e, ctx) => requestLens(e, ctx),
    },
  },
  rules: [requestOverdue, requestUnapproved, sharedDocumentStale],
});
