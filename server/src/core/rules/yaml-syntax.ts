import { defineRule, isIsmsFile, type Fix } from "./api";

export default defineRule({
  id: "yaml-syntax",
  severity: "error",
  doc: "The file cannot be read as YAML here: a parse error, an alias that expands too much, or bytes that are not UTF-8. The parser recovers where it can, so the rest of the file is still checked.",
  fix: "Correct the YAML at the marked place (indentation, an unclosed quote or bracket, a stray tab); save the file as UTF-8.",
  // One finding per mistake, in plain words; the parser's follow-on errors are left out.
  messages: {
    syntax: "{{message}}",
    tab: "{{message}}",
    colonSpace: "{{message}}",
    colonMissing: "{{message}}",
    colonInText: "{{message}}",
    unclosedQuote: "{{message}}",
    indentation: "{{message}}",
  },
  check(ctx) {
    for (const file of ctx.index.files)
      for (const p of file.problems)
        if (p.code === "yaml-syntax")
          ctx.report(file, p.range, p.cause ?? "syntax", { ...p.data, message: p.message });
  },
  fixes({ file, range, messageId, data }): Fix[] {
    if (!isIsmsFile(file)) return [];
    const text = file.text;
    if (messageId === "tab")
      return [
        {
          title: "Replace the tab with spaces",
          edits: [{ file, range, newText: text.slice(range[0], range[1]).replace(/\t/g, "  ") }],
          preferred: true,
        },
      ];
    if (messageId === "colonSpace") {
      const colon = text.indexOf(":", range[0]);
      if (colon < 0 || colon >= range[1]) return [];
      return [
        {
          title: "Put a space after the colon",
          edits: [{ file, range: [colon + 1, colon + 1], newText: " " }],
          preferred: true,
        },
      ];
    }
    if (
      messageId === "colonMissing" &&
      typeof data.key === "string" &&
      text.slice(range[0], range[1]) === data.key
    )
      return [
        {
          title: "Add the colon",
          edits: [{ file, range: [range[1], range[1]], newText: ":" }],
          preferred: true,
        },
      ];
    if (
      messageId === "colonInText" &&
      typeof data.value === "string" &&
      text.slice(range[0], range[1]) === data.value
    )
      return [
        {
          title: "Put the text in quotes",
          edits: [{ file, range, newText: JSON.stringify(data.value) }],
          preferred: true,
        },
      ];
    return [];
  },
});
