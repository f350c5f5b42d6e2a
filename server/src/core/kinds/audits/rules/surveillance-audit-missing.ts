import { appendEntry, yamlScalar } from "../../../edits";
import { headerRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { addDuration, formatDay, type Day } from "../../../values";
import {
  beyondSurveillance,
  certificateOf,
  certificationBodyAudits,
  isCertified,
  monthsBetween,
} from "../certification";
import { auditType } from "../domain";

/** "14 months ago"; "more than 12 months ago" while the whole months are still 12. */
function ago(day: Day, today: Day): string {
  const n = monthsBetween(day, today);
  return n > 12 ? `${n} months ago` : "more than 12 months ago";
}

export default defineRule({
  id: "surveillance-audit-missing",
  severity: "warning",
  doc: "The ISMS is certified (the manifest's `certification:` has not expired), the last audit by the certification body that was performed (an audit of type certification-stage-2, surveillance or recertification; else the certificate's `issued` date) is more than 12 months before today, and none is planned (planned from today on, or in progress). Certification bodies audit a certified ISMS at least once a year (ISO/IEC 17021-1); a missed surveillance audit puts the certificate at risk of suspension. Reported once, on the manifest's `certification` key.",
  fix: "Agree the surveillance audit with the certification body and record it in the audit programme: an audit with `type: surveillance`, `body:` and its `planned:` date (the quick fix adds one).",
  messages: {
    last: "The last certification-body audit, {{audit}} ({{type}}), was performed on {{date}}, {{ago}}, and no surveillance audit is planned",
    issued:
      "No certification-body audit is recorded since the certificate was issued on {{date}}, {{ago}}, and none is planned",
    none: "The ISMS is certified but no certification-body audit (stage 2, surveillance or recertification) is recorded or planned",
  },
  check(ctx) {
    const c = certificateOf(ctx.index);
    if (!c || !isCertified(c, ctx.today)) return;
    const { last, upcoming } = certificationBodyAudits(ctx.index.byKind.get("audit") ?? [], ctx.today);
    if (upcoming.length) return;
    const since = last?.day ?? c.issued;
    if (since !== undefined && !beyondSurveillance(since, ctx.today)) return;
    const range = headerRange(c.file, "certification", [], { key: true });
    if (last)
      ctx.report(c.file, range, "last", {
        audit: last.audit.id ?? "?",
        type: auditType(last.audit.value),
        date: formatDay(last.day),
        ago: ago(last.day, ctx.today),
      });
    else if (since !== undefined)
      ctx.report(c.file, range, "issued", {
        date: formatDay(since),
        ago: ago(since, ctx.today),
      });
    else ctx.report(c.file, range, "none");
  },
  fixes({ index, today }) {
    const audits = index.byKind.get("audit") ?? [];
    const { last } = certificationBodyAudits(audits, today);
    // Beside the certification body's audits when there are some, else in the first audit programme.
    const file = last?.audit.file ?? index.filesOfKind.get("audits")?.[0];
    if (!file) return [];
    const body = certificateOf(index)?.body;
    const planned = addDuration(today, { n: 30, unit: "days" });
    const year = formatDay(planned).slice(0, 4);
    let id = `SA-${year}`;
    for (let n = 2; index.defs.has(id); n++) id = `SA-${year}-${n}`;
    const lines = [
      `id: ${id}`,
      "title: Surveillance audit",
      "type: surveillance",
      ...(body ? [`body: ${yamlScalar(body)}`] : []),
      "scope: [4, 5, 6, 7, 8, 9, 10]",
      `planned: ${formatDay(planned)}`,
      "status: planned",
    ];
    const edits = appendEntry(file, lines, "audits");
    return edits ? [{ title: `Plan surveillance audit ${id} for ${formatDay(planned)}`, edits }] : [];
  },
});
