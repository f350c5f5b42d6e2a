// The register of legal, statutory, regulatory and contractual requirements (clause 4.2 c; controls
// A.5.31 to A.5.34): every obligation by type, with its source, regulator, the controls and documents
// that meet it, its compliance status, its renewal and its open actions.
import { actionStatus } from "../core/action";
import type { Entry } from "../core/model";
import { GAP_STATUSES, OBLIGATION_TYPES, openActions, renewalOf } from "../core/kinds/obligations/domain";
import { reviewOfEntry } from "../core/reviews";
import { obj, str } from "../core/rules/api";
import { dueSoonLimit } from "../core/settings";
import { byId, formatDay, parseDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import type { Block, Cell, Doc, Tone } from "./doc";
import { actionCell, count, doc, ids, roleName, text, titleOf, type ReportContext } from "./common";

const TYPE_TITLES: Record<(typeof OBLIGATION_TYPES)[number], string> = {
  legal: "Legal and statutory",
  regulatory: "Regulatory",
  contractual: "Contractual",
  standard: "Standards",
  other: "Other",
};

const STATUS_TONE: Record<string, Tone> = {
  compliant: "good",
  partial: "warn",
  "non-compliant": "bad",
  "not-assessed": "muted",
};

/** The obligation's type as the register groups it: a value that is no type goes with "other". */
const typeOf = (ob: Entry): (typeof OBLIGATION_TYPES)[number] =>
  OBLIGATION_TYPES.find((t) => t === ob.value.type) ?? "other";

/** The organisation of the regulator's contact; its id when no contact has it. */
function regulatorName(index: WorkspaceIndex, id: unknown): string {
  const value = text(id);
  if (!value) return "";
  const contact = index.defs.get(value)?.find((e) => e.kind === "contact");
  return (contact && str(obj(contact.value).organisation)) || value;
}

const day = (v: unknown): string => {
  const d = parseDay(v);
  return d === undefined ? "" : formatDay(d);
};

function statusCell(v: unknown): Cell {
  const s = text(v);
  return s ? { text: s, tone: STATUS_TONE[s] } : { text: "not recorded", tone: "muted" };
}

function renewsCell(renews: Day | undefined, today: Day, soon: Day): Cell {
  if (renews === undefined) return undefined;
  const tone: Tone | undefined = renews < today ? "bad" : renews <= soon ? "warn" : undefined;
  return { text: formatDay(renews), tone };
}

export function obligationsReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const soon = dueSoonLimit(index.settings, today);
  const obligations = byId(index.byKind.get("obligation") ?? []);
  const statusCount = (s: string) => obligations.filter((o) => o.value.status === s).length;
  const renewals = obligations
    .flatMap((ob) => {
      const renews = renewalOf(ob);
      return renews === undefined ? [] : [{ ob, renews }];
    })
    .sort((a, b) => a.renews - b.renews);
  const overdueRenewals = renewals.filter((r) => r.renews < today).length;
  const soonRenewals = renewals.filter((r) => r.renews >= today && r.renews <= soon).length;
  const open = obligations.flatMap((ob) => openActions(ob, today).map((a) => ({ ob, a })));
  const overdueActions = open.filter((o) => actionStatus(o.a.value, today).state === "overdue").length;
  const gaps = obligations.filter((o) => GAP_STATUSES.includes(o.value.status));

  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Obligations", obligations.length],
        ["Compliant", { text: String(statusCount("compliant")), tone: "good" }],
        [
          "Partly met",
          { text: String(statusCount("partial")), tone: statusCount("partial") ? "warn" : "good" },
        ],
        [
          "Not met",
          { text: String(statusCount("non-compliant")), tone: statusCount("non-compliant") ? "bad" : "good" },
        ],
        ["Not assessed", { text: String(statusCount("not-assessed")), tone: "muted" }],
        ["Renewals overdue", { text: String(overdueRenewals), tone: overdueRenewals ? "bad" : "good" }],
        ["Renewals due soon", { text: String(soonRenewals), tone: soonRenewals ? "warn" : undefined }],
        [
          "Open actions",
          {
            text: `${open.length}${overdueActions ? ` (${overdueActions} overdue)` : ""}`,
            tone: overdueActions ? "bad" : undefined,
          },
        ],
      ],
    },
    {
      kind: "bars",
      title: "Obligations by status",
      data: ["compliant", "partial", "non-compliant", "not-assessed"].map((s) => ({
        label: s,
        value: statusCount(s),
        tone: STATUS_TONE[s],
      })),
    },
  ];
  for (const type of OBLIGATION_TYPES) {
    const mine = obligations.filter((o) => typeOf(o) === type);
    if (!mine.length) continue;
    blocks.push(
      { kind: "heading", level: 2, text: TYPE_TITLES[type] },
      {
        kind: "table",
        columns: [
          "Obligation",
          "Title",
          "Source",
          "Jurisdiction",
          "Regulator",
          "Controls",
          "Documents",
          "Owner",
          "Status",
          "Assessed",
          "Renews",
          "Open actions",
        ],
        rows: mine.map((ob) => {
          const v = ob.value;
          const n = openActions(ob, today).length;
          return [
            ob.id,
            titleOf(ob),
            text(v.source),
            text(v.jurisdiction),
            regulatorName(index, v.regulator),
            ids(v.controls),
            ids(v.documents),
            roleName(index, v.owner),
            statusCell(v.status),
            day(v.assessed),
            renewsCell(renewalOf(ob), today, soon),
            n ? n : GAP_STATUSES.includes(v.status) ? { text: "none", tone: "bad" } : "",
          ];
        }),
      },
    );
  }
  blocks.push(
    { kind: "heading", level: 2, text: "Renewals" },
    {
      kind: "paragraph",
      text: "Fees, registrations, licences, attestations and certificates to renew, earliest first.",
    },
    {
      kind: "table",
      columns: ["Obligation", "Title", "Renews", "State", "Owner"],
      rows: renewals.map(({ ob, renews }) => [
        ob.id,
        titleOf(ob),
        formatDay(renews),
        renews < today
          ? { text: `overdue ${today - renews} days`, tone: "bad" }
          : renews <= soon
            ? { text: `due in ${renews - today} days`, tone: "warn" }
            : `in ${renews - today} days`,
        roleName(index, ob.value.owner),
      ]),
    },
    { kind: "heading", level: 2, text: "Gaps and open actions" },
    {
      kind: "paragraph",
      text: `${count(gaps.length, "obligation")} partly met or not met. Open actions of every obligation:`,
    },
    {
      kind: "table",
      columns: ["Obligation", "Status", "Action", "Owner", "Due", "State"],
      rows: open.map(({ ob, a }) => {
        const s = actionStatus(a.value, today);
        return [
          ob.id,
          statusCell(ob.value.status),
          text(a.value.description),
          roleName(index, a.value.owner),
          s.due === undefined ? "" : formatDay(s.due),
          actionCell(s.state),
        ];
      }),
    },
  );
  return doc(ctx, "obligations", "Legal, statutory, regulatory and contractual requirements", blocks, {
    columns: [
      "id",
      "type",
      "title",
      "source",
      "jurisdiction",
      "regulator",
      "regulator_id",
      "parties",
      "controls",
      "documents",
      "owner",
      "status",
      "assessed",
      "renews",
      "open_actions",
      "next_review",
    ],
    rows: obligations.map((ob) => {
      const v = ob.value;
      const due = reviewOfEntry(ob, index.settings)?.due;
      return [
        ob.id,
        text(v.type),
        titleOf(ob),
        text(v.source),
        text(v.jurisdiction),
        regulatorName(index, v.regulator),
        text(v.regulator),
        ids(v.parties),
        ids(v.controls),
        ids(v.documents),
        text(v.owner),
        text(v.status),
        day(v.assessed),
        day(v.renews),
        openActions(ob, today).length,
        due === undefined ? "" : formatDay(due),
      ];
    }),
  });
}
