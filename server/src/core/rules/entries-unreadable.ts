import { defineRule } from "./api";

export default defineRule({
  id: "entries-unreadable",
  severity: "error",
  doc: "A syntax error hides entries: they could not be read, so they are missing from every check, view and report (a risk register would count fewer risks) until the error is fixed. The finding says how many entries and on which lines; the entries around them are still read.",
  fix: "Fix the syntax error the file reports (yaml-syntax); the entries are read again as soon as it is fixed.",
  messages: { lost: "{{message}}" },
  check(ctx) {
    for (const file of ctx.index.files)
      for (const p of file.problems)
        if (p.code === "entries-unreadable") ctx.report(file, p.range, "lost", { message: p.message });
  },
});
