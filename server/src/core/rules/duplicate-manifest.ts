import { kindRange } from "../model";
import { defineRule } from "./api";

export default defineRule({
  id: "duplicate-manifest",
  severity: "error",
  doc: "A workspace has one manifest (`kind: isms`). With several, only the first in path order is in force and the others' settings are silently ignored.",
  fix: "Merge the manifests into one file and delete the others.",
  messages: { ignored: "A workspace has one manifest; {{first}} is in force and this one is ignored" },
  check(ctx) {
    const [first, ...rest] = ctx.index.manifests;
    for (const file of rest)
      ctx.report(file, kindRange(file), "ignored", { first: ctx.relative(first.path) });
  },
});
