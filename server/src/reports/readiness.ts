// Stage 1 readiness: every item of mandatory documented information of ISO/IEC 27001:2022 (the list of
// core/mandatory.ts, the one mandatory-record-missing checks), present or missing, with the records that
// provide it and whether each is reviewed on time.
import { relative, sep } from "node:path";
import { mandatoryStates, recordLabel, recordTitle, type MandatoryRecord } from "../core/mandatory";
import { reviewOfEntry, reviewOfFile } from "../core/reviews";
import { dueSoonLimit } from "../core/settings";
import { formatDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import type { Block, Cell, Doc } from "./doc";
import { count, doc, type ReportContext } from "./common";

/** A record's review state: on time (next due), due soon, overdue, never reviewed, or no review clock. */
export function reviewState(r: MandatoryRecord, index: WorkspaceIndex, today: Day): Cell {
  const review = r.entry
    ? reviewOfEntry(r.entry, index.settings)
    : r.field
      ? undefined
      : reviewOfFile(r.file, index.settings);
  if (!review) return { text: "no review clock", tone: "muted" };
  if (review.due === undefined) return { text: "never reviewed", tone: "bad" };
  const due = formatDay(review.due);
  if (review.due < today) return { text: `overdue since ${due}`, tone: "bad" };
  if (review.due <= dueSoonLimit(index.settings, today)) return { text: `due soon: ${due}`, tone: "warn" };
  return { text: `on time: next ${due}`, tone: "good" };
}

export function readinessReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const rel = (path: string) => relative(ctx.dir, path).split(sep).join("/");
  const states = mandatoryStates(index, today);
  // What would provide an item, as a report says it (the rule's message marks fields with backticks).
  const needs = (s: string) => s.replace(/`/g, "");
  const missing = states.filter((s) => !s.records.length);
  const present = states.length - missing.length;
  const stateCell = (n: number): Cell =>
    n ? { text: "present", tone: "good" } : { text: "missing", tone: "bad" };
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Mandatory documented information", `${present} of ${states.length} items present`],
        [
          "Missing",
          missing.length
            ? { text: missing.map((s) => s.item.clause).join("; "), tone: "bad" }
            : { text: "none", tone: "good" },
        ],
      ],
    },
    {
      kind: "table",
      columns: ["Clause", "Documented information", "State", "Records"],
      rows: states.map(({ item, records }) => [
        item.clause,
        item.title,
        stateCell(records.length),
        records.length ? count(records.length, "record") : `add ${needs(item.needs)}`,
      ]),
    },
  ];
  for (const { item, records } of states) {
    blocks.push({ kind: "heading", level: 3, text: `${item.clause} ${item.title}` });
    if (!records.length) {
      blocks.push({ kind: "paragraph", text: `Missing: no record. Add ${needs(item.needs)}.` });
      continue;
    }
    blocks.push({
      kind: "table",
      caption: `Provided by ${needs(item.needs)}.`,
      columns: ["File", "Record", "Title", "Review"],
      rows: records.map((r) => [
        rel(r.file.path),
        recordLabel(r),
        recordTitle(r),
        reviewState(r, index, today),
      ]),
    });
  }
  return doc(ctx, "readiness", "Stage 1 readiness: mandatory documented information", blocks, {
    columns: ["clause", "documented_information", "state", "file", "record", "title", "review"],
    rows: states.flatMap(({ item, records }): Cell[][] =>
      records.length
        ? records.map((r) => [
            item.clause,
            item.title,
            "present",
            rel(r.file.path),
            recordLabel(r),
            recordTitle(r),
            reviewState(r, index, today),
          ])
        : [[item.clause, item.title, "missing", "", "", "", ""]],
    ),
  });
}
