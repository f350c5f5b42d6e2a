import { isMap, isScalar, isSeq, type Node, type Scalar } from "yaml";
import { fieldRange, refTargetOf, type Entry, type IsmsFile, type Path, type Range } from "../model";
import { collectionOf, entrySpec } from "../registry";
import { schemaAt } from "../schemadoc";
import { defineRule, type RuleContext } from "./api";

const types = (t: string | string[] | undefined): string[] =>
  t === undefined ? [] : Array.isArray(t) ? t : [t];

/**
 * Plain scalars YAML reads as a number or true/false where the format wants text, or where the number
 * is not what was written (1.10 read as 1.1): each with its path below `path`.
 */
function changed(
  kind: string,
  node: Node | null,
  path: Path,
  skip: Set<string>,
  out: { node: Scalar; path: Path }[],
): void {
  if (isMap(node)) {
    for (const p of node.items)
      if (isScalar(p.key) && !(path.length === 2 && skip.has(String(p.key.value))))
        changed(kind, p.value as Node | null, [...path, String(p.key.value)], skip, out);
  } else if (isSeq(node))
    node.items.forEach((n, i) => changed(kind, n as Node | null, [...path, i], skip, out));
  else if (
    isScalar(node) &&
    node.type === "PLAIN" &&
    (typeof node.value === "number" || typeof node.value === "boolean")
  ) {
    const allowed = types(schemaAt(kind, path)?.type);
    const source = node.source ?? String(node.value);
    const asText =
      allowed.includes("string") && !allowed.includes(typeof node.value === "boolean" ? "boolean" : "number");
    const altered =
      typeof node.value === "number" &&
      allowed.includes("number") &&
      allowed.includes("string") &&
      String(node.value) !== source;
    if (asText || altered) out.push({ node, path });
  }
}

/**
 * Whether a plain value holds a number or true/false where the format allows text: only then can the
 * entry's nodes hold what `changed` looks for (an entry's nodes may have to be parsed again to look).
 */
function mayHaveChanged(kind: string, value: unknown, path: Path, skip: Set<string>): boolean {
  if (Array.isArray(value)) return value.some((v, i) => mayHaveChanged(kind, v, [...path, i], skip));
  if (value !== null && typeof value === "object")
    return Object.entries(value).some(
      ([k, v]) => !(path.length === 2 && skip.has(k)) && mayHaveChanged(kind, v, [...path, k], skip),
    );
  return (
    (typeof value === "number" || typeof value === "boolean") &&
    types(schemaAt(kind, path)?.type).includes("string")
  );
}

export default defineRule({
  id: "value-changed-by-yaml",
  severity: "warning",
  doc: "YAML reads some unquoted text as something else: `version: 1.10` is the number 1.1, `id: 123` a number, `title: true` the value true. Where the format wants text (or the number is not what was written), the value is not what the file says. References such as `ref: 9.10` are read as written and are not reported.",
  fix: 'Put the value in quotes (`version: "1.10"`); the quick fix does.',
  messages: {
    number:
      'YAML reads {{source}} as the number {{value}}: put it in quotes ("{{source}}") to keep it as written',
    boolean:
      'YAML reads {{source}} as {{value}} (true or false), not as text: put it in quotes ("{{source}}")',
  },
  check(ctx) {
    // Header fields (the SoA's version).
    for (const file of ctx.index.files)
      for (const [name, pair] of file.top) {
        if (name === "kind" || name === collectionOf(file.kind)?.key) continue;
        const out: { node: Scalar; path: Path }[] = [];
        changed(file.kind, pair.value, [name], new Set(), out);
        for (const o of out)
          report(
            ctx,
            file,
            [pair.chunk.base + (o.node.range?.[0] ?? 0), pair.chunk.base + (o.node.range?.[1] ?? 0)],
            o.node,
          );
      }
  },
  entry: {
    kinds: () => true,
    check(entry, ctx) {
      const spec = entrySpec(entry.kind);
      const children = new Set((spec?.children ?? []).map((c) => c.key));
      if (!mayHaveChanged(entry.file.kind, entry.raw, entry.path, children)) return;
      const out: { node: Scalar; path: Path }[] = [];
      changed(entry.file.kind, entry.node, entry.path, children, out);
      const depth = entry.path.length;
      for (const o of out) {
        const field = o.path
          .slice(depth)
          .filter((p) => typeof p === "string")
          .join(".");
        if (refTargetOf(entry.kind, field)) continue; // read as written (scalarText)
        report(ctx, entry, fieldRange(entry, o.path.slice(depth)), o.node);
      }
    },
  },
  fixes({ file, range, data }) {
    const source = String(data.source);
    if (file.lines.text.slice(range[0], range[1]) !== source) return [];
    return [
      {
        title: `Put ${source} in quotes`,
        edits: [{ file, range, newText: JSON.stringify(source) }],
        preferred: true,
      },
    ];
  },
});

function report(ctx: RuleContext, at: Entry | IsmsFile, range: Range, node: Scalar): void {
  const file = "chunk" in at ? at.file : at;
  const data = { source: node.source ?? String(node.value), value: String(node.value) };
  ctx.report(file, range, typeof node.value === "boolean" ? "boolean" : "number", data);
}
