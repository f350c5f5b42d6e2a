import { setHeaderField, yamlScalar } from "../../../edits";
import { headerRange, kindRange } from "../../../model";
import { defineRule, isIsmsFile, type Fix } from "../../../rules/api";
import { formatDay } from "../../../values";

export default defineRule({
  id: "climate-change-not-considered",
  severity: "information",
  doc: "The ISMS records its context (a `kind: context` file) but the manifest has no `climate_change` decision. The 2024 amendment to clauses 4.1 and 4.2 asks the organisation to determine whether climate change is a relevant issue, and whether interested parties have requirements about it; an auditor asks for that decision. Reported once, on the manifest (or, without one, on the first context file).",
  fix: "Add `climate_change: { relevant: true, note: ... }` or `{ relevant: false, note: ... }` to the manifest, the note saying why and where it is addressed (a context issue, a risk). The quick fixes add either, dated today, for you to complete.",
  messages: {
    missing:
      "The manifest records no climate change decision (clauses 4.1 and 4.2, 2024 amendment): add climate_change: { relevant, note }",
    noManifest:
      "No manifest (kind: isms) records the climate change decision of clauses 4.1 and 4.2 (2024 amendment)",
  },
  check(ctx) {
    const context = ctx.index.filesOfKind.get("context")?.[0];
    if (!context) return;
    const manifest = ctx.index.manifests[0];
    if (!manifest) {
      ctx.report(context, kindRange(context), "noManifest");
      return;
    }
    // A manifest that was not read whole may hold the decision in what could not be read.
    if (manifest.refused || manifest.problems.some((p) => p.code === "yaml-syntax")) return;
    const top = manifest.top.get("climate_change");
    const value = manifest.header.climate_change;
    // A recorded value of the wrong shape is the schema's finding.
    if (top && value !== null && value !== undefined) return;
    ctx.report(
      manifest,
      top ? headerRange(manifest, "climate_change", [], { key: true }) : kindRange(manifest),
      "missing",
    );
  },
  fixes({ file, messageId, today }) {
    if (messageId !== "missing" || !isIsmsFile(file) || file.kind !== "isms") return [];
    const day = formatDay(today);
    const add = (relevant: boolean, note: string): Fix => ({
      title: `Record that climate change is ${relevant ? "" : "not "}a relevant issue`,
      edits: [setHeaderField(file, "climate_change", `{ relevant: ${relevant}, note: ${yamlScalar(note)} }`)],
    });
    return [
      add(false, `Assessed ${day}: climate change does not affect the intended outcomes of the ISMS`),
      add(true, `Assessed ${day}: relevant; addressed in the context issues and the risks they cite`),
    ];
  },
});
