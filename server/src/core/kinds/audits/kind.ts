// The internal audit programme (clause 9.2): audits with their findings and corrective actions (10.2).
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { parseDay } from "../../values";
import { defineKind } from "../api";
import { auditState } from "./domain";
import auditCoverageGap from "./rules/audit-coverage-gap";
import auditOverdue from "./rules/audit-overdue";
import findingNoAction from "./rules/finding-no-action";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    audit: FieldsOf<typeof schema.definitions.audit>;
    finding: FieldsOf<typeof schema.definitions.finding>;
  }
}

export default defineKind({
  kind: "audits",
  title: "Audits",
  schema,
  collection: {
    key: "audits",
    entry: {
      name: "audit",
      one: "audit",
      many: "audits",
      symbol: "Namespace",
      firstId: "IA-001",
      ownedRank: 7,
      refs: [
        { field: "scope", target: "ref", many: true },
        { field: "auditee", target: "role" },
      ],
      children: [
        {
          key: "findings",
          entry: {
            name: "finding",
            one: "audit finding",
            many: "audit findings",
            symbol: "Field",
            refs: [{ field: "ref", target: "ref" }],
            actions: [{ field: "action" }],
          },
        },
      ],
      // An audit not yet performed falls due on its planned date.
      due: {
        group: "audits",
        title: "Audits",
        label: "audit",
        due(a, { today }) {
          const state = auditState(a.value, today);
          if (state !== "planned" && state !== "overdue") return undefined;
          return { day: parseDay(a.value.planned), owner: str(a.value.auditee) };
        },
      },
    },
  },
  rules: [auditCoverageGap, auditOverdue, findingNoAction],
});
