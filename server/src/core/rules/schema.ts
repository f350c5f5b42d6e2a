import { headerRange } from "../model";
import { validateEntry, validateHeader } from "../schema";
import { didYouMean } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "schema",
  severity: "error",
  doc: "A field breaks the format: a required field is missing, a value has the wrong type or is not one of the allowed values, a date or duration is malformed, or a key is unknown (a typo, with a did-you-mean). Also an unknown rule code in the manifest's `rules:`.",
  fix: "Follow the message: add the field, correct the value, or rename the key. The JSON Schemas in schemas/ list every field; hovering a key in the editor shows its doc.",
  check(ctx) {
    for (const file of ctx.index.files) {
      for (const p of validateHeader(file)) ctx.report(file, p.range, p.message);
      if (file.kind === "isms" && file.header.rules && typeof file.header.rules === "object") {
        for (const code of Object.keys(file.header.rules)) {
          if (ctx.ruleIds.includes(code)) continue;
          const near = didYouMean(code, ctx.ruleIds);
          ctx.report(
            file,
            headerRange(file, "rules", [code], { key: true }),
            `Unknown rule '${code}'${near ? ` (did you mean '${near}'?)` : ""}`,
          );
        }
      }
    }
  },
  entry: {
    // Findings are validated with their audit.
    kinds: ["role", "asset", "risk", "control", "audit", "incident", "document", "course", "supplier"],
    check(entry, ctx) {
      for (const p of validateEntry(entry)) ctx.report(entry.file, p.range, p.message);
    },
  },
});
