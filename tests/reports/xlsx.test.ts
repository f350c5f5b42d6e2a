// Excel output: the workbook is unzipped and its sheets read back cell by cell (values, types, styles),
// from a small ISMS written here (a formula-looking title, a critical risk, dates), from the example, and
// from hand-built documents (sheet names, an ISMS without errors, characters XML cannot hold).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { Doc } from "../../server/src/reports/doc";
import { REPORTS } from "../../server/src/reports/index";
import { colName, dateSerial, renderXlsx, sheetName } from "../../server/src/reports/xlsx";
import { unzipFile, zipEntries } from "../zip";
import { cli, exampleCopy } from "./helpers";

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

interface XCell {
  /** "s" inline string, "n" number. */
  type: "s" | "n";
  value: string;
  style: number;
}

const unxml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The cells of a sheet by reference ("B3"). */
function cells(sheet: string): Map<string, XCell> {
  const out = new Map<string, XCell>();
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?( t="inlineStr")?>(.*?)<\/c>/g)) {
    const body = m[4];
    const value = m[3] ? /<t[^>]*>(.*?)<\/t>/.exec(body)?.[1] : /<v>(.*?)<\/v>/.exec(body)?.[1];
    assert.ok(!/<f>/.test(body), `${m[1]} holds no formula`);
    out.set(m[1], { type: m[3] ? "s" : "n", value: unxml(value ?? ""), style: Number(m[2] ?? 0) });
  }
  return out;
}

/** A small well-formedness check: balanced tags, no stray < or &, attributes quoted. */
function wellFormed(xml: string, name: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  for (const m of body.matchAll(/<([^>]*)>|([^<]+)/g)) {
    if (m[2] !== undefined) {
      assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[2]), `${name}: a bare & in ${m[2].slice(0, 40)}`);
      continue;
    }
    const tag = m[1];
    assert.ok(!tag.includes("<"), `${name}: < inside a tag`);
    const attrs = tag.replace(/^\/?[\w:.-]+/, "").replace(/\/$/, "");
    assert.match(attrs, /^(\s+[\w:.-]+="[^"<]*")*\s*$/, `${name}: attributes of <${tag.slice(0, 40)}>`);
    if (tag.startsWith("/")) assert.equal(stack.pop(), tag.slice(1), `${name}: closing ${tag}`);
    else if (!tag.endsWith("/")) stack.push(/^[\w:.-]+/.exec(tag)?.[0] ?? "");
  }
  assert.deepEqual(stack, [], `${name}: every element closed`);
}

interface Style {
  numFmtId: number;
  fill?: string;
  bold: boolean;
  quotePrefix: boolean;
}

/** The cell styles (cellXfs) with their fill colour and font weight resolved. */
function styles(xml: string): Style[] {
  const fills = [...(/<fills[^>]*>(.*?)<\/fills>/.exec(xml)?.[1] ?? "").matchAll(/<fill>(.*?)<\/fill>/g)].map(
    (m) => /fgColor rgb="FF([0-9A-F]{6})"/.exec(m[1])?.[1],
  );
  const fonts = [...(/<fonts[^>]*>(.*?)<\/fonts>/.exec(xml)?.[1] ?? "").matchAll(/<font>(.*?)<\/font>/g)].map(
    (m) => m[1].includes("<b/>"),
  );
  const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(xml)?.[1] ?? "";
  return [...xfs.matchAll(/<xf ([^>]*?)\/?>/g)].map((m) => {
    const a = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(m[1])?.[1];
    return {
      numFmtId: Number(a("numFmtId")),
      fill: fills[Number(a("fillId"))],
      bold: fonts[Number(a("fontId"))] ?? false,
      quotePrefix: a("quotePrefix") === "1",
    };
  });
}

interface Book {
  names: string[];
  sheets: string[];
  styles: Style[];
  core: string;
  workbook: string;
}

function book(zip: Buffer): Book {
  const workbook = unzipFile(zip, "xl/workbook.xml") ?? "";
  const names = [...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((m) => unxml(m[1]));
  return {
    names,
    sheets: names.map((_, i) => unzipFile(zip, `xl/worksheets/sheet${i + 1}.xml`) ?? ""),
    styles: styles(unzipFile(zip, "xl/styles.xml") ?? ""),
    core: unzipFile(zip, "docProps/core.xml") ?? "",
    workbook,
  };
}

/** A small ISMS: a critical risk with a formula-looking title and threat, and a low accepted one. */
function smallIsms(): string {
  const dir = mkdtempSync(join(tmpdir(), "isms-xlsx-"));
  made.push(dir);
  writeFileSync(join(dir, "isms.yaml"), "kind: isms\norganisation: R&D Labs\nclassification: Confidential\n");
  writeFileSync(
    join(dir, "roles.yaml"),
    [
      "kind: roles",
      "roles:",
      "  - id: ciso",
      "    title: Chief Information Security Officer",
      "    holder: Ana Lima",
      "    reviewed: 2026-06-01",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "risks.yaml"),
    [
      "kind: risks",
      "risks:",
      "  - id: R-1",
      `    title: '=HYPERLINK("http://example.invalid","click")'`,
      "    owner: ciso",
      `    threat: "@SUM(1+1)"`,
      "    likelihood: 5",
      "    impact: 5",
      "    treatment: mitigate",
      "    status: open",
      "    reviewed: 2026-06-01",
      "  - id: R-2",
      "    title: Lost laptop",
      "    owner: ciso",
      "    likelihood: 1",
      "    impact: 2",
      "    treatment: accept",
      "    accepted_by: ciso",
      "    accepted_on: 2026-02-01",
      "    status: open",
      "    reviewed: 2026-06-01",
      "",
    ].join("\n"),
  );
  return dir;
}

describe("xlsx", () => {
  test("the registers offer xlsx, derived from csv; the others do not", () => {
    const xlsx = REPORTS.filter((r) => r.formats.includes("xlsx")).map((r) => r.id);
    for (const id of [
      "risk-register",
      "treatment-plan",
      "soa",
      "obligations",
      "improvements",
      "overdue",
      "readiness",
    ])
      assert.ok(xlsx.includes(id), `${id} offers xlsx`);
    for (const id of ["roles", "audits", "context", "changes"])
      assert.ok(!xlsx.includes(id), `${id} has no xlsx`);
    for (const r of REPORTS) assert.equal(r.formats.includes("xlsx"), r.formats.includes("csv"), r.id);
  });

  test("the risk register reads back: sheets, frozen header, filter, numbers, dates, levels, formulas", async () => {
    const dir = smallIsms();
    const out = join(dir, "out", "risks.xlsx");
    const res = await cli(["report", "risk-register", dir, "--format", "xlsx", "--out", out], dir);
    assert.equal(res.code, 0, res.stderr);
    const zip = readFileSync(out);
    assert.deepEqual(
      zipEntries(zip).map((e) => e.name),
      [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/worksheets/sheet4.xml",
        "xl/worksheets/sheet5.xml",
      ],
    );
    const b = book(zip);
    assert.deepEqual(b.names, [
      "Risk register",
      "Risks above appetite",
      "Register",
      "Risk treatment plan",
      "Document control",
    ]);
    const reg = cells(b.sheets[0]);
    // Row 1: the ISMS has errors (no SoA): the warning, bold; row 2: the header, bold and frozen.
    assert.match(reg.get("A1")!.value, /^Warning: the ISMS has 1 error \(in isms\.yaml\)/);
    assert.equal(b.styles[reg.get("A1")!.style].bold, true);
    assert.deepEqual(
      ["A2", "B2", "G2", "J2", "R2", "U2"].map((r) => reg.get(r)?.value),
      ["id", "title", "likelihood", "inherent_level", "accepted_on", "next_review"],
    );
    for (const r of ["A2", "U2"]) assert.equal(b.styles[reg.get(r)!.style].bold, true, `${r} bold`);
    assert.match(b.sheets[0], /<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(b.sheets[0], /<autoFilter ref="A2:U4"\/>/);
    assert.match(
      b.workbook,
      /<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Risk register'!\$A\$2:\$U\$4<\/definedName>/,
    );
    // a formula-looking title and threat stay text, shown as typed (quote prefix), never a formula.
    assert.deepEqual(reg.get("B3"), {
      ...reg.get("B3")!,
      type: "s",
      value: '=HYPERLINK("http://example.invalid","click")',
    });
    assert.equal(b.styles[reg.get("B3")!.style].quotePrefix, true);
    assert.equal(reg.get("E3")?.value, "@SUM(1+1)");
    assert.equal(b.styles[reg.get("E3")!.style].quotePrefix, true);
    assert.equal(b.styles[reg.get("A3")!.style].quotePrefix, false);
    // Numbers are numbers: likelihood 5, impact 5, score 25.
    assert.deepEqual(
      ["G3", "H3", "I3"].map((r) => [reg.get(r)?.type, reg.get(r)?.value]),
      [
        ["n", "5"],
        ["n", "5"],
        ["n", "25"],
      ],
    );
    // Levels coloured like the heat map: Critical red, Low green.
    assert.equal(reg.get("J3")?.value, "Critical");
    assert.equal(b.styles[reg.get("J3")!.style].fill, "B3261E");
    assert.equal(reg.get("J4")?.value, "Low");
    assert.equal(b.styles[reg.get("J4")!.style].fill, "5CB85C");
    // A real date: R-2 accepted on 2026-02-01 is serial 46054, in a yyyy-mm-dd format.
    assert.deepEqual([reg.get("R4")?.type, reg.get("R4")?.value], ["n", "46054"]);
    assert.equal(b.styles[reg.get("R4")!.style].numFmtId, 164);
    assert.match(unzipFile(zip, "xl/styles.xml")!, /<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"\/>/);
    // Next review of R-2: reviewed 2026-06-01, Low every 12 months: 2027-06-01 = 46539.
    assert.deepEqual([reg.get("U4")?.type, reg.get("U4")?.value], ["n", "46539"]);
    // Column widths from the content: the title column is wider than the id column.
    const width = (col: number) =>
      Number(new RegExp(`<col min="${col}" max="${col}" width="(\\d+)"`).exec(b.sheets[0])?.[1]);
    assert.equal(width(1), 8);
    assert.equal(width(2), 46); // the 44-character title + 2
    // Document control sheet.
    const control = cells(b.sheets[4]);
    const facts = new Map<string, string>();
    for (let r = 2; control.has(`A${r}`); r++)
      facts.set(control.get(`A${r}`)!.value, control.get(`B${r}`)?.value ?? "");
    assert.equal(facts.get("Organisation"), "R&D Labs");
    assert.equal(facts.get("Report"), "Risk register");
    assert.equal(facts.get("Classification"), "Confidential");
    assert.equal(facts.get("As of"), "2026-11-29");
    assert.equal(facts.get("Version"), "working copy (not from a git commit)");
    // Printed: A4, footer with organisation, report, classification and page x of y (& doubled).
    assert.match(b.sheets[0], /<pageSetup paperSize="9" orientation="landscape"/);
    assert.match(
      b.sheets[0],
      /<oddFooter>&amp;LR&amp;&amp;D Labs · Risk register · Confidential&amp;RPage &amp;P of &amp;N<\/oddFooter>/,
    );
    // Core properties dated from the as-of date, never the clock.
    assert.match(
      b.core,
      /<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-29T00:00:00Z<\/dcterms:created>/,
    );
    assert.match(
      b.core,
      /<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-29T00:00:00Z<\/dcterms:modified>/,
    );
    assert.match(b.core, /<cp:category>Confidential<\/cp:category>/);
  });

  test("the same report gives the same bytes, whatever the clock", async () => {
    const dir = exampleCopy();
    made.push(dir);
    const a = join(dir, "a.xlsx");
    const c = join(dir, "c.xlsx");
    assert.equal((await cli(["report", "soa", dir, "--format", "xlsx", "--out", a], dir)).code, 0);
    await new Promise((r) => setTimeout(r, 2100)); // past the zip's 2-second time resolution
    assert.equal((await cli(["report", "soa", dir, "--format", "xlsx", "--out", c], dir)).code, 0);
    assert.ok(readFileSync(a).equals(readFileSync(c)), "identical bytes");
    // Every zip entry carries the as-of date (2026-11-29 00:00 local: DOS date 0x5D7D, time 0).
    const zip = readFileSync(a);
    for (const e of zipEntries(zip)) {
      const at = e.local;
      assert.equal(zip.readUInt16LE(at + 10), 0, `${e.name} time`);
      assert.equal(zip.readUInt16LE(at + 12), ((2026 - 1980) << 9) | (11 << 5) | 29, `${e.name} date`);
    }
    const b = book(zip);
    assert.equal(b.names[0], "Statement of Applicability");
    assert.ok(b.names.includes("Organizational controls"), b.names.join(", "));
    const soa = cells(b.sheets[0]);
    assert.equal(soa.get("A2")?.value, "control");
    assert.equal(soa.get("A3")?.value, "A.5.1");
  });

  test("a workbook of a report without errors: header in row 1; sheet names made valid and unique", () => {
    const doc: Doc = {
      type: "t",
      title: "Test",
      meta: { asOf: "2026-01-02", organisation: "Acme" },
      blocks: [
        { kind: "heading", level: 2, text: "Risks: [open]/*closed?*\\" },
        { kind: "table", columns: ["id", "n"], rows: [["A\uFFFEB\u0007", 1]] },
        { kind: "heading", level: 2, text: "Risks: [open]/*closed?*\\" },
        { kind: "table", columns: ["id"], rows: [["x"]] },
        { kind: "heading", level: 2, text: "A very long heading that goes well past thirty-one characters" },
        { kind: "table", columns: ["when"], rows: [["2026-02-30"], ["2026-03-01"]] },
      ],
      csv: { columns: ["id", "due"], rows: [["R-1", "2026-01-31"]] },
    };
    const b = book(renderXlsx(doc));
    assert.deepEqual(b.names, [
      "Test",
      "Risks open closed",
      "Risks open closed (2)",
      "A very long heading that goes w",
      "Document control",
    ]);
    for (const n of b.names) assert.ok(n.length <= 31 && !/[[\]:*?/\\]/.test(n), n);
    const first = cells(b.sheets[0]);
    assert.equal(first.get("A1")?.value, "id");
    assert.match(b.sheets[0], /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(b.sheets[0], /<autoFilter ref="A1:B2"\/>/);
    assert.deepEqual([first.get("B2")?.type, first.get("B2")?.value], ["n", "46053"]);
    // Characters XML 1.0 cannot hold are gone; a number cell stays a number.
    const second = cells(b.sheets[1]);
    assert.equal(second.get("A2")?.value, "AB");
    assert.deepEqual([second.get("B2")?.type, second.get("B2")?.value], ["n", "1"]);
    // 2026-02-30 is no date: the column stays text.
    const third = cells(b.sheets[3]);
    assert.deepEqual([third.get("A2")?.type, third.get("A2")?.value], ["s", "2026-02-30"]);
    assert.deepEqual([third.get("A3")?.type, third.get("A3")?.value], ["s", "2026-03-01"]);
  });

  test("a section's tables of the same columns under sub-headings are one sheet, rows led by their sub-heading", () => {
    const doc: Doc = {
      type: "t",
      title: "Plan",
      meta: { asOf: "2026-01-02", organisation: "Acme" },
      blocks: [
        { kind: "heading", level: 2, text: "Plans" },
        { kind: "table", columns: ["Risk", "Title"], rows: [["R-1", "One"]] },
        { kind: "heading", level: 2, text: "Plan by risk" },
        { kind: "heading", level: 3, text: "R-1 One" },
        { kind: "table", columns: ["Control", "Status"], rows: [["A.5.1", "implemented"]] },
        { kind: "table", columns: ["Action", "Due"], rows: [["Patch", "2026-02-01"]] },
        { kind: "heading", level: 3, text: "R-2 Two" },
        {
          kind: "table",
          columns: ["Control", "Status"],
          rows: [
            ["A.8.8", "planned"],
            ["A.8.9", "planned"],
          ],
        },
        { kind: "heading", level: 2, text: "Other" },
        { kind: "heading", level: 3, text: "Only one" },
        { kind: "table", columns: ["Control", "Status"], rows: [["A.5.2", "planned"]] },
      ],
      csv: { columns: ["Risk"], rows: [["R-1"]] },
    };
    const b = book(renderXlsx(doc));
    assert.deepEqual(b.names, [
      "Plan",
      "Plans",
      "Plan by risk Control",
      "R-1 One",
      "Only one",
      "Document control",
    ]);
    const controls = cells(b.sheets[2]);
    const row = (n: number) => ["A", "B", "C"].map((c) => controls.get(`${c}${n}`)?.value);
    assert.deepEqual(row(1), ["Section", "Control", "Status"]);
    assert.deepEqual(row(2), ["R-1 One", "A.5.1", "implemented"]);
    assert.deepEqual(row(3), ["R-2 Two", "A.8.8", "planned"]);
    assert.deepEqual(row(4), ["R-2 Two", "A.8.9", "planned"]);
    // A table alone with its columns keeps its own sheet, named after its heading.
    assert.equal(cells(b.sheets[3]).get("A1")?.value, "Action");
  });

  test("hostile text stays text: every part is well-formed XML, the values read back as given", () => {
    const evil = `<b>R&D</b> "quoted" 'single' ]]> &amp; \u{1F600}`;
    const doc: Doc = {
      type: "t",
      title: `Title ${evil}`,
      meta: { asOf: "2026-01-02", organisation: evil, classification: evil, version: evil },
      blocks: [
        { kind: "heading", level: 2, text: evil },
        { kind: "table", columns: [evil], rows: [[evil], [{ text: "=1+1", tone: "critical" }]] },
      ],
      csv: { columns: ["a"], rows: [[evil]] },
    };
    const zip = renderXlsx(doc);
    for (const e of zipEntries(zip)) wellFormed(unzipFile(zip, e.name) ?? "", e.name);
    const b = book(zip);
    assert.equal(cells(b.sheets[0]).get("A2")?.value, evil);
    // The heading as a sheet name: / ] [ gone, cut to 31 characters.
    assert.equal(b.names[1], `<b>R&D< b> "quoted" 'single' >`);
    const second = cells(b.sheets[1]);
    assert.equal(second.get("A1")?.value, evil);
    assert.equal(second.get("A3")?.value, "=1+1");
    const style = b.styles[second.get("A3")!.style];
    assert.deepEqual([style.quotePrefix, style.fill, style.bold], [true, "B3261E", true]);
    assert.match(b.core, /<dc:title>Title &lt;b&gt;R&amp;D&lt;\/b&gt; &quot;quoted&quot;/);
  });

  test("helpers: column letters, date serials, sheet names", () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(colName), ["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    assert.equal(dateSerial("1900-03-01"), 61);
    assert.equal(dateSerial("2026-11-29"), 46355);
    assert.equal(dateSerial("2026-13-01"), undefined);
    const taken = new Set<string>();
    assert.equal(sheetName("'History'", taken), "History sheet");
    assert.equal(sheetName("", taken), "Sheet");
    assert.equal(sheetName("sheet", taken), "sheet (2)");
  });

  test("a report without a register has no xlsx", async () => {
    const dir = smallIsms();
    const res = await cli(["report", "roles", dir, "--format", "xlsx"], dir);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /the roles report comes as md, html, docx, pdf, not xlsx/);
  });
});
