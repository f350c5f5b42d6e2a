// Supplier assurance (controls A.5.19 to A.5.22): per supplier its contract (end, security clauses,
// right to audit, DPA), its certificates and their expiry, its latest assessment and questionnaire; then
// every certificate by expiry and the assessment history with its actions.
import { actionStatus } from "../core/action";
import {
  assessmentsOf,
  certificatesOf,
  contractOf,
  dpaMissing,
  latestAssessment,
  questionnaireOf,
  TIERS,
  type Contract,
  type Questionnaire,
} from "../core/kinds/suppliers/domain";
import type { Entry } from "../core/model";
import { reviewOfEntry } from "../core/reviews";
import { list, obj } from "../core/rules/api";
import { dueSoonLimit } from "../core/settings";
import { byId, formatDay, type Day } from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import { actionCell, doc, roleName, text, type ReportContext } from "./common";

const RESULT_TONE: Record<string, Tone> = { acceptable: "good", conditional: "warn", unacceptable: "bad" };

const day = (d: Day | undefined): string => (d === undefined ? "" : formatDay(d));
const yesNo = (b: boolean): string => (b ? "yes" : "no");
const nameOf = (e: Entry): string => text(e.value.name);

/** A date that expires or ends: red once past, amber when due soon. */
function expiryCell(d: Day | undefined, today: Day, soon: Day): Cell {
  if (d === undefined) return "";
  return { text: formatDay(d), tone: d < today ? "bad" : d <= soon ? "warn" : undefined };
}

/** "expired 29 days ago", "expires in 16 days", "current"; nothing without a date. */
function expiryState(d: Day | undefined, today: Day, soon: Day): Cell {
  if (d === undefined) return "no expiry recorded";
  if (d < today) return { text: `expired ${today - d} days ago`, tone: "bad" };
  if (d <= soon) return { text: `expires in ${d - today} days`, tone: "warn" };
  return "current";
}

function dpaCell(e: Entry, c: Contract | undefined): Cell {
  if (dpaMissing(e.value)) return { text: "missing", tone: "bad" };
  if (c?.dpa) return { text: "yes", tone: "good" };
  return e.value.personal_data === false ? "not needed" : "";
}

/** "reviewed 2026-05-06", "sent 2026-09-15, no answer". */
function questionnaireText(q: Questionnaire | undefined): string {
  if (!q) return "";
  if (q.reviewed !== undefined) return `reviewed ${formatDay(q.reviewed)}`;
  if (q.received !== undefined) return `received ${formatDay(q.received)}`;
  return q.sent !== undefined ? `sent ${formatDay(q.sent)}, no answer` : "";
}

function certificatesText(e: Entry): string {
  const certs = certificatesOf(e.value);
  if (certs.length)
    return certs
      .map((c) => (c.expires === undefined ? c.name : `${c.name} (${formatDay(c.expires)})`))
      .join(", ");
  return list(e.value.certifications)
    .map((x) => text(x))
    .filter(Boolean)
    .join(", ");
}

function lastAssessment(e: Entry): { text: string; result: string | undefined } {
  const a = latestAssessment(e.value);
  if (!a) return { text: "", result: undefined };
  return { text: `${formatDay(a.date)} ${a.type ?? "assessment"}`, result: a.result };
}

const tierRank = (e: Entry): number => {
  const i = TIERS.findIndex((t) => t === e.value.tier);
  return i < 0 ? TIERS.length : i;
};

export function suppliersReport(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const soon = dueSoonLimit(index.settings, today);
  const suppliers = byId(index.byKind.get("supplier") ?? []).sort((a, b) => tierRank(a) - tierRank(b));
  const contracts = suppliers.map((e) => contractOf(e.value));
  const certs = suppliers
    .flatMap((e) => certificatesOf(e.value).map((c) => ({ e, c })))
    .sort((a, b) => (a.c.expires ?? Infinity) - (b.c.expires ?? Infinity));
  const personal = suppliers.filter((e) => e.value.personal_data === true).length;
  const noDpa = suppliers.filter((e) => dpaMissing(e.value)).length;
  const ended = contracts.filter((c) => c?.end !== undefined && c.end < today).length;
  const ending = contracts.filter((c) => c?.end !== undefined && c.end >= today && c.end <= soon).length;
  const noContract = contracts.filter((c) => !c).length;
  const certExpired = certs.filter(({ c }) => c.expires !== undefined && c.expires < today).length;
  const certSoon = certs.filter(
    ({ c }) => c.expires !== undefined && c.expires >= today && c.expires <= soon,
  ).length;
  const unacceptable = suppliers.filter((e) => latestAssessment(e.value)?.result === "unacceptable").length;
  const unanswered = suppliers.filter((e) => {
    const q = questionnaireOf(e.value);
    return q?.sent !== undefined && q.received === undefined;
  }).length;
  const fact = (n: number, t: Tone): Cell => ({ text: String(n), tone: n ? t : "good" });

  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Suppliers", suppliers.length],
        ["Processing personal data", personal],
        ["DPA missing", fact(noDpa, "bad")],
        ["No contract recorded", { text: String(noContract), tone: noContract ? "warn" : undefined }],
        ["Contracts ended", fact(ended, "bad")],
        ["Contracts ending soon", { text: String(ending), tone: ending ? "warn" : undefined }],
        ["Certificates expired", fact(certExpired, "bad")],
        ["Certificates expiring soon", { text: String(certSoon), tone: certSoon ? "warn" : undefined }],
        ["Latest assessment unacceptable", fact(unacceptable, "bad")],
        ["Questionnaires unanswered", fact(unanswered, "warn")],
      ],
    },
    { kind: "heading", level: 2, text: "Assurance by supplier" },
    {
      kind: "table",
      columns: [
        "Supplier",
        "Name",
        "Tier",
        "Owner",
        "Contract ends",
        "Security clauses",
        "Right to audit",
        "DPA",
        "Certificates",
        "Last assessment",
        "Result",
        "Questionnaire",
      ],
      rows: suppliers.map((e, i) => {
        const c = contracts[i];
        const a = lastAssessment(e);
        return [
          e.id,
          nameOf(e),
          text(e.value.tier),
          roleName(index, e.value.owner),
          c ? expiryCell(c.end, today, soon) || "no end date" : { text: "none recorded", tone: "muted" },
          c ? yesNo(c.securityClauses) : "",
          c ? yesNo(c.rightToAudit) : "",
          dpaCell(e, c),
          certificatesText(e),
          a.text,
          a.result ? { text: a.result, tone: RESULT_TONE[a.result] } : "",
          questionnaireText(questionnaireOf(e.value)),
        ];
      }),
    },
    { kind: "heading", level: 2, text: "Certificates by expiry" },
    {
      kind: "table",
      columns: ["Supplier", "Certificate", "Expires", "State", "Evidence"],
      rows: certs.map(({ e, c }) => [
        e.id,
        c.name,
        expiryCell(c.expires, today, soon),
        expiryState(c.expires, today, soon),
        c.evidence ?? "",
      ]),
    },
    { kind: "heading", level: 2, text: "Assessments" },
    {
      kind: "table",
      columns: ["Supplier", "Date", "Type", "Result", "Notes", "Action", "Owner", "Due", "State"],
      rows: suppliers.flatMap((e) =>
        assessmentsOf(e.value)
          .sort((a, b) => b.date - a.date)
          .map((a) => {
            const raw = obj(list(e.value.assessments)[a.index]);
            const action = obj(raw.action);
            const s = a.hasAction ? actionStatus(action, today) : undefined;
            return [
              e.id,
              formatDay(a.date),
              a.type ?? "",
              a.result ? { text: a.result, tone: RESULT_TONE[a.result] } : "",
              text(raw.notes),
              text(action.description),
              roleName(index, action.owner),
              s?.due === undefined ? "" : formatDay(s.due),
              s ? actionCell(s.state) : "",
            ];
          }),
      ),
    },
  ];
  return doc(ctx, "suppliers", "Supplier assurance", blocks, {
    columns: [
      "id",
      "name",
      "tier",
      "owner",
      "service",
      "personal_data",
      "contract_ref",
      "contract_start",
      "contract_end",
      "security_clauses",
      "right_to_audit",
      "dpa",
      "dpa_missing",
      "certificates",
      "next_certificate_expiry",
      "last_assessment",
      "last_assessment_type",
      "last_assessment_result",
      "questionnaire",
      "next_review",
    ],
    rows: suppliers.map((e, i) => {
      const c = contracts[i];
      const a = latestAssessment(e.value);
      const next = certificatesOf(e.value)
        .map((x) => x.expires)
        .filter((d): d is Day => d !== undefined)
        .sort((x, y) => x - y)[0];
      const due = reviewOfEntry(e, index.settings)?.due;
      return [
        e.id,
        nameOf(e),
        text(e.value.tier),
        text(e.value.owner),
        text(e.value.service),
        typeof e.value.personal_data === "boolean" ? yesNo(e.value.personal_data) : "",
        c?.ref ?? "",
        day(c?.start),
        day(c?.end),
        c ? yesNo(c.securityClauses) : "",
        c ? yesNo(c.rightToAudit) : "",
        c ? yesNo(c.dpa) : "",
        yesNo(dpaMissing(e.value)),
        certificatesText(e),
        day(next),
        day(a?.date),
        a?.type ?? "",
        a?.result ?? "",
        questionnaireText(questionnaireOf(e.value)),
        day(due),
      ];
    }),
  });
}
