import { isMap, isSeq, type Node } from "yaml";
import { yamlScalar } from "../edits";
import { headerRange, type IsmsFile } from "../model";
import type { TextEdit } from "../navigate";
import { newestRevision } from "../revisions";
import { formatDay } from "../values";
import { defineRule, isIsmsFile } from "./api";

/** A new line at the end of a block `revisions:` list, written like its last item; none for a flow list. */
function appendRevision(file: IsmsFile, fields: [string, string][]): TextEdit | undefined {
  const top = file.top.get("revisions");
  const seq = top?.value;
  if (!top || !isSeq(seq) || seq.flow || !seq.items.length) return undefined;
  const last = seq.items[seq.items.length - 1] as Node | null;
  if (!last?.range) return undefined;
  const base = top.chunk.base;
  const start = file.lines.position(base + last.range[0]);
  const dash = file.lines.lineText(start.line).indexOf("-");
  if (dash < 0 || dash >= start.character) return undefined;
  const endLine = file.lines.position(Math.max(base + last.range[0], base + last.range[1] - 1)).line;
  const lineText = file.lines.lineText(endLine);
  const at = file.lines.lineStart(endLine) + lineText.replace(/\r$/, "").length;
  const nl = file.text.includes("\r\n") ? "\r\n" : "\n";
  const pad = " ".repeat(dash);
  const flow = isMap(last) && last.flow;
  const body = flow
    ? `${pad}- { ${fields.map(([k, v]) => `${k}: ${v}`).join(", ")} }`
    : fields.map(([k, v], i) => `${i === 0 ? `${pad}- ` : " ".repeat(start.character)}${k}: ${v}`).join(nl);
  return { file, range: [at, at], newText: `${nl}${body}` };
}

/** A commit's text on one line, without control characters (a terminal escape stays inert). */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const plain = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();

export default defineRule({
  id: "revision-unrecorded",
  severity: "warning",
  doc: "A file that keeps a document-control record (`revisions:`, clauses 7.5.2 and 7.5.3) was changed by a git commit dated after its newest revision, and that commit added no revision: the change is not in the record an auditor reads. The message names the latest such commit (short hash), its date and author. Commits that only touch the record itself, or that add a revision line (even dated a day or two before the commit), count as recorded; commits dated after today and commits before the file had a record are not counted. Silent outside git: no repository, a file git does not track, or a shallow clone whose history stops at the change. The command line reads the history once per run and the editor again only when the repository's history changes, never while you type.",
  fix: "Add a line to `revisions:` for the change: its date, who made it, the reason (initial, annual-review, trigger, correction or other), a summary and the role that approved it. The quick fix adds one from the commit (its date, author and subject) for you to complete.",
  messages: {
    one: "Changed by commit {{commit}} on {{date}} by {{author}}, after the newest revision ({{newest}}): record the change in revisions:",
    many: "Changed by commit {{commit}} on {{date}} by {{author}} and {{others}} after the newest revision ({{newest}}): record the changes in revisions:",
  },
  check(ctx) {
    const history = ctx.history;
    if (!history) return;
    const files = ctx.index.files.flatMap((file) => {
      const after = Array.isArray(file.header.revisions) ? newestRevision(file.header) : undefined;
      return after === undefined ? [] : [{ file, after }];
    });
    if (!files.length) return;
    const found = history.unrecorded(files.map((f) => ({ path: f.file.path, after: f.after })));
    for (const { file, after } of files) {
      const commits = (found.get(file.path) ?? []).filter((c) => c.day <= ctx.today);
      if (!commits.length) continue;
      const [c] = commits;
      ctx.report(
        file,
        headerRange(file, "revisions", [], { key: true }),
        commits.length > 1 ? "many" : "one",
        {
          commit: c.short,
          date: c.date,
          author: plain(c.author) || "(unknown)",
          newest: formatDay(after),
          others: `${commits.length - 1} earlier commit${commits.length === 2 ? "" : "s"}`,
          subject: plain(c.subject),
        },
      );
    }
  },
  fixes({ file, data }) {
    if (!isIsmsFile(file) || typeof data.date !== "string") return [];
    const fields: [string, string][] = [
      ["date", data.date],
      ["by", yamlScalar(String(data.author))],
      ["reason", "other"],
      ["summary", yamlScalar(String(data.subject ?? "") || "Describe the change")],
    ];
    const edit = appendRevision(file, fields);
    return edit
      ? [{ title: `Record commit ${String(data.commit)} in revisions:`, edits: [edit], preferred: true }]
      : [];
  },
});
