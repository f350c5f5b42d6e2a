import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";

export default defineRule({
  id: "document-missing-file",
  severity: "error",
  doc: "A document's `path` (relative to the YAML file that lists it) does not exist, so the register points to nothing (clause 7.5.3: documented information must be available where needed).",
  fix: "Correct the path, or add the document's file.",
  messages: { missing: "Document {{id}}: file '{{path}}' does not exist" },
  check(ctx) {
    for (const d of ctx.index.byKind.get("document") ?? []) {
      const p = str(d.value.path);
      if (!p) continue;
      // A path that leaves the workspace is never looked at (path-outside-workspace reports it).
      const at = ctx.paths.check(d.file.path, p);
      if (at.ok && !ctx.paths.exists(at.abs))
        ctx.reportEntry(d, "missing", { id: d.id ?? "", path: p }, fieldRange(d, ["path"]));
    }
  },
});
