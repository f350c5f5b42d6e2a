// The register of policy exceptions (controls A.5.1 and A.5.36, clause 6.1.3): approved, time-limited
// departures from a policy, with their compensating measures and the risk that assesses them.
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { defineKind } from "../api";
import { stateOf, STATUS_DOCS } from "./domain";
import { exceptionHover, exceptionLens } from "./present";
import exceptionExpired from "./rules/exception-expired";
import exceptionNoCompensation from "./rules/exception-no-compensation";
import exceptionTooLong from "./rules/exception-too-long";
import exceptionUnapproved from "./rules/exception-unapproved";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    exception: FieldsOf<typeof schema.definitions.exception>;
  }
}

export default defineKind({
  kind: "exceptions",
  title: "Exceptions",
  schema,
  collection: {
    key: "exceptions",
    entry: {
      name: "exception",
      one: "exception",
      many: "exceptions",
      symbol: "Key",
      firstId: "EX-001",
      refs: [
        { field: "policy", target: "document" },
        { field: "controls", target: "control", many: true },
        { field: "assets", target: "asset", many: true },
        { field: "risk", target: "risk" },
        { field: "requested_by", target: "role" },
        { field: "approved_by", target: "role" },
      ],
      valueDocs: { status: STATUS_DOCS },
      // An approved exception falls due on its expiry: the policy applies again or it is renewed.
      due: {
        group: "exceptions",
        title: "Exceptions",
        label: "exception",
        due(ex, { settings, today }) {
          const s = stateOf(ex, settings, today);
          if (!s.approved || s.expires === undefined) return undefined;
          return { day: s.expires, owner: s.approvedBy ?? str(ex.value.requested_by), path: ["expires"] };
        },
      },
      create: (id) => [`id: ${id}`, `title: ${id}`, "status: requested"],
      hover: (e, ctx) => exceptionHover(e, ctx),
      lens: (e, ctx) => exceptionLens(e, ctx),
    },
  },
  rules: [exceptionUnapproved, exceptionExpired, exceptionTooLong, exceptionNoCompensation],
});
