// Helpers shared by several rules.
import type { Entry, EntryKind, RefTarget } from "../model";
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

/** Did-you-mean answers per kind, kept while the ids of that kind stay the same (edits elsewhere). */
const nearCache = new Map<string, { ids: string; near: Map<string, string | undefined> }>();

function nearestId(target: string, value: string, known: Entry[]): string | undefined {
  const candidates = known.map((e) => e.id!).filter(Boolean);
  const ids = candidates.join("\n");
  let cache = nearCache.get(target);
  if (cache?.ids !== ids) nearCache.set(target, (cache = { ids, near: new Map() }));
  if (!cache.near.has(value)) cache.near.set(value, didYouMean(value, candidates));
  return cache.near.get(value);
}

/**
 * Reports references of `target` (role, asset or risk) that name no entry of that kind. Works per
 * distinct referenced value (a register cites the same few hundred roles thousands of times).
 */
export function checkIdRefs(ctx: RuleContext, target: RefTarget & EntryKind): void {
  const { defs } = ctx.index;
  const known = ctx.index.byKind.get(target) ?? [];
  for (const [value, refs] of ctx.index.refsByTarget.get(target) ?? []) {
    const found = defs.get(value);
    if (found?.some((e) => e.kind === target)) continue;
    let message = `Unknown ${target} '${value}'`;
    if (found?.length) message += `: it is ${article(KIND_NAMES[found[0].kind])}, not ${article(target)}`;
    else {
      const near = nearestId(target, value, known);
      message += near ? ` (did you mean '${near}'?)` : ` (no ${target} has this id)`;
    }
    for (const ref of refs) ctx.report(ref.file, ref.range, message);
  }
}

export const article = (noun: string): string => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
