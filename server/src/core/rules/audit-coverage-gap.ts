import { CONTROL_BY_ID } from "../catalogue";
import { kindRange, type Entry } from "../model";
import { addDuration, covers, formatDuration, months, parseDay, type Day } from "../values";
import { defineRule, list } from "./api";

/** Scope references of non-cancelled audits dated (performed, else planned) within [from, to]. */
export function scopesBetween(audits: Entry[], from: Day, to: Day): string[] {
  const out: string[] = [];
  for (const a of audits) {
    if (a.value.status === "cancelled") continue;
    const date = parseDay(a.value.performed) ?? parseDay(a.value.planned);
    if (date === undefined || date < from || date > to) continue;
    for (const s of list(a.value.scope))
      if (typeof s === "string" || typeof s === "number") out.push(String(s));
  }
  return out;
}

export default defineRule({
  id: "audit-coverage-gap",
  severity: "warning",
  doc: "The audit programme leaves part of the ISMS unaudited (clause 9.2.2): an applicable control is in no scope of a non-cancelled audit dated (performed, else planned) within one audit cycle (the manifest's `audit.cycle`, 36 months by default) before or after today, reported on its SoA entry; or one of clauses 4 to 10 is in no such audit within 12 months, reported once on the first audits file.",
  fix: "Add the control or clause to the scope of a planned audit (a theme such as A.8 covers all its controls; a clause covers its sub-clauses).",
  check(ctx) {
    const audits = ctx.index.byKind.get("audit") ?? [];
    const cycle = ctx.settings.auditCycle;
    const inCycle = scopesBetween(audits, addDuration(ctx.today, cycle, -1), addDuration(ctx.today, cycle));
    for (const c of ctx.index.byKind.get("control") ?? []) {
      if (c.value.applicable !== true || !CONTROL_BY_ID.has(c.id!)) continue;
      if (!inCycle.some((s) => covers(s, c.id!)))
        ctx.reportEntry(
          c,
          `${c.id} (${CONTROL_BY_ID.get(c.id!)!.title}) is applicable but no audit within ${formatDuration(cycle)} covers it`,
        );
    }
    const file = ctx.index.filesOfKind.get("audits")?.[0] ?? ctx.index.manifests[0];
    if (!file) return;
    const year = scopesBetween(
      audits,
      addDuration(ctx.today, months(12), -1),
      addDuration(ctx.today, months(12)),
    );
    const gaps = ["4", "5", "6", "7", "8", "9", "10"].filter((cl) => !year.some((s) => covers(cl, s)));
    if (gaps.length)
      ctx.report(
        file,
        kindRange(file),
        `Clause${gaps.length > 1 ? "s" : ""} ${gaps.join(", ")} ${gaps.length > 1 ? "are" : "is"} in no audit scope within 12 months of today`,
      );
  },
});
