import { fieldRange } from "../../../model";
import { defineRule, obj } from "../../../rules/api";
import { contractOf, dpaMissing } from "../domain";

export default defineRule({
  id: "supplier-dpa-missing",
  severity: "error",
  doc: "A supplier processes personal data (`personal_data: true`) and its contract records no data processing agreement (`contract: { dpa: true }`). UK and EU GDPR art. 28 require a written contract with every processor, and control A.5.20 (with A.5.34) expects the supplier agreement to cover the protection of personal data.",
  fix: "Sign a data processing agreement with the supplier and record `dpa: true` under `contract:`; if the supplier does not process personal data, set `personal_data: false`.",
  messages: {
    "no-contract": "Supplier {{id}} processes personal data and no contract with a DPA is recorded",
    "no-dpa": "Supplier {{id}} processes personal data but its contract has no data processing agreement",
  },
  entry: {
    kinds: ["supplier"],
    check(s, ctx) {
      if (!dpaMissing(s.value)) return;
      const contract = contractOf(s.value);
      if (!contract) {
        ctx.reportEntry(s, "no-contract", { id: s.id ?? "" }, fieldRange(s, ["personal_data"]));
        return;
      }
      // At the `dpa:` value when it says false; else at the `contract:` key.
      const said = obj(s.value.contract).dpa !== undefined;
      ctx.reportEntry(
        s,
        "no-dpa",
        { id: s.id ?? "" },
        said ? fieldRange(s, ["contract", "dpa"]) : fieldRange(s, ["contract"], { key: true }),
      );
    },
  },
});
