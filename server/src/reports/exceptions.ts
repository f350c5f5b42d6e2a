// The register of policy exceptions (controls A.5.1 and A.5.36, clause 6.1.3): every exception with the
// policy and controls it departs from, who asked and who approved it, until when, and what compensates;
// those in force by expiry, and the gaps (expired, too long, without compensation).
import type { Entry } from "../core/model";
import { standingOf, stateOf, type ExceptionState, type Standing } from "../core/kinds/exceptions/domain";
import { list } from "../core/rules/api";
import { dueSoonLimit } from "../core/settings";
import { byId, formatDay, formatDuration, type Day } from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import { count, doc, ids, roleName, text, titleOf, type ReportContext } from "./common";

const STANDING_TONE: Record<Standing, Tone | undefined> = {
  unapproved: "bad",
  expired: "bad",
  "expiring soon": "warn",
  "in force": "good",
  requested: undefined,
  rejected: "muted",
  closed: "muted",
  "no status": "muted",
};

const day = (d: Day | undefined): string => (d === undefined ? "" : formatDay(d));

/** Days left before the expiry of an approved exception ("12", "expired 29 days ago"). */
function daysLeftCell(s: ExceptionState): Cell {
  if (!s.approved || s.daysLeft === undefined) return "";
  if (s.daysLeft < 0) return { text: `expired ${-s.daysLeft} days ago`, tone: "bad" };
  return s.daysLeft;
}

const compensatingText = (s: ExceptionState): string => s.compensating.join("; ");

export function exceptionsReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const settings = index.settings;
  const soon = dueSoonLimit(settings, today);
  const all = byId(index.byKind.get("exception") ?? []).map((e) => {
    const s = stateOf(e, settings, today);
    return { e, s, standing: standingOf(s, soon) };
  });
  const n = (st: Standing) => all.filter((x) => x.standing === st).length;
  const inForce = all
    .filter((x) => x.s.approved)
    .sort((a, b) => (a.s.expires ?? Infinity) - (b.s.expires ?? Infinity));
  const noComp = all.filter((x) => x.s.approved && !x.s.compensating.length);
  const tooLong = all.filter((x) => x.s.tooLong);
  const tone = (k: number, t: Tone): Cell => ({ text: String(k), tone: k ? t : "good" });

  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Exceptions", all.length],
        ["Approved", inForce.length],
        ["Expired", tone(n("expired"), "bad")],
        [
          "Expiring soon",
          { text: String(n("expiring soon")), tone: n("expiring soon") ? "warn" : undefined },
        ],
        ["Approval incomplete", tone(n("unapproved"), "bad")],
        ["Without compensating measures", tone(noComp.length, "warn")],
        [`Longer than ${formatDuration(settings.exceptionMaxDuration)}`, tone(tooLong.length, "warn")],
        ["Requested", n("requested")],
        ["Rejected or closed", n("rejected") + n("closed")],
      ],
    },
    { kind: "heading", level: 2, text: "Register" },
    {
      kind: "table",
      columns: [
        "Exception",
        "Title",
        "Policy",
        "Controls",
        "Assets",
        "Risk",
        "Requested by",
        "Approved by",
        "Approved on",
        "Expires",
        "State",
      ],
      rows: all.map(({ e, s, standing }) => [
        e.id,
        titleOf(e),
        text(e.value.policy),
        ids(e.value.controls),
        ids(e.value.assets),
        text(e.value.risk),
        roleName(index, e.value.requested_by),
        roleName(index, e.value.approved_by),
        day(s.approvedOn),
        day(s.expires),
        { text: standing, tone: STANDING_TONE[standing] },
      ]),
    },
    { kind: "heading", level: 2, text: "Approved exceptions by expiry" },
    {
      kind: "paragraph",
      text: `${count(inForce.length, "approved exception")}, the earliest expiry first. When one ends, the policy applies again or it is approved anew.`,
    },
    {
      kind: "table",
      columns: ["Exception", "Title", "Approved by", "Approved on", "Expires", "Days left", "Compensating"],
      rows: inForce.map(({ e, s }) => [
        e.id,
        titleOf(e),
        roleName(index, e.value.approved_by),
        day(s.approvedOn),
        day(s.expires),
        daysLeftCell(s),
        s.compensating.length ? compensatingText(s) : { text: "none", tone: "warn" },
      ]),
    },
    { kind: "heading", level: 2, text: "Justifications" },
    {
      kind: "table",
      columns: ["Exception", "Justification"],
      rows: all
        .filter(({ e }) => text(e.value.justification))
        .map(({ e }) => [e.id, text(e.value.justification)]),
    },
  ];
  return doc(ctx, "exceptions", "Policy exceptions", blocks, {
    columns: [
      "id",
      "title",
      "status",
      "state",
      "policy",
      "controls",
      "assets",
      "risk",
      "requested_by",
      "justification",
      "compensating",
      "approved_by",
      "approved_on",
      "expires",
      "days_left",
      "duration_days",
    ],
    rows: all.map(({ e, s, standing }: { e: Entry; s: ExceptionState; standing: Standing }) => [
      e.id,
      titleOf(e),
      text(e.value.status),
      standing,
      text(e.value.policy),
      ids(e.value.controls),
      ids(e.value.assets),
      text(e.value.risk),
      text(e.value.requested_by),
      text(e.value.justification),
      list(s.compensating).join("; "),
      text(e.value.approved_by),
      day(s.approvedOn),
      day(s.expires),
      s.daysLeft === undefined ? "" : s.daysLeft,
      s.length === undefined ? "" : s.length,
    ]),
  });
}
