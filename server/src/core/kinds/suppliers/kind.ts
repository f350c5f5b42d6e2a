// The supplier register (controls A.5.19 to A.5.22): suppliers with their contract, DPA, certificates
// and assessments.
import type { FieldsOf } from "../../model";
import { str } from "../../rules/api";
import { months } from "../../values";
import { defineKind } from "../api";
import { ASSESSMENT_RESULT_DOCS, ASSESSMENT_TYPE_DOCS, certificatesOf, contractOf } from "./domain";
import { supplierHover, supplierLens } from "./present";
import questionnaireOutstanding from "./rules/questionnaire-outstanding";
import supplierAssessmentUnacceptable from "./rules/supplier-assessment-unacceptable";
import supplierCertificateExpired from "./rules/supplier-certificate-expired";
import supplierContractExpired from "./rules/supplier-contract-expired";
import supplierDpaMissing from "./rules/supplier-dpa-missing";
import schema from "./schema.json";

declare module "../../model" {
  interface EntryFields {
    supplier: FieldsOf<typeof schema.definitions.supplier>;
  }
}

export default defineKind({
  kind: "suppliers",
  title: "Suppliers",
  schema,
  collection: {
    key: "suppliers",
    entry: {
      name: "supplier",
      one: "supplier",
      many: "suppliers",
      symbol: "Package",
      firstId: "SUP-001",
      ownedRank: 5,
      refs: [{ field: "owner", target: "role" }],
      actions: [{ field: "assessments.*.action" }],
      paths: [{ field: "certificates.*.evidence", orText: true }],
      valueDocs: { "assessments.type": ASSESSMENT_TYPE_DOCS, "assessments.result": ASSESSMENT_RESULT_DOCS },
      review: {
        clocks: ["reviewed"],
        every: {
          key: "suppliers",
          default: months(12),
          doc: "Default review interval of suppliers (12 months).",
        },
        name: "Supplier",
      },
      due: [
        // Each certificate falls due on its expiry: ask for the renewed one before then.
        {
          group: "supplier-certificates",
          title: "Supplier certificates",
          label: "supplier certificate",
          due(s) {
            return certificatesOf(s.value).flatMap((c) =>
              c.expires === undefined
                ? []
                : [
                    {
                      day: c.expires,
                      owner: str(s.value.owner),
                      id: `${s.id ?? "?"} ${c.name}`,
                      title: `${str(s.value.name) ?? s.id ?? "?"}: ${c.name}`,
                      path: ["certificates", c.index, "expires"],
                    },
                  ],
            );
          },
        },
        // The contract falls due on its end: renew it or exit the supplier.
        {
          group: "supplier-contracts",
          title: "Supplier contracts",
          label: "supplier contract",
          due(s) {
            const c = contractOf(s.value);
            if (c?.end === undefined) return undefined;
            return {
              day: c.end,
              owner: str(s.value.owner),
              title: `Contract${c.ref ? ` ${c.ref}` : ""} with ${str(s.value.name) ?? s.id ?? "a supplier"}`,
              path: ["contract", "end"],
            };
          },
        },
      ],
      hover: (e, ctx) => supplierHover(e, ctx),
      lens: (e, ctx) => supplierLens(e, ctx),
    },
  },
  rules: [
    questionnaireOutstanding,
    supplierDpaMissing,
    supplierContractExpired,
    supplierCertificateExpired,
    supplierAssessmentUnacceptable,
  ],
});
