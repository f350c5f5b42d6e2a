// The reference rules derived from the registry: one `unknown-<kind>` rule per entry kind that some field
// references, with did-you-mean and its quick fixes.
import { appendEntry, yamlScalar } from "../edits";
import { ID_PATTERN } from "../navigate";
import { entryRefs, headerRefs, type Entry, type Reference } from "../model";
import { entrySpec, type EntryInfo } from "../registry";
import { closeEnough, closest, formatDay } from "../values";
import type { WorkspaceIndex } from "../workspace";
import { defineRule, type Fix, type Rule, type RuleContext } from "./api";

export const article = (noun: string): string => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;

/**
 * Did-you-mean answers per kind, over the list of that kind's entries they were computed for. When the
 * ids of the kind change, an answer is kept if its id still exists and no new id is as near (then it
 * moves to a nearer new id), so renaming an id does not recompute every unknown reference's suggestion.
 */
const nearCache = new Map<
  string,
  { list: Entry[]; ids: Set<string>; near: Map<string, { best?: string; distance: number }> }
>();

const idsOf = (list: Entry[]) => new Set(list.flatMap((e) => (e.id === undefined ? [] : [e.id])));

/** The id of a `kind` entry nearest to `value` (a did-you-mean), if one is near enough. */
export function nearestId(index: WorkspaceIndex, kind: string, value: string): string | undefined {
  const known = index.byKind.get(kind) ?? [];
  let cache = nearCache.get(kind);
  if (!cache) nearCache.set(kind, (cache = { list: known, ids: idsOf(known), near: new Map() }));
  else if (cache.list !== known) {
    const ids = idsOf(known);
    const old = cache.ids;
    const added = [...ids].filter((id) => !old.has(id));
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

const idRules = new Map<EntryInfo["spec"], Rule>();

/** The `unknown-<kind>` rule of an entry kind that references name (the same object on every call). */
export function unknownIdRule(info: EntryInfo): Rule {
  const { spec, def } = info;
  let rule = idRules.get(spec);
  if (rule) return rule;
  const kind = spec.name;
  const report = (ctx: RuleContext, refs: Reference[]) => {
    for (const ref of refs) {
      if (ref.target !== kind) continue;
      const found = ctx.index.defs.get(ref.value);
      if (found?.some((e) => e.kind === kind)) continue;
      const other = found?.[0] && entrySpec(found[0].kind);
      const data = { kind, value: ref.value };
      if (other)
        ctx.report(ref.file, ref.range, "otherKind", {
          ...data,
          other: article(other.one),
          expected: article(kind),
        });
      else {
        const near = nearestId(ctx.index, kind, ref.value);
        if (near) ctx.report(ref.file, ref.range, "near", { ...data, near });
        else ctx.report(ref.file, ref.range, "unknown", data);
      }
    }
  };
  rule = defineRule({
    id: `unknown-${kind}`,
    severity: "error",
    doc: `A reference names ${article(spec.one)} that no file defines (a typo, a deleted or renamed ${spec.one}). The reference is dangling: reports and views cannot resolve it.`,
    fix: `Correct the id (see the did-you-mean), or add the missing ${spec.one} to ${article(def.kind)} file.`,
    messages: {
      unknown: "Unknown {{kind}} '{{value}}' (no {{kind}} has this id)",
      near: "Unknown {{kind}} '{{value}}' (did you mean '{{near}}'?)",
      otherKind: "Unknown {{kind}} '{{value}}': it is {{other}}, not {{expected}}",
    },
    check(ctx) {
      for (const file of ctx.index.files) report(ctx, headerRefs(file));
    },
    entry: {
      kinds: () => true,
      dependsOnIds: true,
      // Whether a cited id exists (of any kind) depends on that id; its did-you-mean on the kind's ids.
      idKinds: [kind],
      check(entry, ctx) {
        report(ctx, entryRefs(entry));
      },
    },
    fixes({ index, today, file, range, messageId, data }) {
      const out: Fix[] = [];
      const near = data.near;
      if (messageId === "near" && typeof near === "string")
        out.push({ title: `Change to '${near}'`, edits: [{ file, range, newText: near }], preferred: true });
      const target = index.filesOfKind.get(def.kind)?.[0];
      const value = String(data.value);
      // Only for a value that can be an id; written so that YAML reads it back as that text.
      if (spec.create && target && def.collection && messageId !== "otherKind" && ID_PATTERN.test(value)) {
        const name = target.path.split(/[\\/]/).pop() ?? target.path;
        out.push({
          title: `Create ${spec.one} '${value}' in ${name}`,
          edits: appendEntry(target, spec.create(yamlScalar(value), formatDay(today)), def.collection.key),
        });
      }
      return out;
    },
  });
  idRules.set(spec, rule);
  return rule;
}
