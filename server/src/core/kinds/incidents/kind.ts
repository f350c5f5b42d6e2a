// The incident log (controls A.5.24 to A.5.28; personal data breaches under GDPR art. 33).
import type { FieldsOf } from "../../model";
import { defineKind } from "../api";
import breachNotificationLate from "./rules/breach-notification-late";
import incidentNoLessons from "./rules/incident-no-lessons";
import incidentTimelineInconsistent from "./rules/incident-timeline-inconsistent";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    incident: FieldsOf<typeof schema.definitions.incident>;
  }
}

export default defineKind({
  kind: "incidents",
  title: "Incidents",
  schema,
  collection: {
    key: "incidents",
    entry: {
      name: "incident",
      one: "incident",
      many: "incidents",
      symbol: "Event",
      firstId: "INC-001",
      ownedRank: 6,
      refs: [
        { field: "owner", target: "role" },
        { field: "risks", target: "risk", many: true },
        { field: "controls", target: "control", many: true },
      ],
    },
  },
  rules: [incidentNoLessons, breachNotificationLate, incidentTimelineInconsistent],
});
