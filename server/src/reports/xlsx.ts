// Excel workbooks (.xlsx, SpreadsheetML) for the registers, written here on the zip library the bundle
// already has (fflate, through docx): the register and every table of the report, one sheet each, with
// a bold frozen header row, an auto-filter, real dates and numbers, column widths from the content and
// level cells coloured like the heat map; then the document control. Text a spreadsheet would take for
// a formula is stored as text with Excel's quote prefix (what the CSV's leading apostrophe does), and
// every text goes through xmlText. The same report gives the same bytes: fixed zip timestamps, and core
// properties dated from the report's as-of date, never the clock.
import { zipSync, strToU8 } from "fflate";
import {
  cellText,
  cellTone,
  controlFacts,
  errorBanner,
  footerText,
  xmlText,
  type Cell,
  type Doc,
  type Tone,
} from "./doc";

/** Fill and font colour of a tone: the heat map's colours for levels, pale ones for states. */
const TONE_STYLE: Record<Tone, { fill?: string; font?: string }> = {
  critical: { fill: "B3261E", font: "FFFFFF" },
  high: { fill: "E8710A" },
  medium: { fill: "F2C94C" },
  low: { fill: "5CB85C" },
  bad: { fill: "F4C7C3" },
  warn: { fill: "FCEFC2" },
  good: { fill: "D3EDD3" },
  muted: { font: "5D6675" },
};

const HEADER_FILL = "EDEFF3";
/** Excel's limit on the characters of a cell. */
const MAX_CELL = 32767;

/** What a sheet holds: a title for its name, its columns and rows. */
interface SheetTable {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** XML text: only characters XML 1.0 allows, one line, escaped. */
const x = (text: string): string =>
  xmlText(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Text a spreadsheet would read as a formula (or a DDE command): =, +, -, @, tab or CR first. */
export const formulaLike = (text: string): boolean => /^[=+\-@\t\r]/.test(text);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,10})?$/;

/** An ISO date as Excel's serial (days since 1899-12-30); undefined when not a real date. */
export function dateSerial(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const d = new Date(t);
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    return undefined;
  const serial = Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
  return serial >= 61 ? serial : undefined; // before March 1900 Excel's calendar is off by one
}

/** A sheet name Excel accepts: no []:*?/\, not quoted at the ends, at most 31 characters, unique. */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = xmlText(wanted)
    .replace(/[[\]:*?/\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "")
    .trim();
  if (!base || base.toLowerCase() === "history") base = base ? `${base} sheet` : "Sheet";
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    // Cut by code points, never inside a surrogate pair.
    const name =
      [...base]
        .slice(0, 31 - suffix.length)
        .join("")
        .trimEnd() + suffix;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** A1-style column letters of a 0-based index. */
export function colName(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The cell styles a workbook uses, numbered in the order first asked for (the same report, the same ids). */
class Styles {
  private readonly fills = ["", "gray125", HEADER_FILL];
  private readonly fonts = ["", "bold"];
  private readonly xfs: string[] = [`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`];
  private readonly byKey = new Map<string, number>([["", 0]]);

  id(o: { header?: boolean; bold?: boolean; date?: boolean; quote?: boolean; tone?: Tone }): number {
    const key = [
      o.header ? "h" : "",
      o.bold ? "b" : "",
      o.date ? "d" : "",
      o.quote ? "q" : "",
      o.tone ?? "",
    ].join("|");
    if (key === "||||") return 0;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const tone = o.tone ? TONE_STYLE[o.tone] : {};
    const fill = o.header ? HEADER_FILL : tone.fill;
    const fontKey = `${o.header || o.bold || o.tone === "critical" ? "bold" : ""}${tone.font ? `:${tone.font}` : ""}`;
    const fillId = fill ? this.index(this.fills, fill) : 0;
    const fontId = fontKey ? this.index(this.fonts, fontKey) : 0;
    const attrs = [
      `numFmtId="${o.date ? 164 : 0}"`,
      `fontId="${fontId}"`,
      `fillId="${fillId}"`,
      `borderId="0"`,
      `xfId="0"`,
      ...(o.date ? [`applyNumberFormat="1"`] : []),
      ...(fontId ? [`applyFont="1"`] : []),
      ...(fillId ? [`applyFill="1"`] : []),
      ...(o.quote ? [`quotePrefix="1"`] : []),
      ...(o.header ? [`applyAlignment="1"`] : []),
    ];
    const id = this.xfs.length;
    this.xfs.push(
      o.header
        ? `<xf ${attrs.join(" ")}><alignment vertical="top" wrapText="1"/></xf>`
        : `<xf ${attrs.join(" ")}/>`,
    );
    this.byKey.set(key, id);
    return id;
  }

  private index(list: string[], v: string): number {
    const i = list.indexOf(v);
    if (i >= 0) return i;
    list.push(v);
    return list.length - 1;
  }

  xml(): string {
    const font = (k: string) => {
      const [weight, color] = k.split(":");
      return `<font>${weight === "bold" ? "<b/>" : ""}<sz val="11"/>${color ? `<color rgb="FF${color}"/>` : ""}<name val="Calibri"/><family val="2"/></font>`;
    };
    const fill = (f: string) =>
      f === ""
        ? `<fill><patternFill patternType="none"/></fill>`
        : f === "gray125"
          ? `<fill><patternFill patternType="gray125"/></fill>`
          : `<fill><patternFill patternType="solid"><fgColor rgb="FF${f}"/><bgColor indexed="64"/></patternFill></fill>`;
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      `<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>` +
      `<fonts count="${this.fonts.length}">${this.fonts.map(font).join("")}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.map(fill).join("")}</fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join("")}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `</styleSheet>`
    );
  }
}

/** What a column holds: dates, numbers, or text (the default). */
type ColumnType = "date" | "number" | "text";

function columnTypes(columns: string[], rows: Cell[][]): ColumnType[] {
  return columns.map((_, i) => {
    let date = true;
    let number = true;
    let seen = false;
    for (const r of rows) {
      const c = r[i];
      if (typeof c === "number") {
        date = false;
        seen = true;
        continue;
      }
      const t = cellText(c).trim();
      if (!t) continue;
      seen = true;
      if (dateSerial(t) === undefined) date = false;
      if (!PLAIN_NUMBER.test(t)) number = false;
      if (!date && !number) break;
    }
    return !seen ? "text" : date ? "date" : number ? "number" : "text";
  });
}

interface Written {
  xml: string;
  /** The auto-filter range ("A2:F20"), for the workbook's defined name. */
  filter?: string;
}

function sheetXml(
  t: SheetTable,
  styles: Styles,
  opts: { banner?: string; footer: string; landscape: boolean; first: boolean; filter: boolean },
): Written {
  const types = columnTypes(t.columns, t.rows);
  const widths = t.columns.map((c) => Math.max(8, [...c].length + 2));
  const rows: string[] = [];
  let r = 0;
  const strCell = (ref: string, text: string, style: number) => {
    const v = x(text.slice(0, MAX_CELL));
    const space = /^\s|\s$/.test(v) ? ` xml:space="preserve"` : "";
    return `<c r="${ref}"${style ? ` s="${style}"` : ""} t="inlineStr"><is><t${space}>${v}</t></is></c>`;
  };
  if (opts.banner) {
    r++;
    rows.push(`<row r="${r}">${strCell(`A${r}`, opts.banner, styles.id({ bold: true, tone: "bad" }))}</row>`);
  }
  const headerRow = ++r;
  const header = styles.id({ header: true });
  rows.push(
    `<row r="${r}">${t.columns.map((c, i) => strCell(`${colName(i)}${r}`, c, header)).join("")}</row>`,
  );
  for (const row of t.rows) {
    r++;
    const cells: string[] = [];
    t.columns.forEach((_, i) => {
      const c = row[i];
      const text = cellText(c);
      if (text === "") return;
      const ref = `${colName(i)}${r}`;
      const tone = cellTone(c);
      widths[i] = Math.max(widths[i], Math.min(60, [...text].length + 2));
      const serial = types[i] === "date" ? dateSerial(text.trim()) : undefined;
      if (serial !== undefined) {
        widths[i] = Math.max(widths[i], 12);
        const s = styles.id({ date: true, tone });
        cells.push(`<c r="${ref}"${s ? ` s="${s}"` : ""}><v>${serial}</v></c>`);
        return;
      }
      const num = typeof c === "number" ? c : types[i] === "number" ? Number(text.trim()) : undefined;
      if (num !== undefined && Number.isFinite(num)) {
        const s = styles.id({ tone });
        cells.push(`<c r="${ref}"${s ? ` s="${s}"` : ""}><v>${num}</v></c>`);
        return;
      }
      const one = xmlText(text);
      cells.push(strCell(ref, one, styles.id({ tone, quote: formulaLike(one) })));
    });
    rows.push(`<row r="${r}">${cells.join("")}</row>`);
  }
  const last = `${colName(Math.max(0, t.columns.length - 1))}${Math.max(r, headerRow)}`;
  const filter = opts.filter && t.columns.length ? `A${headerRow}:${last}` : undefined;
  const pane =
    `<pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="A${headerRow + 1}" sqref="A${headerRow + 1}"/>`;
  const footer = `&L${hf(opts.footer)}&RPage &P of &N`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<dimension ref="A1:${last}"/>` +
    `<sheetViews><sheetView${opts.first ? ` tabSelected="1"` : ""} workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (t.columns.length
      ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>`
      : "") +
    `<sheetData>${rows.join("")}</sheetData>` +
    (filter ? `<autoFilter ref="${filter}"/>` : "") +
    `<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.7" header="0.3" footer="0.3"/>` +
    `<pageSetup paperSize="9" orientation="${opts.landscape ? "landscape" : "portrait"}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${x(footer)}</oddFooter></headerFooter>` +
    `</worksheet>`;
  return { xml, filter };
}

/** Text for a header or footer: its & codes doubled, so a name like "R&D" prints as it is. */
const hf = (text: string) => xmlText(text).replace(/&/g, "&&");

/**
 * The tables of a report, each named after its caption or the heading above it. Tables of a section
 * (a level-2 heading) that have the same columns under different sub-headings are one sheet, each row
 * led by the sub-heading it stood under: the treatment plan's tables of each risk's controls and
 * actions are two sheets, not two per risk (thousands, in a large register).
 */
function tablesOf(doc: Doc): SheetTable[] {
  const out: SheetTable[] = [];
  if (doc.csv) out.push({ name: doc.title, columns: doc.csv.columns, rows: doc.csv.rows });
  let section = doc.title;
  let heading = doc.title;
  // Per section, the tables under sub-headings by their columns.
  let groups = new Map<
    string,
    { name: string; columns: string[]; parts: { under: string; rows: Cell[][] }[] }
  >();
  const flush = () => {
    for (const g of groups.values())
      if (g.parts.length === 1) out.push({ name: g.name, columns: g.columns, rows: g.parts[0].rows });
      else
        out.push({
          name: `${section}: ${g.columns[0] ?? ""}`,
          columns: ["Section", ...g.columns],
          rows: g.parts.flatMap((p) => p.rows.map((r) => [p.under, ...r])),
        });
    groups = new Map();
  };
  for (const b of doc.blocks) {
    if (b.kind === "heading") {
      if (b.level === 2) {
        flush();
        section = b.text;
      }
      heading = b.text;
    } else if (b.kind === "table") {
      const name = b.caption || heading;
      if (heading === section || b.caption) {
        flush();
        out.push({ name, columns: b.columns, rows: b.rows });
        continue;
      }
      const key = JSON.stringify(b.columns);
      const g = groups.get(key);
      if (g) g.parts.push({ under: heading, rows: b.rows });
      else groups.set(key, { name, columns: b.columns, parts: [{ under: heading, rows: b.rows }] });
    }
  }
  flush();
  return out;
}

/** The document control sheet: the control facts, then the report's summary facts under their headings. */
function controlTable(doc: Doc): SheetTable {
  const rows: Cell[][] = controlFacts(doc.title, doc.meta).map(([k, v]) => [k, v]);
  if (doc.meta.scope) rows.splice(1, 0, ["Scope", doc.meta.scope]);
  if (doc.meta.errors) rows.push(["Warning", { text: errorBanner(doc.meta.errors), tone: "bad" }]);
  let heading = "";
  for (const b of doc.blocks) {
    if (b.kind === "heading") heading = b.text;
    else if (b.kind === "facts")
      for (const [k, v] of b.items) rows.push([heading ? `${heading}: ${k}` : k, v]);
  }
  return { name: "Document control", columns: ["Field", "Value"], rows };
}

/** An Excel date-time of the as-of date at midnight, as W3CDTF. */
const w3c = (asOf: string) => (ISO_DATE.test(asOf) ? `${asOf}T00:00:00Z` : "1980-01-01T00:00:00Z");

export function renderXlsx(doc: Doc): Buffer {
  if (!doc.csv) throw new Error(`The ${doc.type} report has no register form (use md, html, pdf or docx)`);
  const m = doc.meta;
  const styles = new Styles();
  const taken = new Set<string>();
  const footer = footerText(doc.title, m);
  const banner = m.errors ? errorBanner(m.errors) : undefined;
  const tables = [...tablesOf(doc), controlTable(doc)];
  const sheets = tables.map((t, i) => {
    const name = sheetName(t.name, taken);
    const isControl = i === tables.length - 1;
    const written = sheetXml(t, styles, {
      banner: isControl ? undefined : banner,
      footer,
      landscape: t.columns.length > 6,
      first: i === 0,
      filter: !isControl,
    });
    return { name, ...written };
  });
  const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
  const abs = (range: string) => range.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
  const definedNames = sheets
    .map((s, i) =>
      s.filter
        ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${x(`${quoted(s.name)}!${abs(s.filter)}`)}</definedName>`
        : "",
    )
    .join("");
  const workbook =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<workbookPr date1904="false"/><bookViews><workbookView activeTab="0"/></bookViews>` +
    `<sheets>${sheets.map((s, i) => `<sheet name="${x(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets>` +
    (definedNames ? `<definedNames>${definedNames}</definedNames>` : "") +
    `</workbook>`;
  const rels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join("") +
    `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
    `</Relationships>`;
  const contentTypes =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join("") +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
    `</Types>`;
  const rootRels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
    `</Relationships>`;
  const when = w3c(m.asOf);
  const core =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${x(doc.title)}</dc:title>` +
    `<dc:subject>${x(footer)}</dc:subject>` +
    `<dc:creator>isms</dc:creator>` +
    `<dc:description>${x(`${doc.title}${m.organisation ? `, ${m.organisation}` : ""}, as of ${m.asOf}${m.source ? `, from ${m.source}` : ""}`)}</dc:description>` +
    `<cp:category>${x(m.classification ?? "Internal")}</cp:category>` +
    (m.version ? `<cp:version>${x(m.version)}</cp:version>` : "") +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    `</cp:coreProperties>`;
  const app =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>isms</Application>` +
    (m.organisation ? `<Company>${x(m.organisation)}</Company>` : "") +
    `</Properties>`;
  // Fixed timestamps: the as-of date at midnight in local time (the zip's DOS time has no zone), so the
  // same report gives the same bytes on every machine.
  const d = ISO_DATE.exec(m.asOf);
  const mtime = d ? new Date(+d[1], +d[2] - 1, +d[3]) : new Date(1980, 0, 1);
  const files: [string, string][] = [
    ["[Content_Types].xml", contentTypes],
    ["_rels/.rels", rootRels],
    ["docProps/app.xml", app],
    ["docProps/core.xml", core],
    ["xl/workbook.xml", workbook],
    ["xl/_rels/workbook.xml.rels", rels],
    ["xl/styles.xml", styles.xml()],
    ...sheets.map((s, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, s.xml]),
  ];
  const zip = zipSync(Object.fromEntries(files.map(([name, xml]) => [name, [strToU8(xml), { mtime }]])), {
    level: 6,
    mtime,
  });
  return Buffer.from(zip);
}
