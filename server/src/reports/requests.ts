// The register of assurance requests received from clients (controls A.5.14, A.5.31): every request with
// who sent it, its type, when it arrived and was due, when it was answered and who approved it, and its
// state; the documents shared while overdue for review; and the answer library with how often each
// answer was used and when it is next reviewed.
import { requestsUsing } from "../core/kinds/answers/domain";
import { requesterName, requestState, staleShares, unapproved } from "../core/kinds/requests/domain";
import type { Entry } from "../core/model";
import { reviewOfEntry } from "../core/reviews";
import { byId, formatDay, parseDay, type Day } from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import { count, doc, ids, roleName, text, titleOf, type ReportContext } from "./common";

const day = (v: unknown): string => {
  const d = parseDay(v);
  return d === undefined ? "" : formatDay(d);
};

const STATE_TONE: Record<string, Tone> = { answered: "good", overdue: "bad", open: "warn" };

/** A request's state as the register shows it: answered, answered without approval, overdue, open. */
function stateOf(rq: Entry, today: Day): { text: string; tone: Tone } {
  const state = requestState(rq, today);
  if (state === "answered" && unapproved(rq)) return { text: "answered, not approved", tone: "warn" };
  return { text: state, tone: STATE_TONE[state] };
}

export function requestsReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const requests = byId(index.byKind.get("request") ?? []).sort(
    (a, b) => (parseDay(a.value.received) ?? 0) - (parseDay(b.value.received) ?? 0),
  );
  const answers = byId(index.byKind.get("answer") ?? []);
  const states = requests.map((rq) => requestState(rq, today));
  const n = (s: string) => states.filter((x) => x === s).length;
  const unapprovedCount = requests.filter(unapproved).length;
  const stale = requests.flatMap((rq) => staleShares(index, rq, today).map((s) => ({ rq, s })));
  const overdueAnswers = answers.filter((a) => {
    const due = reviewOfEntry(a, index.settings)?.due;
    return due === undefined || due < today;
  }).length;

  const register = requests.map((rq): Cell[] => {
    const v = rq.value;
    return [
      rq.id,
      titleOf(rq),
      requesterName(index, v.from),
      text(v.type),
      day(v.received),
      day(v.due),
      day(v.answered),
      roleName(index, v.approved_by),
      stateOf(rq, today),
    ];
  });

  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Requests", requests.length],
        ["Answered", { text: String(n("answered")), tone: "good" }],
        ["Open", n("open")],
        ["Overdue", { text: String(n("overdue")), tone: n("overdue") ? "bad" : "good" }],
        [
          "Answered without approval",
          { text: String(unapprovedCount), tone: unapprovedCount ? "warn" : "good" },
        ],
        [
          "Documents shared while overdue for review",
          { text: String(stale.length), tone: stale.length ? "warn" : "good" },
        ],
        ["Library answers", answers.length],
        [
          "Answers overdue for review",
          { text: String(overdueAnswers), tone: overdueAnswers ? "warn" : "good" },
        ],
      ],
    },
    { kind: "heading", level: 2, text: "Requests" },
    {
      kind: "table",
      columns: ["Request", "Title", "From", "Type", "Received", "Due", "Answered", "Approved by", "State"],
      rows: register,
    },
    { kind: "heading", level: 2, text: "What was shared" },
    {
      kind: "table",
      columns: ["Request", "Documents shared", "NDA", "Answers used"],
      rows: requests.map((rq) => [
        rq.id,
        ids(rq.value.shared),
        rq.value.nda === true ? "yes" : rq.value.nda === false ? { text: "no", tone: "warn" } : "",
        ids(rq.value.answers),
      ]),
    },
    { kind: "heading", level: 2, text: "Documents shared while overdue for review" },
    stale.length
      ? {
          kind: "table",
          caption: `${count(stale.length, "document")} shared after its review fell due (on the day the request was answered, or today while it is open)`,
          columns: ["Request", "Document", "Title", "Review due", "Shared on"],
          rows: stale.map(({ rq, s }) => [
            rq.id,
            s.id,
            titleOf(s.document),
            s.due === undefined
              ? { text: "never reviewed", tone: "bad" }
              : { text: formatDay(s.due), tone: "bad" },
            parseDay(rq.value.answered) === undefined ? "not yet (open)" : formatDay(s.sharedOn),
          ]),
        }
      : { kind: "paragraph", text: "No request shares a document that was overdue for review." },
    { kind: "heading", level: 2, text: "Answer library" },
    {
      kind: "table",
      columns: ["Answer", "Question", "Controls", "Documents", "Owner", "Used by", "Review due"],
      rows: answers.map((a) => {
        const due = reviewOfEntry(a, index.settings)?.due;
        const used = requestsUsing(index, a.id ?? "");
        return [
          a.id,
          text(a.value.question),
          ids(a.value.controls),
          ids(a.value.documents),
          roleName(index, a.value.owner),
          used.length ? used.map((r) => r.id ?? "").join(", ") : { text: "none", tone: "muted" },
          due === undefined
            ? { text: "never reviewed", tone: "bad" }
            : { text: formatDay(due), tone: due < today ? "bad" : undefined },
        ];
      }),
    },
  ];
  return doc(ctx, "requests", "Assurance requests from clients and the answer library", blocks, {
    columns: ["request", "from", "type", "received", "due", "answered", "approved_by", "state"],
    rows: requests.map((rq) => {
      const v = rq.value;
      return [
        rq.id,
        text(v.from),
        text(v.type),
        day(v.received),
        day(v.due),
        day(v.answered),
        text(v.approved_by),
        stateOf(rq, today).text,
      ];
    }),
  });
}
