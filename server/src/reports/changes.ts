// The change history of the ISMS from git: per commit its date, author and message, and per file which
// entries were added, changed or removed. It answers "when did this change, why, and who changed it".
import { formatDay } from "../core/values";
import type { Block, Doc } from "./doc";
import { doc, type ReportContext } from "./common";

export function changesReport(ctx: ReportContext): Doc {
  const { commits, shallowAt } = ctx.history?.() ?? { commits: [] };
  const period = ctx.period ? `${formatDay(ctx.period.from)} to ${formatDay(ctx.period.to)}` : "";
  const sum = (k: "added" | "changed" | "removed") =>
    commits.reduce((n, c) => n + c.files.reduce((m, f) => m + f[k].length, 0), 0);
  const authors = [...new Set(commits.map((c) => c.author))];
  const blocks: Block[] = [
    { kind: "paragraph", text: `Commits that changed ISMS files from ${period}, newest first.` },
    ...(shallowAt
      ? [
          {
            kind: "paragraph" as const,
            text: `History stops at ${shallowAt.date.slice(0, 10)} (${shallowAt.short}): the repository is a shallow clone, so earlier commits and what that commit changed are not known (fetch the full history: git fetch --unshallow, or fetch-depth: 0 in CI).`,
          },
        ]
      : []),
    {
      kind: "facts",
      items: [
        ["Commits", commits.length],
        ["Authors", authors.join(", ")],
        ["Entries added", sum("added")],
        ["Entries changed", sum("changed")],
        ["Entries removed", sum("removed")],
      ],
    },
  ];
  for (const c of commits)
    blocks.push(
      { kind: "heading", level: 2, text: `${c.date.slice(0, 10)} ${c.short} ${c.author}: ${c.subject}` },
      {
        kind: "table",
        columns: ["File", "Added", "Changed", "Removed", "Other fields"],
        rows: c.files.map((f) => [
          f.path,
          f.added.join(", "),
          f.changed.join(", "),
          f.removed.join(", "),
          f.header.join(", "),
        ]),
      },
    );
  return doc(ctx, "changes", "Changes to the ISMS", blocks);
}
