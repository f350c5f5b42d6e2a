// The audit pack's parts that need no git: the ZIP writer and reader (a damaged or hostile archive is
// refused with a reason, never half read), verify's comparison against a manifest, the formats a report
// goes into the pack in, and pack file names from refs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { refFileName } from "../../server/src/pack/command";
import {
  MANIFEST,
  manifestJson,
  PACK_FORMAT,
  renderIndex,
  sha256,
  type Manifest,
} from "../../server/src/pack/manifest";
import { packFormats } from "../../server/src/pack/pack";
import { verifyFiles } from "../../server/src/pack/verify";
import { readZip, writeZip } from "../../server/src/pack/zip";
import type { ReportType } from "../../server/src/reports/index";

const WHEN = { year: 2026, month: 3, day: 2, hour: 9, minute: 30, second: 0 };
const text = (s: string) => Buffer.from(s, "utf8");

describe("the pack's ZIP files", () => {
  test("what is written reads back, stored or deflated", () => {
    const big = "a register row\n".repeat(500);
    const zip = writeZip(
      [
        { name: "a.txt", data: text("hello\n") },
        { name: "dir/b.csv", data: text(big) },
        { name: "empty", data: new Uint8Array(0) },
      ],
      WHEN,
    );
    const r = readZip(zip);
    assert.ok(r.ok);
    assert.deepEqual([...r.files.keys()], ["a.txt", "dir/b.csv", "empty"]);
    assert.equal(r.files.get("dir/b.csv")!.toString("utf8"), big);
    assert.equal(r.files.get("empty")!.length, 0);
    assert.ok(zip.length < big.length, "the repetitive file is deflated");
  });

  test("a Word or Excel file (a ZIP file itself) is stored, not deflated again", () => {
    // A .docx whose XML would deflate well: it is stored as it is all the same.
    const inner = writeZip([{ name: "word/document.xml", data: text("<w:p/>".repeat(2000)) }], WHEN);
    const padded = Buffer.concat([inner, Buffer.alloc(4000)]);
    const zip = writeZip([{ name: "reports/a.docx", data: padded }], WHEN);
    assert.equal(zip.readUInt16LE(8), 0, "method: stored");
    assert.equal(zip.readUInt32LE(18), padded.length, "compressed size: the file's size");
    const r = readZip(zip);
    assert.ok(r.ok);
    assert.deepEqual(r.files.get("reports/a.docx"), padded);
    // Text is still deflated.
    const plain = writeZip([{ name: "a.csv", data: Buffer.alloc(4000, "a") }], WHEN);
    assert.equal(plain.readUInt16LE(8), 8, "method: deflate");
  });

  test("a damaged or hostile archive is refused with the reason", () => {
    const zip = writeZip([{ name: "a.txt", data: text("hello\n") }], WHEN);
    assert.deepEqual(readZip(Buffer.from("not a zip")), {
      ok: false,
      reason: "it is not a ZIP file (no end of central directory)",
    });
    // One byte of stored data changed: its CRC no longer matches.
    const flipped = Buffer.from(zip);
    flipped[30 + "a.txt".length] ^= 1;
    assert.deepEqual(readZip(flipped), { ok: false, reason: "a.txt: its data does not match its CRC" });
    // The same name twice.
    const twice = writeZip(
      [
        { name: "a.txt", data: text("1") },
        { name: "a.txt", data: text("2") },
      ],
      WHEN,
    );
    assert.deepEqual(readZip(twice), { ok: false, reason: "it holds a.txt twice" });
    // Cut short: the central directory points past the end.
    assert.equal(readZip(zip.subarray(0, zip.length - 30)).ok, false);
    // A declared size smaller than the data inflates to: refused, not inflated past it.
    const bomb = writeZip([{ name: "z", data: new Uint8Array(100_000) }], WHEN);
    const eocd = bomb.length - 22;
    const central = bomb.readUInt32LE(eocd + 16);
    bomb.writeUInt32LE(10, central + 24);
    assert.deepEqual(readZip(bomb), { ok: false, reason: "z: its data cannot be unpacked" });
  });
});

describe("verify against a manifest", () => {
  const manifest = (files: { path: string; data: string }[]): Manifest => ({
    format: PACK_FORMAT,
    tool: { name: "isms", version: "0.0.0" },
    organisation: "Example <Ltd>",
    folder: ".",
    ref: "v1",
    commit: "0".repeat(40),
    commitDate: "2026-03-02T09:30:00+01:00",
    localChanges: false,
    today: "2026-03-02",
    findings: { errors: 0, warnings: 0, information: 0, hints: 0 },
    files: files.map((f) => ({
      path: f.path,
      kind: "evidence",
      sha256: sha256(f.data),
      size: f.data.length,
      source: f.path,
      commit: "0".repeat(40),
    })),
    missing: [],
    refused: [
      { path: "../x", problem: "outside", referencedBy: [{ file: "d.yaml", entry: "D-1", field: "path" }] },
    ],
  });

  test("intact, then each kind of change named; a path in the manifest is never opened", () => {
    const m = manifest([
      { path: "a.md", data: "A\n" },
      { path: "../../etc/passwd", data: "root\n" },
    ]);
    const files = new Map<string, Buffer | undefined>([
      [MANIFEST, text(manifestJson(m))],
      ["index.html", text(renderIndex(m))],
      ["a.md", text("A\n")],
    ]);
    const r = verifyFiles(files);
    assert.deepEqual([r.problem, r.changed, r.added, r.missing], [undefined, [], [], ["../../etc/passwd"]]);
    files.set("a.md", text("B\n"));
    files.set("extra", text("x"));
    files.set("index.html", text(renderIndex(m).replace("Example &lt;Ltd&gt;", "Someone else")));
    const bad = verifyFiles(files);
    assert.deepEqual(
      [bad.changed, bad.added, bad.missing],
      [["a.md", "index.html"], ["extra"], ["../../etc/passwd"]],
    );
    assert.equal(bad.manifestSha256, sha256(manifestJson(m)));
  });

  test("not a pack: no manifest, or a manifest of something else", () => {
    assert.equal(verifyFiles(new Map()).problem, "it has no manifest.json: it is not an isms audit pack");
    assert.equal(
      verifyFiles(new Map([[MANIFEST, text('{"format": "other"}')]])).problem,
      "manifest.json is not an isms audit pack manifest (isms-audit-pack/1)",
    );
  });

  test("index.html escapes what the records say", () => {
    const html = renderIndex(manifest([{ path: 'a<b>"c.md', data: "x" }]));
    assert.match(html, /Audit pack: Example &lt;Ltd&gt;/);
    assert.match(html, /<a href="a%3Cb%3E%22c\.md">a&lt;b&gt;&quot;c\.md<\/a>/);
    assert.match(html, /<code>\.\.\/x<\/code><\/td><td>outside<\/td><td>d\.yaml D-1 <code>path<\/code>/);
  });
});

describe("what goes into a pack", () => {
  const type = (formats: string[]) =>
    ({ id: "t", title: "T", formats, build: () => ({}) }) as unknown as ReportType;

  test("HTML rather than Markdown, every other declared format, PDF only when asked", () => {
    assert.deepEqual(packFormats(type(["md", "html", "csv", "docx", "xlsx", "pdf"]), false), [
      "html",
      "csv",
      "docx",
      "xlsx",
    ]);
    assert.deepEqual(packFormats(type(["md", "html", "pdf"]), true), ["html", "pdf"]);
    assert.deepEqual(packFormats(type(["md"]), false), ["md"]);
  });

  test("a ref as a file name", () => {
    assert.equal(refFileName(undefined), "working-tree");
    assert.equal(refFileName("v1.0"), "v1.0");
    assert.equal(refFileName("release/2026 Q1"), "release-2026-Q1");
    assert.equal(refFileName("../../x"), "x");
  });
});
