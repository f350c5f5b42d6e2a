// Helpers shared by several rules.
import type { EntryKind, RefTarget } from "../model";
import { didYouMean } from "../values";
import type { RuleContext } from "./api";

const KIND_NAMES: Record<EntryKind, string> = {
  role: "role",
  asset: "asset",
  risk: "risk",
  control: "SoA control",
  audit: "audit",
  finding: "audit finding",
  incident: "incident",
  document: "document",
  course: "course",
  supplier: "supplier",
};

/** Reports references of `target` (role, asset or risk) that name no entry of that kind. */
export function checkIdRefs(ctx: RuleContext, target: RefTarget & EntryKind): void {
  const { defs } = ctx.index;
  const known = ctx.index.byKind.get(target) ?? [];
  for (const ref of ctx.index.refs) {
    if (ref.target !== target) continue;
    const found = defs.get(ref.value);
    if (found?.some((e) => e.kind === target)) continue;
    let message = `Unknown ${target} '${ref.value}'`;
    if (found?.length) message += `: it is ${article(KIND_NAMES[found[0].kind])}, not ${article(target)}`;
    else {
      const near = didYouMean(ref.value, known.map((e) => e.id!).filter(Boolean));
      if (near) message += ` (did you mean '${near}'?)`;
      else message += ` (no ${target} has this id)`;
    }
    ctx.report(ref.file, ref.range, message);
  }
}

export const article = (noun: string): string => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
