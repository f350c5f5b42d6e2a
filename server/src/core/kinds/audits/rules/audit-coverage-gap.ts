import { CONTROL_BY_ID } from "../../../catalogue";
import { kindRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { addDuration, covers, formatDuration, months } from "../../../values";
import { isInternal, scopesBetween } from "../domain";

export default defineRule({
  id: "audit-coverage-gap",
  severity: "warning",
  doc: "The audit programme leaves part of the ISMS unaudited (clause 9.2.2): an applicable control is in no scope of a non-cancelled internal audit (an audit with no `type:` or `type: internal`; certification, client, supplier and regulator audits do not count) dated (performed, else planned) within one audit cycle (the manifest's `audit.cycle`, 36 months by default) before or after today, reported on its SoA entry; or one of clauses 4 to 10 is in no such audit within 12 months, reported once on the first audits file with internal audits.",
  fix: "Add the control or clause to the scope of a planned internal audit (a theme such as A.8 covers all its controls; a clause covers its sub-clauses).",
  messages: {
    control: "{{id}} ({{title}}) is applicable but no internal audit within {{cycle}} covers it",
    clause: "Clause {{clauses}} is in no internal audit scope within 12 months of today",
    clauses: "Clauses {{clauses}} are in no internal audit scope within 12 months of today",
  },
  check(ctx) {
    const audits = (ctx.index.byKind.get("audit") ?? []).filter((a) => isInternal(a.value));
    const cycle = ctx.settings.auditCycle;
    const inCycle = scopesBetween(audits, addDuration(ctx.today, cycle, -1), addDuration(ctx.today, cycle));
    for (const c of ctx.index.byKind.get("control") ?? []) {
      const control = c.id === undefined ? undefined : CONTROL_BY_ID.get(c.id);
      if (c.value.applicable !== true || !control) continue;
      if (!inCycle.some((s) => covers(s, control.id)))
        ctx.reportEntry(c, "control", { id: control.id, title: control.title, cycle: formatDuration(cycle) });
    }
    const file = audits[0]?.file ?? ctx.index.filesOfKind.get("audits")?.[0] ?? ctx.index.manifests[0];
    if (!file) return;
    const year = scopesBetween(
      audits,
      addDuration(ctx.today, months(12), -1),
      addDuration(ctx.today, months(12)),
    );
    const gaps = ["4", "5", "6", "7", "8", "9", "10"].filter((cl) => !year.some((s) => covers(cl, s)));
    if (gaps.length)
      ctx.report(file, kindRange(file), gaps.length > 1 ? "clauses" : "clause", { clauses: gaps.join(", ") });
  },
});
