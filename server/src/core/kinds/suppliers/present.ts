// A supplier's hover and code lens: tier and service, the contract (end, DPA), certificates with their
// expiry, the latest assessment, the questionnaire and the next review.
import type { Entry } from "../../model";
import { plural } from "../../present";
import { reviewOfEntry } from "../../reviews";
import { list, obj, str } from "../../rules/api";
import { display, formatDay, parseDay, relativeDay, type Day } from "../../values";
import type { PresentContext } from "../api";
import { certificatesOf, contractOf, dpaMissing, latestAssessment } from "./domain";

/** "ended 2026-10-31 (29 days ago)", "ends 2027-03-31 (in 122 days)". */
const dated = (day: Day, today: Day, past: string, future: string): string =>
  `${day < today ? past : future} ${formatDay(day)} (${relativeDay(day, today)})`;

const yesNo = (b: boolean) => (b ? "yes" : "no");

export function supplierHover(s: Entry, { index, today }: PresentContext): string[] {
  const v = s.value;
  const out = [`**${s.id}** · ${str(v.name) ?? "(no name)"}`, ""];
  const tier = display(v.tier);
  if (tier || str(v.service))
    out.push(
      `${tier ? `Tier: ${tier}` : ""}${tier && str(v.service) ? " · " : ""}${str(v.service) ? display(v.service) : ""}`,
    );
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  if (typeof v.personal_data === "boolean") out.push(`Personal data: ${yesNo(v.personal_data)}`);
  const c = contractOf(v);
  if (c) {
    const end = c.end === undefined ? "no end date" : dated(c.end, today, "ended", "ends");
    out.push(
      `Contract${c.ref ? ` ${c.ref}` : ""}: ${end} · security clauses ${yesNo(c.securityClauses)} · right to audit ${yesNo(c.rightToAudit)} · DPA ${yesNo(c.dpa)}`,
    );
  } else out.push("Contract: not recorded");
  if (dpaMissing(v)) out.push("DPA: missing (personal data processed)");
  const certs = certificatesOf(v);
  if (certs.length) {
    const each = certs.map(
      (cert) =>
        `${cert.name} ${cert.expires === undefined ? "(no expiry recorded)" : dated(cert.expires, today, "expired", "expires")}`,
    );
    out.push(`Certificates: ${each.join("; ")}`);
  } else {
    const names = list(v.certifications).map(display).filter(Boolean);
    if (names.length) out.push(`Certifications: ${names.join(", ")}`);
  }
  const a = latestAssessment(v);
  if (a)
    out.push(
      `Last assessment: ${formatDay(a.date)} ${a.type ?? "assessment"}, ${a.result ?? "no result"}${a.hasAction ? " (action recorded)" : ""}`,
    );
  const q = obj(v.questionnaire);
  const sent = parseDay(q.sent);
  if (sent !== undefined) {
    const received = parseDay(q.received);
    const reviewed = parseDay(q.reviewed);
    out.push(
      `Questionnaire: sent ${formatDay(sent)}${received !== undefined ? `, received ${formatDay(received)}` : ", no answer yet"}${reviewed !== undefined ? `, reviewed ${formatDay(reviewed)}` : ""}`,
    );
  }
  const review = reviewOfEntry(s, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}

/** "contract ends 2027-03-31 · 2 certificates, 1 expired · assessed 2026-05-06 acceptable". */
export function supplierLens(s: Entry, { today }: PresentContext): string | undefined {
  const v = s.value;
  const parts: string[] = [];
  const c = contractOf(v);
  if (c?.end !== undefined)
    parts.push(c.end < today ? `contract ended ${formatDay(c.end)}` : `contract ends ${formatDay(c.end)}`);
  else if (c) parts.push("contract");
  if (dpaMissing(v)) parts.push("no DPA");
  const certs = certificatesOf(v);
  if (certs.length) {
    const expired = certs.filter((x) => x.expires !== undefined && x.expires < today).length;
    parts.push(`${plural(certs.length, "certificate")}${expired ? `, ${expired} expired` : ""}`);
  }
  const a = latestAssessment(v);
  if (a) parts.push(`assessed ${formatDay(a.date)}${a.result ? ` ${a.result}` : ""}`);
  return parts.length ? parts.join(" · ") : undefined;
}
