// Everything overdue or due soon, by owner, with the days overdue and where it is written.
import { relative } from "node:path";
import { dueItems } from "../core/queries";
import type { Block, Cell, Doc } from "./doc";
import { doc, roleName, type ReportContext } from "./common";

export function overdueReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const items = dueItems(index, today, (file, range) => {
    const line = file.lines.position(range[0]).line + 1;
    return `${relative(ctx.dir, file.path).split("\\").join("/")}:${line}`;
  });
  const state = (i: (typeof items)[number]): Cell =>
    i.state === "overdue"
      ? { text: i.daysOverdue === undefined ? "never done" : `overdue ${i.daysOverdue} days`, tone: "bad" }
      : { text: `due in ${-(i.daysOverdue ?? 0)} days`, tone: "warn" };
  const owners = [...new Set(items.map((i) => i.owner ?? ""))].sort((a, b) =>
    a === "" ? 1 : b === "" ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Overdue", { text: String(items.filter((i) => i.state === "overdue").length), tone: "bad" }],
        ["Due within the due-soon window", items.filter((i) => i.state === "due-soon").length],
      ],
    },
    {
      kind: "bars",
      title: "Overdue by kind",
      data: [...new Map(items.map((i) => [i.kind, i])).values()]
        .sort((a, b) => a.kindRank - b.kindRank)
        .map((k) => ({
          label: k.kindLabel,
          value: items.filter((i) => i.kind === k.kind && i.state === "overdue").length,
          tone: "bad" as const,
        }))
        .filter((d) => d.value > 0),
    },
  ];
  for (const owner of owners) {
    const mine = items.filter((i) => (i.owner ?? "") === owner);
    blocks.push(
      { kind: "heading", level: 2, text: owner ? roleName(index, owner) : "No owner" },
      {
        kind: "table",
        columns: ["What", "Id", "Title", "Due", "State", "Where"],
        rows: mine.map((i) => [i.kindLabel, i.id, i.title, i.due ?? "", state(i), i.location]),
      },
    );
  }
  return doc(ctx, "overdue", "Overdue and due soon", blocks, {
    columns: ["owner", "kind", "id", "title", "due", "state", "days_overdue", "where"],
    rows: items.map((i) => [i.owner, i.kindLabel, i.id, i.title, i.due, i.state, i.daysOverdue, i.location]),
  });
}
