// The reference check of fields that may name entries of several kinds (an improvement's `refs`: a
// finding, an incident, a meeting or a risk; a party requirement's `via`: an obligation, a document or a
// control). Fields of one target kind have their own `unknown-<kind>` rule; a control in a union is
// checked by unknown-control.
import { targetsOf } from "../kinds/api";
import { entryRefs, headerRefs, type Reference } from "../model";
import { entrySpec } from "../registry";
import { editDistance, looksLikeControl } from "../values";
import { defineRule, type RuleContext } from "./api";
import { article, nearestId } from "./shared";

/** "an audit finding, an incident, a meeting or a risk". */
function kindsText(kinds: string[]): string {
  const names = kinds.map((k) => (k === "control" ? "an Annex A control" : article(entrySpec(k)?.one ?? k)));
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

function report(ctx: RuleContext, refs: Reference[]): void {
  for (const ref of refs) {
    if (!ref.target.includes("|")) continue;
    const kinds = targetsOf(ref.target);
    if (kinds.includes("control") && looksLikeControl(ref.value)) continue;
    const found = ctx.index.defs.get(ref.value) ?? [];
    if (found.some((e) => kinds.includes(e.kind))) continue;
    const data = { value: ref.value, kinds: kindsText(kinds) };
    const other = found[0] && entrySpec(found[0].kind);
    if (other) {
      ctx.report(ref.file, ref.range, "otherKind", { ...data, other: article(other.one) });
      continue;
    }
    let best: { id: string; kind: string; distance: number } | undefined;
    for (const kind of kinds) {
      const id = nearestId(ctx.index, kind, ref.value);
      if (id === undefined) continue;
      const distance = editDistance(ref.value.toLowerCase(), id.toLowerCase());
      if (!best || distance < best.distance) best = { id, kind, distance };
    }
    if (best)
      ctx.report(ref.file, ref.range, "near", {
        ...data,
        near: best.id,
        nearKind: entrySpec(best.kind)?.one ?? best.kind,
      });
    else ctx.report(ref.file, ref.range, "unknown", data);
  }
}

export default defineRule({
  id: "unknown-reference",
  severity: "error",
  doc: "A field that may name entries of several kinds (an improvement's `refs`: audit findings, incidents, meetings or risks; a party requirement's `via`: obligations, documents or controls) names an id that is none of them: a typo, a deleted or renamed entry, or an id of another kind. The link is dangling: reports and views cannot follow it.",
  fix: "Correct the id (see the did-you-mean; the quick fix takes it), or name an entry of a kind the field accepts.",
  messages: {
    unknown: "Unknown reference '{{value}}': no entry has this id (expected {{kinds}})",
    near: "Unknown reference '{{value}}' (did you mean the {{nearKind}} '{{near}}'?)",
    otherKind: "'{{value}}' is {{other}}: this field names {{kinds}}",
  },
  check(ctx) {
    for (const file of ctx.index.files) report(ctx, headerRefs(file));
  },
  entry: {
    kinds: () => true,
    dependsOnIds: true,
    check(entry, ctx) {
      report(ctx, entryRefs(entry));
    },
  },
  fixes({ file, range, messageId, data }) {
    const near = data.near;
    if (messageId !== "near" || typeof near !== "string") return [];
    return [{ title: `Change to '${near}'`, edits: [{ file, range, newText: near }], preferred: true }];
  },
});
