// Word documents carry document control: the block on the first page (organisation, report, version,
// approver, classification, as-of date), the sign-off table of the roles, SoA and management review, the
// running footer with page x of y, landscape for wide tables, and the same bytes for the same report.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { cellText, cellTone, xmlText, type Cell } from "../../server/src/reports/doc";
import { columnWidths, FILL, tableXml } from "../../server/src/reports/docx";
import { random } from "../random";
import { unzipFile, zipEntries } from "../zip";
import { cli, docxText, exampleCopy } from "./helpers";

let dir: string;
before(() => {
  dir = exampleCopy();
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function docx(type: string, name = type): Promise<Buffer> {
  const out = join(dir, "out", `${name}.docx`);
  const res = await cli(["report", type, dir, "--format", "docx", "--out", out, "--force"], dir);
  assert.equal(res.code, 0, res.stderr);
  return readFileSync(out);
}

/** The label/value pairs of the first table of the body (the document-control block). */
function controlBlock(zip: Buffer): [string, string][] {
  const xml = unzipFile(zip, "word/document.xml") ?? "";
  const table = /<w:tbl>(.*?)<\/w:tbl>/.exec(xml)?.[1] ?? "";
  return [...table.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((row) => {
    const cells = [...row[1].matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) =>
      [...c[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
    );
    return [cells[0], cells[1]];
  });
}

const footerOf = (zip: Buffer) =>
  zipEntries(zip)
    .filter((e) => /^word\/footer\d+\.xml$/.test(e.name))
    .map((e) => unzipFile(zip, e.name) ?? "")
    .join("");

describe("docx document control", () => {
  test("the roles: the block on the first page, with the newest revision as version and approver", async () => {
    const zip = await docx("roles");
    assert.deepEqual(controlBlock(zip), [
      ["Organisation", "Acme Cloud Ltd"],
      [
        "Scope",
        "The development, operation and support of the Acme Ledger SaaS platform, delivered from AWS eu-west-1 and eu-central-1, and the Leeds head office supporting it.",
      ],
      ["Report", "Roles, responsibilities and authorities"],
      ["Version", "revision 5 of 2026-10-19"],
      ["Approved by", "Priya Raman, Chief Executive Officer (ceo)"],
      ["Approved on", "2026-10-19"],
      ["Classification", "Internal"],
      ["As of", "2026-11-29"],
    ]);
    const text = docxText(zip);
    // The block comes right after the title, before the report's own content.
    assert.ok(text.startsWith("Roles, responsibilities and authorities\nDocument control\nOrganisation\n"));
    // The sign-off table: prepared by (no owner recorded), approved by, with room to sign.
    assert.match(
      text,
      /Sign-off\n\nName and role\nDate\nSignature\nPrepared by\n\n\n\nApproved by\nPriya Raman, Chief Executive Officer \(ceo\)\n2026-10-19\n/,
    );
    // The footer on every page: organisation, report, classification, then page x of y.
    const footer = footerOf(zip);
    assert.match(
      footer,
      /<w:t xml:space="preserve">Acme Cloud Ltd · Roles, responsibilities and authorities · Internal<\/w:t>/,
    );
    assert.match(
      footer,
      /Page <\/w:t>.*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.* of <\/w:t>.*<w:instrText xml:space="preserve">NUMPAGES<\/w:instrText>/,
    );
    // Portrait A4.
    assert.match(
      unzipFile(zip, "word/document.xml")!,
      /<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/,
    );
  });

  test("the SoA: its own version and approval, landscape for its nine-column tables", async () => {
    const zip = await docx("soa");
    const block = new Map(controlBlock(zip));
    assert.equal(block.get("Version"), "3.1");
    assert.equal(block.get("Approved by"), "Priya Raman, Chief Executive Officer (ceo)");
    assert.equal(block.get("Approved on"), "2026-03-02");
    assert.equal(block.get("Classification"), "Internal");
    assert.match(docxText(zip), /Sign-off\n/);
    assert.match(
      unzipFile(zip, "word/document.xml")!,
      /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/,
    );
    assert.match(footerOf(zip), /Acme Cloud Ltd · Statement of Applicability · Internal/);
    // Column widths weighted to their content: in the controls tables (Control, Title, Applicable,
    // Justification, ...), the justification is wider than "Applicable", and "Applicable" has room for
    // its word; the columns fill the landscape text width (16838 - 2 x 1440 twips) and no more.
    const xml = unzipFile(zip, "word/document.xml")!;
    const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) =>
      [...m[1].matchAll(/w:w="(\d+)"/g)].map((x) => Number(x[1])),
    );
    const controls = grids.find((g) => g.length === 9)!;
    assert.ok(controls[3] > controls[2], `justification ${controls[3]} wider than applicable ${controls[2]}`);
    assert.ok(controls[2] >= 10 * 115, `"Applicable" fits: ${controls[2]}`);
    const total = controls.reduce((a, b) => a + b, 0);
    assert.ok(total <= 13958 && total > 13900, `${total}`);
  });

  test("the manifest's classification is on the block and in the footer", async () => {
    const manifest = join(dir, "isms.yaml");
    const before = readFileSync(manifest, "utf8");
    writeFileSync(manifest, before.replace("framework:", "classification: Confidential\nframework:"));
    try {
      const zip = await docx("roles", "roles-confidential");
      assert.equal(new Map(controlBlock(zip)).get("Classification"), "Confidential");
      assert.match(footerOf(zip), /Acme Cloud Ltd · Roles, responsibilities and authorities · Confidential/);
      const md = (await cli(["report", "roles", dir], dir)).stdout;
      assert.match(md, /\*\*Classification:\*\* Confidential\n/);
    } finally {
      writeFileSync(manifest, before);
    }
  });

  test("the owner from the documents register entry whose path is the report's file", async () => {
    const register = join(dir, "documents.yaml");
    const before = readFileSync(register, "utf8");
    writeFileSync(
      register,
      before.replace(
        "documents:\n",
        "documents:\n  - id: DOC-SOA\n    title: Statement of Applicability\n    path: soa.yaml\n    owner: iso\n    version: '9.9'\n    reviewed: 2026-09-28\n\n",
      ),
    );
    try {
      const block = new Map(controlBlock(await docx("soa", "soa-owned")));
      assert.equal(block.get("Owner"), "Daniel Okafor, Information Security Officer (iso)");
      // The file's own version and approval come first.
      assert.equal(block.get("Version"), "3.1");
      assert.equal(block.get("Approved by"), "Priya Raman, Chief Executive Officer (ceo)");
      assert.match(
        docxText(await docx("soa", "soa-owned")),
        /Prepared by\nDaniel Okafor, Information Security Officer \(iso\)\n/,
      );
    } finally {
      writeFileSync(register, before);
    }
  });

  test("the same report gives the same bytes: dates from the as-of date, never the clock", async () => {
    const a = await docx("roles", "roles-a");
    await new Promise((r) => setTimeout(r, 2100)); // past the zip's 2-second time resolution
    const b = await docx("roles", "roles-b");
    assert.ok(a.equals(b), "identical bytes");
    const core = unzipFile(a, "docProps/core.xml")!;
    assert.match(core, /<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-29T00:00:00Z<\/dcterms:created>/);
    assert.match(
      core,
      /<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-29T00:00:00Z<\/dcterms:modified>/,
    );
    for (const e of zipEntries(a)) {
      assert.equal(a.readUInt16LE(e.local + 10), 0, `${e.name} time`);
      assert.equal(a.readUInt16LE(e.local + 12), ((2026 - 1980) << 9) | (11 << 5) | 29, `${e.name} date`);
    }
  });
});

describe("tables", () => {
  // The oracle: the table as docx builds it from its objects (what renderDocx did before it wrote
  // tables itself), packed alone in a document.
  async function docxTable(columns: string[], rows: Cell[][], width: number, noHeader: boolean) {
    const widths = columnWidths(columns, rows, width);
    const cell = (c: Cell, header: boolean, w: number) => {
      const fill = FILL[cellTone(c) ?? "muted"];
      return new TableCell({
        children: [new Paragraph({ children: [new TextRun({ text: xmlText(cellText(c)), bold: header })] })],
        width: { size: w, type: WidthType.DXA },
        shading: header
          ? { type: ShadingType.CLEAR, color: "auto", fill: "EDEFF3" }
          : fill
            ? { type: ShadingType.CLEAR, color: "auto", fill }
            : undefined,
      });
    };
    const t = new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        ...(noHeader
          ? []
          : [new TableRow({ tableHeader: true, children: columns.map((c, i) => cell(c, true, widths[i])) })]),
        ...rows.map((r) => new TableRow({ children: columns.map((_, i) => cell(r[i], false, widths[i])) })),
      ],
    });
    const zip = await Packer.toBuffer(new Document({ sections: [{ children: [t] }] }));
    const xml = unzipFile(zip, "word/document.xml") ?? "";
    return xml.slice(xml.indexOf("<w:tbl>"), xml.lastIndexOf("</w:tbl>") + "</w:tbl>".length);
  }
  const TONES = ["critical", "high", "medium", "low", "good", "warn", "bad", "muted"] as const;
  const TEXTS = [
    "",
    "R-001",
    "a & b < c > d \"q\" 'x'",
    "tab\there",
    "two\nlines",
    "😀 é €",
    "\ufffe\ud800x",
    "  spaced  ",
    "x".repeat(90),
  ];

  test("a table is written as docx writes it: header or not, every tone, any text", async () => {
    const rnd = random(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    for (let k = 0; k < 12; k++) {
      const n = 1 + Math.floor(rnd() * 5);
      const columns = Array.from({ length: n }, () => pick(TEXTS));
      const rows: Cell[][] = Array.from({ length: Math.floor(rnd() * 6) }, () =>
        columns.map((): Cell => {
          const r = rnd();
          return r < 0.1
            ? undefined
            : r < 0.2
              ? Math.floor(rnd() * 100)
              : r < 0.6
                ? pick(TEXTS)
                : { text: pick(TEXTS), tone: pick(TONES) };
        }),
      );
      const width = k % 2 ? 9026 : 13958;
      const noHeader = k % 3 === 0;
      assert.equal(
        tableXml(columns, rows, width, noHeader),
        await docxTable(columns, rows, width, noHeader),
        `case ${k}`,
      );
    }
  });

  test("a report's tables stand where its blocks put them", async () => {
    const zip = await docx("risk-register", "tables-order");
    const xml = unzipFile(zip, "word/document.xml") ?? "";
    assert.equal(xml.includes("isms-table-"), false, "no placeholder is left");
    // The document-control block first, then the body's tables, each after its heading.
    assert.equal(controlBlock(zip)[0][0], "Organisation");
    const headings = [
      ...xml.matchAll(/<w:pStyle w:val="Heading1"\/>.*?<w:t[^>]*>([^<]*)<\/w:t>|<w:tbl>/g),
    ].map((m) => m[1] ?? "table");
    assert.ok(headings.filter((h) => h === "table").length >= 2, headings.join(", "));
    assert.equal(headings[0], "table");
  });
});
