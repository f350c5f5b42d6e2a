import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";

export const AUTHORITY = "supervisory-authority";

export default defineRule({
  id: "breach-no-authority-contact",
  severity: "warning",
  doc: "An incident is a personal data breach (`personal_data_breach: true`) and no contact has `type: supervisory-authority`. A breach must be notified to the supervisory authority within 72 hours (GDPR art. 33); control A.5.5 asks that the organisation knows whom to contact and how before it needs to. Reported on each such incident.",
  fix: "Add the supervisory authority to a contacts file (`kind: contacts`): its organisation, `type: supervisory-authority`, how to notify it (the breach reporting line or portal) and your registration number.",
  messages: {
    none: "Incident {{id}} is a personal data breach and the ISMS records no contacts: add the supervisory authority (type supervisory-authority) to notify",
    noAuthority:
      "Incident {{id}} is a personal data breach and none of the {{count}} contacts is a supervisory authority (type supervisory-authority) to notify",
  },
  check(ctx) {
    const contacts = ctx.index.byKind.get("contact") ?? [];
    if (contacts.some((c) => c.value.type === AUTHORITY)) return;
    for (const i of ctx.index.byKind.get("incident") ?? []) {
      if (i.value.personal_data_breach !== true) continue;
      const data = { id: i.id ?? "?" };
      ctx.reportEntry(
        i,
        contacts.length ? "noAuthority" : "none",
        contacts.length ? { ...data, count: contacts.length } : data,
        fieldRange(i, ["personal_data_breach"]),
      );
    }
  },
});
