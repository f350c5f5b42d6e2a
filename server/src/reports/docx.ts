// Word documents (roles, SoA) that officers hand over: headings, facts, tables with level colours, the
// heat map as a table and the organisation chart as an indented list. Built with the `docx` package,
// but for the tables (see tableXml).
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
  TextRun,
} from "docx";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { randomUUID } from "node:crypto";
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

/** The cell fill of each tone (the heat map's colours, pale). */
export const FILL: Partial<Record<Tone, string>> = {
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

// Tables are written here as WordprocessingML, not built from docx's objects: a register of 10,000 risks
// took docx 17 s and most of the memory of an audit pack. The XML is what docx writes for the same table
// (tests/reports/docx.test.ts compares the two); renderDocx puts a placeholder paragraph where each table
// goes and swaps it for the table's XML in the document docx packed.

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
const BORDER = 'w:val="single" w:color="auto" w:sz="4"';
const BORDERS = ["top", "left", "bottom", "right", "insideH", "insideV"]
  .map((b) => `<w:${b} ${BORDER}/>`)
  .join("");

function cellXml(c: Cell, header: boolean, width: number): string {
  const fill = header ? "EDEFF3" : FILL[cellTone(c) ?? "muted"];
  const shading = fill ? `<w:shd w:fill="${fill}" w:color="auto" w:val="clear"/>` : "";
  const bold = header ? "<w:b/><w:bCs/>" : '<w:b w:val="false"/><w:bCs w:val="false"/>';
  return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${shading}</w:tcPr><w:p><w:r><w:rPr>${bold}</w:rPr><w:t xml:space="preserve">${escapeXml(xmlText(cellText(c)))}</w:t></w:r></w:p></w:tc>`;
}

/** A table's XML: the page's text width, fixed layout, columns weighted to their content. */
export function tableXml(columns: string[], rows: Cell[][], width: number, noHeader = false): string {
  const widths = columnWidths(columns, rows, width);
  const out = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${width}"/><w:tblBorders>${BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`,
    ...widths.map((w) => `<w:gridCol w:w="${w}"/>`),
    "</w:tblGrid>",
  ];
  if (!noHeader)
    out.push(
      `<w:tr><w:trPr><w:tblHeader/></w:trPr>${columns.map((c, i) => cellXml(c, true, widths[i])).join("")}</w:tr>`,
    );
  for (const r of rows)
    out.push(`<w:tr>${columns.map((_, i) => cellXml(r[i], false, widths[i])).join("")}</w:tr>`);
  out.push("</w:tbl>");
  return out.join("");
}

/** The tables of the document being rendered, and the text of their placeholders (set by renderDocx). */
let tables: string[] = [];
let marker = "";

function table(columns: string[], rows: Cell[][], noHeader = false): Paragraph {
  tables.push(tableXml(columns, rows, textWidth, noHeader));
  return new Paragraph({ children: [new TextRun(`${marker}${tables.length - 1}.`)] });
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

function block(b: Block): Paragraph[] {
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
function controlBlock(doc: Doc): Paragraph[] {
  const m = doc.meta;
  const facts: [string, Cell][] = controlFacts(doc.title, m);
  if (m.scope) facts.splice(facts[0]?.[0] === "Organisation" ? 1 : 0, 0, ["Scope", m.scope]);
  const out: Paragraph[] = [para("Document control", true), table(["", ""], facts, true)];
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
 * The document docx packed, finished: its tables in place of their placeholders (`mark` and the table's
 * number), and the same bytes for the same report: the package's created and modified dates (which docx
 * takes from the clock) become the as-of date, and every zip entry gets the as-of date as its time, in
 * its order.
 */
export function finishDocx(
  docx: Uint8Array,
  asOf: string,
  tableXmls: readonly string[] = [],
  mark = "",
): Buffer {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  const when = d ? `${asOf}T00:00:00Z` : "1980-01-01T00:00:00Z";
  // The zip's DOS time has no zone: local midnight of the day gives the same bytes everywhere.
  const mtime = d ? new Date(+d[1], +d[2] - 1, +d[3]) : new Date(1980, 0, 1);
  const files = unzipSync(docx);
  const body = files["word/document.xml"];
  if (body && tableXmls.length)
    files["word/document.xml"] = strToU8(withTables(strFromU8(body), tableXmls, mark));
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

/** The document's XML with each placeholder paragraph (`<mark><n>.`) replaced by table n. */
function withTables(xml: string, tableXmls: readonly string[], mark: string): string {
  const out: string[] = [];
  let from = 0;
  for (let at = xml.indexOf(mark); at !== -1; at = xml.indexOf(mark, from)) {
    const start = xml.lastIndexOf("<w:p>", at);
    const end = xml.indexOf("</w:p>", at) + "</w:p>".length;
    const n = Number(/^(\d+)\./.exec(xml.slice(at + mark.length, at + mark.length + 12))?.[1]);
    if (start < from || end < at || !(n in tableXmls))
      throw new Error("docx: a table's placeholder was not found");
    out.push(xml.slice(from, start), tableXmls[n]);
    from = end;
  }
  out.push(xml.slice(from));
  return out.join("");
}

export async function renderDocx(doc: Doc): Promise<Buffer> {
  const m = doc.meta;
  const wide = isWide(doc);
  textWidth = wide ? LANDSCAPE_WIDTH : PORTRAIT_WIDTH;
  tables = [];
  // No text of the report holds it (a new one per document): placeholders are found by it alone.
  marker = `isms-table-${randomUUID()}-`;
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
  // The tables were made above, synchronously: another document may be rendered while this one packs.
  const made = tables;
  const mark = marker;
  tables = [];
  return finishDocx(await Packer.toBuffer(word), m.asOf, made, mark);
}
