// Helpers shared by several rules.
import { entryRefs, headerRefs, type Entry, type EntryKind, type RefTarget, type Reference } from "../model";
import { closeEnough, closest } from "../values";
import type { WorkspaceIndex } from "../workspace";
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

/**
 * Did-you-mean answers per kind, over the list of that kind's entries they were computed for. When the
 * ids of the kind change, an answer is kept if its id still exists and no new id is as near (then it
 * moves to a nearer new id), so renaming an id does not recompute every unknown reference's suggestion.
 */
const nearCache = new Map<
  string,
  { list: Entry[]; ids: Set<string>; near: Map<string, { best?: string; distance: number }> }
>();

/** The id of a `kind` entry nearest to `value` (a did-you-mean), if one is near enough. */
export function nearestId(index: WorkspaceIndex, kind: EntryKind, value: string): string | undefined {
  const known = index.byKind.get(kind) ?? [];
  const idsOf = (list: Entry[]) => new Set(list.map((e) => e.id!).filter(Boolean));
  let cache = nearCache.get(kind);
  if (!cache) nearCache.set(kind, (cache = { list: known, ids: idsOf(known), near: new Map() }));
  else if (cache.list !== known) {
    const ids = idsOf(known);
    const added = [...ids].filter((id) => !cache!.ids.has(id));
    for (const [word, answer] of cache.near) {
      if (answer.best !== undefined && !ids.has(answer.best)) {
        cache.near.delete(word);
        continue;
      }
      const nearer = closest(word, added);
      // An equally near new id may come first in the list: recompute then.
      if (nearer.distance === answer.distance) cache.near.delete(word);
      else if (nearer.distance < answer.distance) cache.near.set(word, nearer);
    }
    cache.list = known;
    cache.ids = ids;
  }
  let answer = cache.near.get(value);
  if (!answer) cache.near.set(value, (answer = closest(value, cache.ids)));
  return answer.best !== undefined && closeEnough(value, answer.distance) ? answer.best : undefined;
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
  const near = nearestId(ctx.index, target, value);
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
