// Business continuity and ICT readiness plans (controls A.5.29, A.5.30): the services each plan recovers,
// the document that holds it, and its tests (tabletop to full), each with its result, the recovery time
// achieved and the corrective action when it did not work. A plan is tested every `test_every` (the
// manifest's `reviews.continuity`, 12 months) and reviewed on its own clock (`reviews.plans`).
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { months } from "../../values";
import { defineKind } from "../api";
import { TEST_EVERY_KEY, testClock } from "./domain";
import { planHover, planLens } from "./present";
import continuityTestFailed from "./rules/continuity-test-failed";
import continuityTestOverdue from "./rules/continuity-test-overdue";
import rtoNotMet from "./rules/rto-not-met";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    plan: FieldsOf<typeof schema.definitions.plan>;
  }
}

export default defineKind({
  kind: "continuity",
  title: "Continuity plans",
  schema,
  collection: {
    key: "plans",
    entry: {
      name: "plan",
      one: "continuity plan",
      many: "continuity plans",
      symbol: "Struct",
      firstId: "BCP-01",
      refs: [
        { field: "owner", target: "role" },
        { field: "services", target: "service", many: true },
        { field: "document", target: "document" },
      ],
      actions: [{ field: "tests.*.action" }],
      review: {
        clocks: ["reviewed"],
        every: {
          key: "plans",
          default: months(12),
          doc: "Default review interval of continuity plans (12 months; how often they are tested is reviews.continuity).",
        },
        name: "Continuity plan",
      },
      valueDocs: {
        "tests.type": {
          tabletop: "the team talks through a scenario against the plan",
          walkthrough: "each step of the plan is walked through where it would be done",
          simulation: "a realistic scenario is played out without touching production",
          failover: "systems are switched to their standby and back",
          full: "the whole plan is carried out as in a real disruption",
        },
        "tests.result": {
          pass: "the plan worked as written",
          partial: "parts of the plan did not work: needs an action",
          fail: "the plan did not work: needs an action",
        },
      },
      // The next test falls due test_every after the latest; a plan never tested is due now.
      due: {
        group: "continuity-tests",
        title: "Continuity tests",
        label: "continuity test",
        due(p, { settings, today }) {
          const c = testClock(p, settings, today);
          return {
            day: c.due,
            owner: str(p.value.owner),
            path: c.last ? ["tests", c.last.index, "date"] : undefined,
          };
        },
      },
      create: (id, today) => [
        `id: ${id}`,
        `title: ${id}`,
        "owner: role-id",
        "services: []",
        `reviewed: ${today}`,
      ],
      hover: (e, ctx) => planHover(e, ctx),
      lens: (e, ctx) => planLens(e, ctx),
    },
  },
  intervals: [
    {
      key: TEST_EVERY_KEY,
      default: months(12),
      doc: "Default interval between tests of a continuity plan (12 months), when a plan sets no test_every.",
    },
  ],
  rules: [continuityTestOverdue, continuityTestFailed, rtoNotMet],
});
