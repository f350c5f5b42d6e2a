import { fieldRange } from "../model";
import { entryInfos, ruleById } from "../registry";
import { defineRule, list } from "./api";

export default defineRule({
  id: "linked-file-missing",
  severity: "error",
  doc: "A file the format links to does not exist: a meeting's `minutes`, an audit's `report`, and every other field that names a file (a kind's path fields), resolved relative to the YAML file that names it, inside the workspace. The record points to evidence nobody can open (clause 7.5.3: documented information must be available where needed). A document's `path` has its own rule (document-missing-file); fields that may hold a description instead of a path (SoA evidence) are not checked; a path that leaves the workspace is path-outside-workspace's.",
  fix: "Correct the path (it is relative to the YAML file, not to the workspace root), or add the file to the repository.",
  messages: { missing: "{{what}} {{id}}: the {{field}} file '{{path}}' does not exist" },
  check(ctx) {
    for (const info of entryInfos()) {
      // Only fields that always hold paths, and none another rule of the kind already checks.
      const specs = (info.spec.paths ?? []).filter(
        (s) => !s.orText && !(s.missingFileRule && ruleById(s.missingFileRule)),
      );
      if (!specs.length) continue;
      const what = info.spec.one.charAt(0).toUpperCase() + info.spec.one.slice(1);
      for (const e of ctx.index.byKind.get(info.spec.name) ?? []) {
        for (const spec of specs) {
          const raw: unknown = e.value[spec.field];
          const values = spec.many ? list(raw).map((v, i) => [v, i] as const) : [[raw, undefined] as const];
          for (const [v, i] of values) {
            if (typeof v !== "string" || v.trim() === "") continue;
            // A path that leaves the workspace is never looked at (path-outside-workspace reports it).
            const at = ctx.paths.check(e.file.path, v);
            if (!at.ok || ctx.paths.exists(at.abs)) continue;
            ctx.reportEntry(
              e,
              "missing",
              { what, id: e.id ?? "(no id)", field: spec.field, path: v },
              fieldRange(e, i === undefined ? [spec.field] : [spec.field, i]),
            );
          }
        }
      }
    }
  },
});
