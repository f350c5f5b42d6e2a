import { defineRule } from "./api";

export default defineRule({
  id: "file-unreadable",
  severity: "error",
  doc: "A YAML file in the workspace could not be read (no permission, an I/O error), so it may be an ISMS file whose entries are missing from every check and report.",
  fix: "Make the file readable (permissions, a broken link), or move it out of the workspace.",
  messages: { unreadable: "{{message}}" },
  check(ctx) {
    for (const u of ctx.index.unreadable)
      if (u.code === "file-unreadable") ctx.report(u.path, [0, 0], "unreadable", { message: u.message });
  },
});
