// Word documents (roles, SoA) that officers hand over: headings, facts, tables with level colours, the
// heat map as a table and the organisation chart as an indented list. Built with the `docx` package.
import {
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TabStopPosition,
  TabStopType,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import {
  cellText,
  cellTone,
  controlFacts,
  errorBanner,
  footerText,
  isWide,
  signOff,
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

/** The text width of an A4 page with the default 1-inch margins, in twentieths of a point. */
const PORTRAIT_WIDTH = 11906 - 2 * 1440;
const LANDSCAPE_WIDTH = 16838 - 2 * 1440;
/** The width tables are laid out in: set by renderDocx (landscape or portrait) before it builds them. */
let textWidth = PORTRAIT_WIDTH;

/**
 * Column widths weighted to their content: each column gets room for its longest word (up to 14
 * characters, so nothing breaks inside "Applicable"), and the rest of the page's text width goes to the
 * columns by the length of their longest text (up to 60 characters; longer ones wrap).
 */
export function columnWidths(columns: string[], rows: Cell[][], width: number): number[] {
  const texts = columns.map((c, i) => [c, ...rows.map((r) => cellText(r[i]))]);
  const longestWord = texts.map((t) =>
    Math.max(1, ...t.flatMap((x) => x.split(/\s+/).map((w) => [...w].length))),
  );
  const mins = longestWord.map((n) => Math.min(n, 14) * 115 + 216);
  const minSum = mins.reduce((a, b) => a + b, 0);
  if (minSum >= width) return mins.map((m) => Math.floor((m / minSum) * width));
  const weights = texts.map((t) => Math.min(60, Math.max(1, ...t.slice(1).map((x) => [...x].length))));
  const sum = weights.reduce((a, b) => a + b, 0);
  return mins.map((m, i) => Math.floor(m + ((width - minSum) * weights[i]) / sum));
}

function cell(c: Cell, header = false, width?: number): TableCell {
  const fill = FILL[cellTone(c) ?? "muted"];
  return new TableCell({
    children: [para(cellText(c), header)],
    ...(width === undefined ? {} : { width: { size: width, type: WidthType.DXA } }),
    shading: header
      ? { type: ShadingType.CLEAR, color: "auto", fill: "EDEFF3" }
      : fill
        ? { type: ShadingType.CLEAR, color: "auto", fill }
        : undefined,
  });
}

function table(columns: string[], rows: Cell[][], noHeader = false): Table {
  const widths = columnWidths(columns, rows, textWidth);
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      ...(noHeader
        ? []
        : [new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c, true, widths[i])) })]),
      ...rows.map((r) => new TableRow({ children: columns.map((_, i) => cell(r[i], false, widths[i])) })),
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

/** The document-control block of the first page: the control facts (with the scope after the organisation). */
function controlBlock(doc: Doc): (Paragraph | Table)[] {
  const m = doc.meta;
  const facts: [string, Cell][] = controlFacts(doc.title, m);
  if (m.scope) facts.splice(facts[0]?.[0] === "Organisation" ? 1 : 0, 0, ["Scope", m.scope]);
  const out: (Paragraph | Table)[] = [para("Document control", true), table(["", ""], facts, true)];
  const sign = signOff(doc);
  if (sign) out.push(para("Sign-off", true), table(sign.columns, sign.rows));
  return out;
}

/** The running footer: organisation, report and classification left, "Page x of y" right. */
function footer(doc: Doc): Footer {
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: TabStopPosition.MAX }],
        children: [
          new TextRun({ text: xmlText(footerText(doc.title, doc.meta)), size: 16 }),
          new TextRun({
            children: ["\tPage ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES],
            size: 16,
          }),
        ],
      }),
    ],
  });
}

/**
 * The same report gives the same bytes: the package's created and modified dates (which docx takes from
 * the clock) become the as-of date, and every zip entry gets the as-of date as its time, in its order.
 */
export function fixDates(docx: Uint8Array, asOf: string): Buffer {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  const when = d ? `${asOf}T00:00:00Z` : "1980-01-01T00:00:00Z";
  // The zip's DOS time has no zone: local midnight of the day gives the same bytes everywhere.
  const mtime = d ? new Date(+d[1], +d[2] - 1, +d[3]) : new Date(1980, 0, 1);
  const files = unzipSync(docx);
  const core = files["docProps/core.xml"];
  if (core)
    files["docProps/core.xml"] = strToU8(
      strFromU8(core)
        .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${when}$2`)
        .replace(
          /<cp:lastModifiedBy>[^<]*<\/cp:lastModifiedBy>/,
          "<cp:lastModifiedBy>isms</cp:lastModifiedBy>",
        ),
    );
  return Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { mtime }]])), {
      level: 6,
      mtime,
    }),
  );
}

export async function renderDocx(doc: Doc): Promise<Buffer> {
  const m = doc.meta;
  const wide = isWide(doc);
  textWidth = wide ? LANDSCAPE_WIDTH : PORTRAIT_WIDTH;
  const children = [
    new Paragraph({ text: xmlText(doc.title), heading: HeadingLevel.TITLE }),
    ...controlBlock(doc),
    ...(m.errors ? [para(errorBanner(m.errors), true)] : []),
    ...doc.blocks.flatMap(block),
  ];
  const word = new Document({
    creator: "isms",
    title: xmlText(doc.title),
    subject: xmlText(footerText(doc.title, m)),
    description: xmlText(`${doc.title}${m.organisation ? `, ${m.organisation}` : ""}, as of ${m.asOf}`),
    sections: [
      {
        properties: wide ? { page: { size: { orientation: PageOrientation.LANDSCAPE } } } : {},
        footers: { default: footer(doc) },
        children,
      },
    ],
  });
  return fixDates(await Packer.toBuffer(word), m.asOf);
}
