import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { latestAssessment } from "../domain";

export default defineRule({
  id: "supplier-assessment-unacceptable",
  severity: "warning",
  doc: "The latest assessment of a supplier (by date) found it unacceptable (`result: unacceptable`) and records no `action:`. Controls A.5.19 and A.5.22 expect the risks of a supplier that does not meet the requirements to be treated: remediation by the supplier, extra controls, or an exit.",
  fix: "Add an `action:` to the assessment (description, owner, due): what the supplier must fix, or the plan to replace it; record a new assessment once it is resolved.",
  messages: {
    unacceptable:
      "Supplier {{id}}: the latest assessment ({{type}}, {{date}}) is unacceptable and has no action",
  },
  entry: {
    kinds: ["supplier"],
    check(s, ctx) {
      const a = latestAssessment(s.value);
      if (!a || a.result !== "unacceptable" || a.hasAction) return;
      const at = ["assessments", a.index, "result"];
      ctx.reportEntry(
        s,
        "unacceptable",
        { id: s.id ?? "", type: a.type ?? "assessment", date: formatDay(a.date) },
        fieldRange(s, at),
      );
    },
  },
});
