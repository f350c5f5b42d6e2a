// Word documents (roles, SoA) that officers hand over: headings, facts, tables with level colours, the
// heat map as a table and the organisation chart as an indented list. Built with the `docx` package.
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import {
  cellText,
  cellTone,
  errorBanner,
  trendText,
  xmlText,
  type Block,
  type Cell,
  type Doc,
  type Tone,
  type TreeNode,
} from "./doc";

const FILL: Partial<Record<Tone, string>> = {
  critical: "F4C7C3",
  high: "FBD9B4",
  medium: "FCEFC2",
  low: "D3EDD3",
  bad: "F4C7C3",
  warn: "FCEFC2",
  good: "D3EDD3",
};

// Every text goes through xmlText: one line, and only characters XML 1.0 allows (U+FFFE in a value
// would make the file unreadable to Word).
const para = (text: string, bold = false) =>
  new Paragraph({ children: [new TextRun({ text: xmlText(text), bold })] });

function cell(c: Cell, header = false): TableCell {
  const fill = FILL[cellTone(c) ?? "muted"];
  return new TableCell({
    children: [para(cellText(c), header)],
    shading: header
      ? { type: ShadingType.CLEAR, color: "auto", fill: "EDEFF3" }
      : fill
        ? { type: ShadingType.CLEAR, color: "auto", fill }
        : undefined,
  });
}

function table(columns: string[], rows: Cell[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c) => cell(c, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

function tree(nodes: TreeNode[], level: number, out: Paragraph[]): void {
  for (const n of nodes) {
    out.push(
      new Paragraph({
        bullet: { level: Math.min(level, 8) },
        children: [
          new TextRun({ text: xmlText(n.label), bold: true }),
          new TextRun(n.detail ? `  ${xmlText(n.detail)}` : ""),
        ],
      }),
    );
    tree(n.children, level + 1, out);
  }
}

function block(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case "heading":
      return [
        new Paragraph({
          text: xmlText(b.text),
          heading: b.level === 2 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        }),
      ];
    case "paragraph":
      return [para(b.text)];
    case "facts":
      return [
        table(
          ["", ""],
          b.items.map(([k, v]) => [k, v]),
        ),
      ];
    case "list":
      return b.items.length
        ? b.items.map((i) => new Paragraph({ text: xmlText(i), bullet: { level: 0 } }))
        : [para("None.")];
    case "table":
      return b.rows.length
        ? [...(b.caption ? [para(b.caption)] : []), table(b.columns, b.rows)]
        : [para("None.")];
    case "heatmap": {
      const rows: Cell[][] = [];
      for (let l = 5; l >= 1; l--)
        rows.push([
          `${l} ${b.likelihoodLabels[l - 1] ?? ""}`,
          ...[1, 2, 3, 4, 5].map((i) => ({
            text: String(b.counts[l - 1][i - 1] || ""),
            tone: b.levelOf(l * i).tone,
          })),
        ]);
      return [
        para(`${b.title} (rows: likelihood, columns: impact; appetite ${b.appetite})`, true),
        table(["", ...[1, 2, 3, 4, 5].map((i) => `${i} ${b.impactLabels[i - 1] ?? ""}`)], rows),
      ];
    }
    case "bars":
      return [
        para(b.title, true),
        table(
          ["", "Count"],
          b.data.map((d) => [d.label, d.value]),
        ),
      ];
    case "trend":
      return [para(b.title, true), para(trendText(b))];
    case "tree": {
      const out: Paragraph[] = [para(b.title, true)];
      tree(b.roots, 0, out);
      return out;
    }
  }
}

export async function renderDocx(doc: Doc): Promise<Buffer> {
  const m = doc.meta;
  const facts: [string, Cell][] = [];
  if (m.organisation) facts.push(["Organisation", m.organisation]);
  if (m.scope) facts.push(["Scope", m.scope]);
  facts.push(["As of", m.asOf]);
  if (m.source) facts.push(["Source", m.source]);
  const children = [
    new Paragraph({ text: xmlText(doc.title), heading: HeadingLevel.TITLE }),
    table(["", ""], facts),
    ...(m.errors ? [para(errorBanner(m.errors), true)] : []),
    ...doc.blocks.flatMap(block),
  ];
  const word = new Document({
    creator: "isms",
    title: xmlText(doc.title),
    description: xmlText(`${doc.title}${m.organisation ? `, ${m.organisation}` : ""}, as of ${m.asOf}`),
    sections: [{ children }],
  });
  return Packer.toBuffer(word);
}
