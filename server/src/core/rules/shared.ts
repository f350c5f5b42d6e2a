// Helpers shared by several rules.
import { entryRefs, headerRefs, type Entry, type EntryKind, type RefTarget, type Reference } from "../model";
import { didYouMean } from "../values";
import type { Rule, RuleContext } from "./api";

export const ENTRY_KINDS: readonly EntryKind[] = [
  "role",
  "asset",
  "risk",
  "control",
  "audit",
  "finding",
  "incident",
  "document",
  "course",
  "supplier",
];

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

/** The finding for a reference to `value` that names no entry of `target`, or undefined when it does. */
function unknownIdMessage(
  ctx: RuleContext,
  target: RefTarget & EntryKind,
  value: string,
): string | undefined {
  const found = ctx.index.defs.get(value);
  if (found?.some((e) => e.kind === target)) return undefined;
  const message = `Unknown ${target} '${value}'`;
  if (found?.length) return `${message}: it is ${article(KIND_NAMES[found[0].kind])}, not ${article(target)}`;
  const near = nearestId(target, value, ctx.index.byKind.get(target) ?? []);
  return near ? `${message} (did you mean '${near}'?)` : `${message} (no ${target} has this id)`;
}

/**
 * The checks of a rule reporting references of `target` (role, asset or risk) that name no entry of
 * that kind: per entry (cached until the workspace's ids change), and for header fields.
 */
export function idRefChecks(target: RefTarget & EntryKind): Pick<Rule, "check" | "entry"> {
  const report = (ctx: RuleContext, refs: Reference[]) => {
    for (const ref of refs) {
      if (ref.target !== target) continue;
      const message = unknownIdMessage(ctx, target, ref.value);
      if (message) ctx.report(ref.file, ref.range, message);
    }
  };
  return {
    check(ctx) {
      for (const file of ctx.index.files) report(ctx, headerRefs(file));
    },
    entry: {
      kinds: ENTRY_KINDS,
      dependsOnIds: true,
      check(entry, ctx) {
        report(ctx, entryRefs(entry));
      },
    },
  };
}

export const article = (noun: string): string => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
