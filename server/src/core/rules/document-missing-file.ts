import { dirname, resolve } from "node:path";
import { fieldRange } from "../model";
import { defineRule, str } from "./api";

export default defineRule({
  id: "document-missing-file",
  severity: "error",
  doc: "A document's `path` (relative to the YAML file that lists it) does not exist, so the register points to nothing (clause 7.5.3: documented information must be available where needed).",
  fix: "Correct the path, or add the document's file.",
  check(ctx) {
    for (const d of ctx.index.byKind.get("document") ?? []) {
      const p = str(d.value.path);
      if (!p) continue;
      const abs = resolve(dirname(d.file.path), p);
      if (!ctx.fileExists(abs))
        ctx.reportEntry(d, `Document ${d.id}: file '${p}' does not exist`, fieldRange(d, ["path"]));
    }
  },
});
