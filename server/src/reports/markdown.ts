// Markdown for the repository and pull requests. Every user text is escaped: HTML-like text shows as
// text, table pipes and emphasis characters are literal.
import {
  cellText,
  controlFacts,
  errorBanner,
  oneLine,
  trendText,
  type Block,
  type Doc,
  type TreeNode,
} from "./doc";

/**
 * Escapes text for Markdown (inline), only what Markdown would read as syntax: HTML tags and entities,
 * emphasis, code, links, table pipes, headings; line breaks become spaces. "R&D" stays "R&D".
 */
export function mdEscape(text: string): string {
  return oneLine(text)
    .replace(/&(?=#?\w+;)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~])/g, "\\$1");
}

function table(columns: string[], rows: string[][]): string[] {
  const out = [`| ${columns.map(mdEscape).join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`];
  for (const r of rows) out.push(`| ${r.map((c) => mdEscape(c) || " ").join(" | ")} |`);
  return out;
}

function tree(nodes: TreeNode[], depth: number, out: string[]): void {
  for (const n of nodes) {
    out.push(`${"  ".repeat(depth)}- **${mdEscape(n.label)}**${n.detail ? ` ${mdEscape(n.detail)}` : ""}`);
    tree(n.children, depth + 1, out);
  }
}

function block(b: Block): string[] {
  switch (b.kind) {
    case "heading":
      return [`${"#".repeat(b.level)} ${mdEscape(b.text)}`];
    case "paragraph":
      return [mdEscape(b.text)];
    case "facts":
      return b.items.map(([k, v]) => `- **${mdEscape(k)}:** ${mdEscape(cellText(v)) || "-"}`);
    case "list":
      return b.items.length ? b.items.map((i) => `- ${mdEscape(i)}`) : ["_None._"];
    case "table":
      if (!b.rows.length) return ["_None._"];
      return [
        ...(b.caption ? [`_${mdEscape(b.caption)}_`, ""] : []),
        ...table(
          b.columns,
          b.rows.map((r) => r.map(cellText)),
        ),
      ];
    case "heatmap": {
      const rows: string[][] = [];
      for (let l = 5; l >= 1; l--)
        rows.push([
          `${l} ${b.likelihoodLabels[l - 1] ?? ""}`.trim(),
          ...[1, 2, 3, 4, 5].map((i) => {
            const n = b.counts[l - 1][i - 1];
            const above = l * i > b.appetite;
            return n ? `${n}${above ? " ▲" : ""}` : above ? "▲" : "·";
          }),
        ]);
      return [
        `**${mdEscape(b.title)}** (rows: likelihood, columns: impact; ▲ above the appetite of ${b.appetite})`,
        "",
        ...table(
          [
            "Likelihood / impact",
            ...[1, 2, 3, 4, 5].map((i) => `${i} ${b.impactLabels[i - 1] ?? ""}`.trim()),
          ],
          rows,
        ),
      ];
    }
    case "bars":
      return [
        `**${mdEscape(b.title)}**`,
        "",
        ...table(
          ["", "Count"],
          b.data.map((d) => [d.label, String(d.value)]),
        ),
      ];
    case "trend":
      return [`**${mdEscape(b.title)}:** ${mdEscape(trendText(b))}`];
    case "tree": {
      const out = [`**${mdEscape(b.title)}**`, ""];
      tree(b.roots, 0, out);
      return out;
    }
  }
}

export function renderMarkdown(doc: Doc): string {
  const m = doc.meta;
  const out = [`# ${mdEscape(doc.title)}`, ""];
  const facts: string[] = [];
  if (m.organisation) facts.push(`**Organisation:** ${mdEscape(m.organisation)}`);
  if (m.scope) facts.push(`**Scope:** ${mdEscape(m.scope)}`);
  facts.push(`**As of:** ${m.asOf}`);
  // Document control: what the lines around it do not say already (the version when it is the commit).
  for (const [k, v] of controlFacts(doc.title, m))
    if (!["Organisation", "Report", "As of", "Source commit"].includes(k))
      if (k !== "Version" || v !== `commit ${m.source}`) facts.push(`**${k}:** ${mdEscape(v)}`);
  if (m.source) facts.push(`**Source:** ${mdEscape(m.source)}`);
  out.push(facts.join("  \n"), "");
  if (m.errors) out.push(`> **${mdEscape(errorBanner(m.errors))}**`, "");
  for (const b of doc.blocks) out.push(...block(b), "");
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}
