// The context of the organisation (clause 4.1) and its interested parties (4.2): the climate change
// decision, the external and internal issues with the risks they bear on, each party's requirements and
// what addresses them, and the parties' feedback.
import { climateDecision, issuesByOrigin, type Origin } from "../core/kinds/context/domain";
import {
  feedbackOf,
  latestFeedback,
  requirementsOf,
  viaTarget,
  type Requirement,
} from "../core/kinds/parties/domain";
import type { Entry } from "../core/model";
import { reviewOfEntry } from "../core/reviews";
import type { Settings } from "../core/settings";
import { byId, formatDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import type { Block, Cell, Doc } from "./doc";
import { count, doc, ids, roleName, text, titleOf, type ReportContext } from "./common";

const ORIGIN_HEADING: Record<Origin, string> = {
  external: "External issues",
  internal: "Internal issues",
  unknown: "Issues of no recorded origin",
};

/** When an entry is next reviewed, coloured: overdue and never reviewed are bad. */
function reviewCell(e: Entry, settings: Settings, today: Day): Cell {
  const due = reviewOfEntry(e, settings)?.due;
  if (due === undefined) return { text: "never reviewed", tone: "bad" };
  return due < today ? { text: `overdue since ${formatDay(due)}`, tone: "bad" } : formatDay(due);
}

const STATE_CELL: Record<Requirement["state"], Cell> = {
  addressed: { text: "addressed", tone: "good" },
  unaddressed: { text: "not addressed", tone: "bad" },
  "no-via": { text: "nothing named", tone: "warn" },
};

/** What addresses a requirement: each item with its title ("DOC-POL-01 Information security policy"). */
const viaText = (index: WorkspaceIndex, r: Requirement): string =>
  r.via.map((v) => viaTarget(index, v).label).join("; ");

export function contextReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const settings = index.settings;
  const decision = climateDecision(index.manifests[0]);
  const byOrigin = issuesByOrigin(index);
  const issues = [...byOrigin.values()].flat();
  const parties = byId(index.byKind.get("party") ?? []);
  const requirements = parties.flatMap((p) => requirementsOf(p).map((r) => ({ party: p, r })));
  const open = requirements.filter((x) => x.r.state !== "addressed");
  const overdue = [...issues, ...parties].filter((e) => {
    const due = reviewOfEntry(e, settings)?.due;
    return due === undefined || due < today;
  });

  const climate: Cell = decision
    ? {
        text: `${decision.relevant ? "relevant" : "not relevant"}${decision.note ? `: ${decision.note}` : ""}`,
        tone: "good",
      }
    : { text: "no decision recorded (climate_change in the manifest)", tone: "bad" };

  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Climate change (4.1, 4.2)", climate],
        [
          "Context issues",
          `${issues.length} (${byOrigin.get("external")?.length ?? 0} external, ${byOrigin.get("internal")?.length ?? 0} internal)`,
        ],
        ["Interested parties", parties.length],
        ["Requirements", `${requirements.length} (${requirements.length - open.length} addressed)`],
        ["Requirements not addressed", { text: String(open.length), tone: open.length ? "warn" : "good" }],
        [
          "Reviews overdue or never done",
          { text: count(overdue.length, "entry", "entries"), tone: overdue.length ? "bad" : "good" },
        ],
      ],
    },
  ];

  for (const [origin, list] of byOrigin) {
    if (origin === "unknown" && !list.length) continue;
    blocks.push(
      { kind: "heading", level: 2, text: `${ORIGIN_HEADING[origin]} (4.1)` },
      {
        kind: "table",
        columns: ["Issue", "Title", "Category", "Effect", "Risks", "Owner", "Identified", "Next review"],
        rows: byId(list).map((i) => [
          i.id,
          titleOf(i),
          text(i.value.category),
          text(i.value.effect),
          ids(i.value.risks),
          roleName(index, i.value.owner),
          text(i.value.identified),
          reviewCell(i, settings, today),
        ]),
      },
    );
  }

  blocks.push(
    { kind: "heading", level: 2, text: "Interested parties (4.2 a)" },
    {
      kind: "table",
      columns: ["Party", "Name", "Type", "Owner", "Requirements", "Latest feedback", "Next review"],
      rows: parties.map((p) => {
        const reqs = requirementsOf(p);
        const unaddressed = reqs.filter((r) => r.state !== "addressed").length;
        const last = latestFeedback(p);
        return [
          p.id,
          titleOf(p),
          text(p.value.type),
          roleName(index, p.value.owner),
          reqs.length
            ? {
                text: `${reqs.length}${unaddressed ? `, ${unaddressed} not addressed` : ", all addressed"}`,
                tone: unaddressed ? "warn" : "good",
              }
            : "none recorded",
          last?.day !== undefined ? `${formatDay(last.day)}: ${last.summary ?? ""}` : "",
          reviewCell(p, settings, today),
        ];
      }),
    },
    { kind: "heading", level: 2, text: "Requirements of interested parties (4.2 b, c)" },
    {
      kind: "table",
      columns: ["Party", "Requirement", "Addressed", "Via"],
      rows: requirements.map(({ party, r }) => [
        party.id,
        r.text ?? (r.textProblem === "not-text" ? "(not text)" : "(no text)"),
        STATE_CELL[r.state],
        viaText(index, r),
      ]),
    },
    { kind: "heading", level: 2, text: "Feedback from interested parties" },
    {
      kind: "table",
      columns: ["Date", "Party", "Summary"],
      rows: parties
        .flatMap((p) => feedbackOf(p).map((f) => ({ p, f })))
        .sort((a, b) => (b.f.day ?? -Infinity) - (a.f.day ?? -Infinity))
        .map(({ p, f }) => [f.day === undefined ? "" : formatDay(f.day), `${p.id} ${titleOf(p)}`, f.summary]),
    },
  );
  return doc(ctx, "context", "Context of the organisation and interested parties (clauses 4.1, 4.2)", blocks);
}
