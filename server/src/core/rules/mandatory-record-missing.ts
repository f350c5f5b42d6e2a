import { setHeaderField, yamlScalar } from "../edits";
import { mandatoryMissing } from "../mandatory";
import { kindRange } from "../model";
import { defineRule, isIsmsFile } from "./api";
import { PLACEHOLDERS } from "./placeholder-text";

/** The template's scope text, which placeholder-text then asks to replace. */
const SCOPE_PLACEHOLDER =
  PLACEHOLDERS.find((p) => p.startsWith("Describe the scope")) ?? "Describe the scope";

export default defineRule({
  id: "mandatory-record-missing",
  severity: "warning",
  doc: "A stage 1 certification audit starts by looking for the documented information ISO/IEC 27001 makes mandatory. One finding, on the manifest's `kind:` line, for each item no record provides: 4.3 the scope (the manifest's `scope`), 5.2 the policy (a document whose `refs` cite 5.2), 6.1.2 the risk assessment process (the manifest's `risk_method` or a document citing 6.1.2), 6.1.3 the Statement of Applicability (an SoA file), 6.2 the objectives (an objective), 7.2 evidence of competence (a role's competence evidence or a training session), 8.2 and 8.3 the results of risk assessment and treatment (a risk), 9.1 monitoring and measurement results (a metric with a measurement, or a derived metric), 9.2 the audit programme and results (an internal audit performed within the audit cycle) and 9.3 the results of management reviews (a held management review). Without a manifest, or while a file cannot be read in full (a syntax error, a file too large), nothing is reported: the records may be there. The readiness report lists every item with the records that provide it.",
  fix: "Add the record the message names (the readiness report shows what is present); for the scope, the quick fix adds `scope:` to the manifest for you to fill in.",
  messages: {
    missing: "Mandatory documented information missing: {{clause}} {{title}} (add {{needs}})",
  },
  check(ctx) {
    const manifest = ctx.index.manifests[0];
    if (!manifest) return;
    // A file read only in part may hold the missing record: say nothing until it reads.
    if (ctx.index.unreadable.length || ctx.index.files.some((f) => f.refused || f.problems.length)) return;
    for (const item of mandatoryMissing(ctx.index, ctx.today))
      ctx.report(manifest, kindRange(manifest), "missing", {
        clause: item.clause,
        title: item.title,
        needs: item.needs,
      });
  },
  fixes({ file, data }) {
    if (data.clause !== "4.3" || !isIsmsFile(file) || file.top.has("scope")) return [];
    return [
      {
        title: "Add scope: to the manifest",
        edits: [setHeaderField(file, "scope", yamlScalar(SCOPE_PLACEHOLDER))],
      },
    ];
  },
});
