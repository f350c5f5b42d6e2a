import { defineRule } from "./api";

export default defineRule({
  id: "yaml-syntax",
  severity: "error",
  doc: "The file cannot be read as YAML here: a parse error, an alias that expands too much, or bytes that are not UTF-8. The parser recovers where it can, so the rest of the file is still checked.",
  fix: "Correct the YAML at the marked place (indentation, an unclosed quote or bracket, a stray tab); save the file as UTF-8.",
  messages: { syntax: "{{message}}" },
  check(ctx) {
    for (const file of ctx.index.files)
      for (const p of file.problems)
        if (p.code === "yaml-syntax") ctx.report(file, p.range, "syntax", { message: p.message });
  },
});
