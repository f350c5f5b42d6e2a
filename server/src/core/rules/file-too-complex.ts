import { defineRule } from "./api";

export default defineRule({
  id: "file-too-complex",
  severity: "error",
  doc: "A file within the size limit is still too much to read safely: it nests deeper than 64 levels, one entry holds more than 200,000 values (a file parsed whole, 2,000,000), it holds more than 100,000 entries, or its aliases expand to more than 16 MiB. The part over the limit is not read (so its entries count nowhere), which keeps every check within bounded memory and time. Also reported when a file has more findings than are listed.",
  fix: "Split the file into several files of the same kind, write out what aliases repeat, or flatten the nesting; ordinary ISMS files are far below these limits.",
  messages: {
    limit: "{{message}}",
    findings: "Only the first {{shown}} findings of this file are listed ({{total}} in all)",
  },
  check(ctx) {
    for (const file of ctx.index.files)
      for (const p of file.problems)
        if (p.code === "file-too-complex") ctx.report(file, p.range, "limit", { message: p.message });
  },
});
