import { valuesAt } from "../action";
import { fieldRange } from "../model";
import type { PathProblem } from "../paths";
import { entryInfos } from "../registry";
import { defineRule, list } from "./api";

/** A value of a text-or-path field that is meant as a path: one word with a folder or an extension. */
const looksLikePath = (v: string) =>
  !/\s/.test(v) && (/[\\/]/.test(v) || /\.\w{1,5}$/.test(v) || v.startsWith("~"));

export default defineRule({
  id: "path-outside-workspace",
  severity: "error",
  doc: "A path the format names (a document's file, SoA evidence, ...) is absolute, starts with `~`, or leads outside the workspace folder, directly with `..` or through a symbolic link; or a YAML file of the workspace is a link to a file outside it. isms never opens, checks or copies such a path, so reports and audit packs hold only what is in the repository.",
  fix: "Write the path relative to the YAML file that names it, to a file inside the workspace (copy the file in if it lives elsewhere).",
  messages: {
    absolute: "'{{path}}' is an absolute path: write it relative to this file, inside the workspace",
    home: "'{{path}}' starts with ~ (a home folder): write it relative to this file, inside the workspace",
    outside: "'{{path}}' leads outside the workspace folder; isms reads nothing there",
    link: "'{{path}}' goes through a symbolic link that leaves the workspace folder; isms reads nothing there",
    walked: "{{message}}",
  },
  check(ctx) {
    for (const u of ctx.index.unreadable)
      if (u.code === "path-outside-workspace") ctx.report(u.path, [0, 0], "walked", { message: u.message });
    for (const info of entryInfos()) {
      const specs = info.spec.paths;
      if (!specs?.length) continue;
      for (const e of ctx.index.byKind.get(info.spec.name) ?? [])
        for (const spec of specs)
          // A dotted field with `*` steps names a file in each item of a list ("evidence.*.path").
          for (const { value: raw, path } of valuesAt(e.value, spec.field.split("."), [])) {
            const values = spec.many
              ? list(raw).map((v, i) => [v, [...path, i]] as const)
              : [[raw, path] as const];
            for (const [v, at] of values) {
              if (typeof v !== "string" || v === "" || (spec.orText && !looksLikePath(v))) continue;
              const resolved = ctx.paths.check(e.file.path, v);
              if (resolved.ok) continue;
              const problem: PathProblem = resolved.problem;
              ctx.reportEntry(e, problem, { path: v }, fieldRange(e, [...at]));
            }
          }
    }
  },
});
