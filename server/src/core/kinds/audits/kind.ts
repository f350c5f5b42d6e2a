// The audit programme: internal audits (clause 9.2) with their findings and corrective actions (10.2),
// and the audits of others (the certification body's, clients', suppliers', regulators'); the rules of
// the certification cycle over the manifest's `certification:` and the certificate's expiry as due.
import { headerRange, type FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { parseDay } from "../../values";
import { defineKind } from "../api";
import { certificateName, certificateOf } from "./certification";
import { auditState } from "./domain";
import auditCoverageGap from "./rules/audit-coverage-gap";
import auditOverdue from "./rules/audit-overdue";
import certificateExpired from "./rules/certificate-expired";
import certificateExpiring from "./rules/certificate-expiring";
import findingNoAction from "./rules/finding-no-action";
import surveillanceAuditMissing from "./rules/surveillance-audit-missing";
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
      paths: [{ field: "report" }],
      valueDocs: {
        type: {
          internal: "an audit of the internal audit programme (clause 9.2); the default",
          "certification-stage-1": "the certification body's stage 1: documentation and readiness",
          "certification-stage-2":
            "the certification body's stage 2: implementation; the certificate follows",
          surveillance: "the certification body's yearly audit that keeps the certificate",
          recertification: "the certification body's audit for a new certificate before expiry",
          client: "an audit by a client or customer",
          supplier: "an audit of a supplier, or by one",
          regulator: "an audit or inspection by a regulator",
        },
      },
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
  // The certificate's expiry, due like an entry: in the Overdue view and the overdue report.
  fileDue: {
    group: "certification",
    title: "Certification",
    label: "certificate expiry",
    due(index) {
      const c = certificateOf(index);
      if (c?.expires === undefined) return [];
      const range = headerRange(c.file, "certification", ["expires"]);
      return [
        { id: c.number || "certificate", title: certificateName(c), file: c.file, range, day: c.expires },
      ];
    },
  },
  rules: [
    auditCoverageGap,
    auditOverdue,
    findingNoAction,
    certificateExpiring,
    certificateExpired,
    surveillanceAuditMissing,
  ],
});
