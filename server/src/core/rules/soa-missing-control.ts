import { headerRange, kindRange } from "../model";
import { CONTROLS } from "../catalogue";
import { defineRule } from "./api";

export default defineRule({
  id: "soa-missing-control",
  severity: "error",
  doc: "The Statement of Applicability must address every Annex A control (clause 6.1.3 d), applicable or not. Reported once, listing the absent controls, on the first SoA file (or on the manifest when there is no SoA at all).",
  fix: "Add an entry for each listed control with `applicable:` and a justification (the quick fix adds skeletons).",
  check(ctx) {
    const soaFiles = ctx.index.filesOfKind.get("soa") ?? [];
    const missing = CONTROLS.filter((c) => !ctx.index.soa.has(c.id)).map((c) => c.id);
    if (missing.length === 0) return;
    const file = soaFiles[0] ?? ctx.index.manifests[0];
    if (!file) return;
    const list =
      missing.length > 12
        ? `${missing.slice(0, 12).join(", ")} and ${missing.length - 12} more`
        : missing.join(", ");
    ctx.report(
      file,
      soaFiles.length
        ? file.top.has("controls")
          ? headerRange(file, "controls", [], { key: true })
          : kindRange(file)
        : kindRange(file),
      soaFiles.length
        ? `The SoA lacks ${missing.length} of the 93 Annex A controls: ${list}`
        : "There is no Statement of Applicability (kind: soa) in the workspace: all 93 Annex A controls are unaddressed",
    );
  },
});
