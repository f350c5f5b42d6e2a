import { defineRule } from "./api";

export default defineRule({
  id: "file-too-large",
  severity: "error",
  doc: "An ISMS file larger than the limit (40 MiB) is not read at all, so none of its entries count and nothing else in it is checked.",
  fix: "Split the file: a kind may be spread over several files (risks/cloud.yaml, risks/office.yaml, ...).",
  messages: { tooLarge: "{{message}}" },
  check(ctx) {
    for (const u of ctx.index.unreadable)
      if (u.code === "file-too-large") ctx.report(u.path, [0, 0], "tooLarge", { message: u.message });
  },
});
