// PDF output, printed by the Chromium-family browser installed here (skipped, saying so, when there is
// none; CI installs Debian's chromium): the %PDF header, A4 portrait and landscape page sizes, the page
// count, the running footer read back out of the PDF's text (through its fonts' ToUnicode maps), the
// same bytes twice, no temporary file left; and without a browser, exit 2 with how to install one.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { findBrowser, PdfError } from "../../server/src/reports/pdf";
import { cli, exampleCopy } from "./helpers";

let browser: string | undefined;
try {
  browser = findBrowser(process.env);
} catch (e) {
  if (!(e instanceof PdfError)) throw e;
}
const skip = browser ? false : "no Chromium-family browser installed (install chromium to run the PDF tests)";
if (skip) console.log(`# pdf tests skipped: ${skip}`);

const made: string[] = [];
let dir: string;
let tmp: string;
const savedTmp = process.env.TMPDIR;
before(() => {
  dir = exampleCopy();
  made.push(dir);
  // The browser's temporary folder goes here, to see it removed.
  tmp = mkdtempSync(join(tmpdir(), "isms-pdf-test-"));
  made.push(tmp);
  process.env.TMPDIR = tmp;
});
after(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const env = () => ({ PATH: process.env.PATH ?? "" });

/** The page sizes (MediaBox width x height, rounded) of a PDF's pages. */
const pageSizes = (pdf: Buffer) =>
  [...pdf.toString("latin1").matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map(
    (m) => `${Math.round(Number(m[1]))}x${Math.round(Number(m[2]))}`,
  );

/** The number of page objects (leaves of the page tree, which may have several levels). */
const pageCount = (pdf: Buffer) => [...pdf.toString("latin1").matchAll(/\/Type \/Page(?!s)\b/g)].length;

/**
 * The text of a PDF, once per font: each font's ToUnicode map applied to every hex string shown in the
 * content streams (Chromium's PDFs draw text as 2-byte glyph ids). The footer's font gives it back.
 */
function pdfTexts(pdf: Buffer): string[] {
  const s = pdf.toString("latin1");
  const streams: string[] = [];
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = s.indexOf("endstream", start);
    const dict = s.slice(s.lastIndexOf("<<", m.index), m.index);
    const raw = pdf.subarray(start, end);
    try {
      streams.push((dict.includes("FlateDecode") ? inflateSync(raw) : raw).toString("latin1"));
    } catch {
      /* an image or a font program: not text */
    }
  }
  const maps = streams
    .filter((t) => t.includes("begincmap"))
    .map((t) => {
      const map = new Map<string, string>();
      const u = (hex: string) =>
        String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
      for (const b of t.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
        for (const p of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
          map.set(p[1].toUpperCase(), u(p[2]));
      for (const b of t.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
        for (const p of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
          const lo = parseInt(p[1], 16);
          for (let g = lo; g <= parseInt(p[2], 16); g++)
            map.set(
              g.toString(16).toUpperCase().padStart(p[1].length, "0"),
              String.fromCharCode(parseInt(p[3], 16) + g - lo),
            );
        }
      return map;
    });
  const shown = streams
    .filter((t) => /\bT[jJ]\b/.test(t))
    .map((t) => [...t.matchAll(/<([0-9A-Fa-f]+)>/g)].map((h) => h[1]));
  return maps.map(
    (map) =>
      shown
        .map((page) =>
          page
            .map((h) => (h.match(/.{4}/g) ?? []).map((g) => map.get(g.toUpperCase()) ?? "").join(""))
            .join(""),
        )
        .join("\n")
        .normalize("NFKC"), // the typeface's ligatures (ﬃ) back to letters
  );
}

describe("pdf", { skip }, () => {
  test("the roles print to A4 portrait with the running footer on every page", async () => {
    const out = join(dir, "out", "roles.pdf");
    const res = await cli(["report", "roles", dir, "--format", "pdf", "--out", out], dir, env());
    assert.equal(res.code, 0, res.stderr);
    const pdf = readFileSync(out);
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    const pages = pageCount(pdf);
    assert.ok(pages > 3, `several pages (${pages})`);
    assert.deepEqual(new Set(pageSizes(pdf)), new Set(["595x842"]));
    const texts = pdfTexts(pdf);
    const text = texts.find((t) => t.includes("Page 1 of")) ?? "";
    assert.ok(text.includes(`Page 1 of ${pages}`), "page 1 of N");
    assert.ok(text.includes(`Page ${pages} of ${pages}`), "page N of N");
    assert.ok(
      texts.some((t) => t.includes("Acme Cloud Ltd · Roles, responsibilities and authorities · Internal")),
      "footer",
    );
    // The document-control block of the first page: the newest of roles.yaml's five revisions.
    assert.ok(
      texts.some((t) => t.includes("Versionrevision 5 of 2026-10-19")),
      "version",
    );
    assert.ok(
      texts.some((t) => t.includes("Priya Raman, Chief Executive Officer (ceo)")),
      "approver",
    );
    // The creation date is the as-of date, not the clock.
    assert.match(pdf.toString("latin1"), /\/CreationDate \(D:20261129000000/);
    // The browser's temporary folder (page, profile, PDF) is gone.
    assert.deepEqual(readdirSync(tmp), []);
  });

  test("wide tables (the SoA's nine columns) print landscape; the same report gives the same bytes", async () => {
    const a = join(dir, "out", "soa-a.pdf");
    const b = join(dir, "out", "soa-b.pdf");
    assert.equal((await cli(["report", "soa", dir, "--format", "pdf", "--out", a], dir, env())).code, 0);
    assert.equal((await cli(["report", "soa", dir, "--format", "pdf", "--out", b], dir, env())).code, 0);
    const pdf = readFileSync(a);
    assert.deepEqual(new Set(pageSizes(pdf)), new Set(["842x595"]));
    const texts = pdfTexts(pdf);
    assert.ok(
      texts.some((t) => t.includes("Acme Cloud Ltd · Statement of Applicability · Internal")),
      "footer",
    );
    assert.ok(
      texts.some((t) => t.includes("Version3.1")),
      "the SoA's version: 3.1",
    );
    assert.ok(pdf.equals(readFileSync(b)), "identical bytes");
  });

  test("--browser names the browser; the default file name is isms-TYPE.pdf", async () => {
    const res = await cli(["report", "roles", dir, "--format", "pdf", "--browser", browser!], dir, {});
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /wrote isms-roles\.pdf/);
    assert.equal(readFileSync(join(dir, "isms-roles.pdf")).subarray(0, 5).toString("latin1"), "%PDF-");
  });
});

describe("pdf without a browser", () => {
  test("none on PATH: exit 2, saying how to install one, and no file", async () => {
    const empty = mkdtempSync(join(tmpdir(), "isms-nobrowser-"));
    made.push(empty);
    const res = await cli(["report", "soa", empty, "--format", "pdf", "--out", join(empty, "x.pdf")], empty, {
      PATH: empty,
    });
    assert.equal(res.code, 2);
    assert.match(
      res.stderr,
      /^isms: no browser found to print the PDF\. PDF needs an installed Chromium-family browser/,
    );
    assert.match(res.stderr, /sudo apt-get install chromium/);
    assert.match(res.stderr, /--browser PATH or ISMS_BROWSER/);
    assert.deepEqual(readdirSync(empty), []);
  });

  test("a --browser or ISMS_BROWSER that is not there: exit 2", async () => {
    const d = mkdtempSync(join(tmpdir(), "isms-nobrowser-"));
    made.push(d);
    const notExec = join(d, "chrome.txt");
    writeFileSync(notExec, "not a program");
    mkdirSync(join(d, "isms"));
    writeFileSync(join(d, "isms", "isms.yaml"), "kind: isms\norganisation: X\n");
    const given = await cli(["report", "soa", "isms", "--format", "pdf", "--browser", notExec], d, {
      PATH: "",
    });
    assert.equal(given.code, 2);
    assert.match(given.stderr, /the browser '.*chrome\.txt' given by --browser is not an executable file/);
    const fromEnv = await cli(["report", "soa", "isms", "--format", "pdf"], d, {
      PATH: "",
      ISMS_BROWSER: "no-such-browser",
    });
    assert.equal(fromEnv.code, 2);
    assert.match(
      fromEnv.stderr,
      /the browser 'no-such-browser' given by ISMS_BROWSER is not an executable file/,
    );
  });

  test(
    "the browser's arguments, its temporary folder removed; a browser that fails: exit 2 with its words",
    { skip: process.platform === "win32" ? "a shell script stands in for the browser" : false },
    async () => {
      const d = mkdtempSync(join(tmpdir(), "isms-fakebrowser-"));
      made.push(d);
      // A stand-in browser: records its arguments and whether the page exists, writes a PDF where told.
      const fake = join(d, "fake-chromium");
      writeFileSync(
        fake,
        [
          "#!/bin/sh",
          `printf '%s\\n' "$@" > "${join(d, "args.txt")}"`,
          'for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; file://*) page="${a#file://}";; esac; done',
          `[ -f "$page" ] && echo page-exists > "${join(d, "page.txt")}"`,
          "printf '%%PDF-1.4 fake\\n/CreationDate (D:20991231235959+01'\\''00'\\'')\\n' > \"$out\"",
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      const out = join(d, "x.pdf");
      const res = await cli(["report", "soa", dir, "--format", "pdf", "--browser", fake, "--out", out], dir, {
        PATH: "",
      });
      assert.equal(res.code, 0, res.stderr);
      // The creation date becomes the as-of date, in place.
      assert.equal(readFileSync(out, "latin1"), "%PDF-1.4 fake\n/CreationDate (D:20261129000000+00'00')\n");
      const args = readFileSync(join(d, "args.txt"), "utf8").trimEnd().split("\n");
      for (const flag of [
        "--headless",
        "--no-pdf-header-footer",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-proxy-server",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--metrics-recording-only",
      ])
        assert.ok(args.includes(flag), flag);
      const profile =
        args.find((a) => a.startsWith("--user-data-dir="))?.slice("--user-data-dir=".length) ?? "";
      assert.match(profile, /isms-pdf-[^/]+\/profile$/);
      assert.equal(
        readFileSync(join(d, "page.txt"), "utf8"),
        "page-exists\n",
        "the page was there for the browser",
      );
      assert.ok(!existsSync(join(profile, "..")), "the temporary folder is removed");

      const failing = join(d, "failing-chromium");
      writeFileSync(failing, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", { mode: 0o755 });
      const bad = await cli(
        ["report", "soa", dir, "--format", "pdf", "--browser", failing, "--out", join(d, "y.pdf")],
        dir,
        {
          PATH: "",
        },
      );
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^isms: .*failing-chromium wrote no PDF \(exit 3\): cannot open display\n$/);
      assert.ok(!existsSync(join(d, "y.pdf")));
    },
  );

  test("a hostile organisation or classification cannot leave the footer's CSS string", async () => {
    const d = mkdtempSync(join(tmpdir(), "isms-evil-footer-"));
    made.push(d);
    writeFileSync(
      join(d, "isms.yaml"),
      `kind: isms\norganisation: 'Evil"; } body { display: none } </style><script>x()</script>'\nclassification: "A\\\\B"\n`,
    );
    const html = (await cli(["report", "overdue", d, "--format", "html"], d)).stdout;
    const print = /<style media="print">([^]*?)<\/style>/.exec(html)?.[1] ?? "";
    const content = /@bottom-left \{ content: "([^"]*)";/.exec(print)?.[1] ?? "";
    assert.equal(
      content,
      "Evil\\22 \\3b  \\7d  body \\7b  display\\3a  none \\7d  \\3c \\2f style\\3e \\3c script\\3e x\\28 \\29 \\3c \\2f script\\3e  \\b7  Overdue and due soon \\b7  A\\5c B",
    );
    assert.ok(!html.includes("<script>"), "no script element");
  });

  test("--browser belongs to --format pdf", async () => {
    const res = await cli(["report", "soa", dir, "--format", "html", "--browser", "/usr/bin/chromium"], dir);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--browser is an option of --format pdf/);
  });

  test("the HTML the browser prints: A4 @page with the running footer, escaped", async () => {
    const html = (await cli(["report", "soa", dir, "--format", "html"], dir)).stdout;
    assert.match(html, /<style media="print">@page \{ size: A4 landscape; margin: 16mm 14mm 18mm 14mm;/);
    // "Acme Cloud Ltd · Statement of Applicability · Internal" as a CSS string: only letters, digits
    // and spaces as they are, everything else escaped (so no value can close the string or the style).
    assert.ok(
      html.includes(
        '@bottom-left { content: "Acme Cloud Ltd \\b7  Statement of Applicability \\b7  Internal";',
      ),
    );
    assert.ok(html.includes('@bottom-right { content: "Page " counter(page) " of " counter(pages);'));
    const roles = (await cli(["report", "roles", dir, "--format", "html"], dir)).stdout;
    assert.match(roles, /@page \{ size: A4 portrait;/);
  });
});
