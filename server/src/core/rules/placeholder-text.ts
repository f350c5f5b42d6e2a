import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { IsmsFile, Range } from "../model";
import { collectionOf } from "../registry";
import { defineRule, type RuleContext } from "./api";

/** The texts the templates and quick fixes write for the officer to replace. */
export const PLACEHOLDERS: readonly string[] = [
  "Your Organisation Ltd",
  "Name of the CEO",
  "Name of the ISO",
  "Describe the scope of the ISMS (clause 4.3): the services, sites and teams it covers.",
  "Why the control is applicable (or not)",
  "Describe the corrective action",
];

/** Every scalar of a node whose text is a placeholder, with its range in the file. */
function placeholders(node: Node | null, base: number, out: { text: string; range: Range }[]): void {
  if (isMap(node)) for (const p of node.items) placeholders(p.value as Node | null, base, out);
  else if (isSeq(node)) for (const n of node.items) placeholders(n as Node | null, base, out);
  else if (
    isScalar(node) &&
    typeof node.value === "string" &&
    node.range &&
    PLACEHOLDERS.includes(node.value.trim())
  )
    out.push({ text: node.value.trim(), range: [base + node.range[0], base + node.range[1]] });
}

/** Whether a plain value holds a placeholder (only then are the entry's nodes walked for its range). */
const holdsPlaceholder = (value: unknown): boolean =>
  typeof value === "string"
    ? PLACEHOLDERS.includes(value.trim())
    : value !== null && typeof value === "object" && Object.values(value).some(holdsPlaceholder);

const report = (ctx: RuleContext, file: IsmsFile, found: { text: string; range: Range }[]) => {
  for (const f of found) ctx.report(file, f.range, "placeholder", { text: f.text });
};

export default defineRule({
  id: "placeholder-text",
  severity: "information",
  doc: "A value is still the text the template (or a quick fix) wrote for you to replace, such as `Your Organisation Ltd` or `Name of the CEO`: reports would print it as it stands.",
  fix: "Write the real value (the organisation's name, the person holding the role, ...).",
  messages: { placeholder: "'{{text}}' is the template's placeholder: write the real value" },
  check(ctx) {
    for (const file of ctx.index.files)
      for (const [name, pair] of file.top) {
        if (name === collectionOf(file.kind)?.key) continue;
        const found: { text: string; range: Range }[] = [];
        placeholders(pair.value, pair.chunk.base, found);
        report(ctx, file, found);
      }
  },
  entry: {
    kinds: (info) => info.parent === undefined,
    check(entry, ctx) {
      if (!holdsPlaceholder(entry.raw)) return;
      const found: { text: string; range: Range }[] = [];
      placeholders(entry.node, entry.chunk.base, found);
      report(ctx, entry.file, found);
    },
  },
});
