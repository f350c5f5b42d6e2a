import { valuesAt } from "../action";
import { fieldRange } from "../model";
import { entryInfos, ruleById } from "../registry";
import { defineRule, list } from "./api";

export default defineRule({
  id: "linked-file-missing",
  severity: "error",
  doc: "A file the format links to does not exist: a meeting's `minutes`, an audit's `report`, and every other field that names a file (a kind's path fields), resolved relative to the YAML file that names it, inside the workspace. The record points to evidence nobody can open (clause 7.5.3: documented information must be available where needed). A document's `path` has its own rule (document-missing-file); fields that may hold a description instead of a path (SoA evidence given as text) are not checked, but an SoA evidence item's `path` and a control check's `evidence` are; a path that leaves the workspace is path-outside-workspace's.",
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
          // A dotted field with `*` steps names a file in each item of a list ("evidence.*.path").
          const field = spec.field.replace(/\.\*/g, "");
          for (const { value: raw, path } of valuesAt(e.value, spec.field.split("."), [])) {
            const values = spec.many
              ? list(raw).map((v, i) => [v, [...path, i]] as const)
              : [[raw, path] as const];
            for (const [v, at] of values) {
              if (typeof v !== "string" || v.trim() === "") continue;
              // A path that leaves the workspace is never looked at (path-outside-workspace reports it).
              const resolved = ctx.paths.check(e.file.path, v);
              if (!resolved.ok || ctx.paths.exists(resolved.abs)) continue;
              ctx.reportEntry(
                e,
                "missing",
                { what, id: e.id ?? "(no id)", field, path: v },
                fieldRange(e, [...at]),
              );
            }
          }
        }
      }
    }
  },
});
