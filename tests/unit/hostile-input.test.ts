// Hostile input, bounded: each reproduction of the red-team sweep, scaled down where the bound makes the
// point. Memory bounds run the built CLI in a child process with a small heap: a crash is an exit by
// signal or status 134, a bounded check exits 1 with a finding.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { yamlScalar } from "../../server/src/core/edits";
import { findGit } from "../../server/src/core/git";
import { symbolAt, renameEdits } from "../../server/src/core/navigate";
import { formatSarif, formatText } from "../../server/src/core/output";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { LIMITS } from "../../server/src/core/yaml";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";
import { ROOT } from "./helpers";

const CLI = join(ROOT, "dist", "cli.js");
const TODAY = parseDay("2026-06-01")!;

const tmp = () => mkdtempSync(join(tmpdir(), "isms-hostile-input-"));

/** Runs `isms check --format json` on a folder holding one file, with a small heap. */
function checkBounded(name: string, text: string, heapMb = 512) {
  const dir = tmp();
  writeFileSync(join(dir, name), text);
  const r = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, CLI, "check", dir, "--format", "json", "--today", "2026-06-01"],
    { encoding: "utf8", maxBuffer: 256 << 20, timeout: 120_000 },
  );
  return {
    status: r.status,
    signal: r.signal,
    findings:
      r.status === 1 ? (JSON.parse(r.stdout) as { code: string; message: string; line: number }[]) : [],
    stderr: r.stderr,
  };
}

function check(files: Record<string, string>) {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return { ws, findings: checkWorkspace(ws, { today: TODAY, roots: ["/w"] }) };
}

describe("1. memory and time stay bounded far below the size limit", () => {
  test("5 MB of nested brackets is refused with a finding, not an out-of-memory crash", () => {
    const r = checkBounded("risks.yaml", `kind: risks\nrisks: ${"[".repeat(5_000_000)}\n`);
    assert.equal(r.signal, null, r.stderr.slice(0, 300));
    assert.equal(r.status, 1, r.stderr.slice(0, 300));
    assert.match(
      r.findings.find((f) => f.code === "file-too-complex")?.message ?? "",
      /^More than 200,000 values in one entry; this part of the file is not read/,
    );
  });

  test("more entries than one file may hold: refused, named in the finding", () => {
    const n = LIMITS.entries + 1;
    for (const [name, text] of [
      ["risks.yaml", `kind: risks\nrisks:\n${"  - 1\n".repeat(n)}`],
      [
        "roles.yaml",
        `kind: roles\nroles:\n${Array.from({ length: n }, (_, i) => `  - {id: r${i}, title: t}\n`).join("")}`,
      ],
      [
        "soa.yaml",
        `kind: soa\ncontrols:\n${Array.from({ length: n }, (_, i) => `  A.${i}: {applicable: true}\n`).join("")}`,
      ],
    ]) {
      const r = checkBounded(name, text);
      assert.equal(r.status, 1, `${name}: ${r.stderr.slice(0, 300)}`);
      const f = r.findings.find((x) => x.code === "file-too-complex");
      assert.match(f?.message ?? "", /holds 100,001 entries; at most 100,000 are read from one file/, name);
      assert.equal(f?.line, 2);
    }
  });

  test("one entry with more values than an entry may hold is refused", () => {
    const r = check({
      "risks.yaml": `kind: risks\nrisks:\n  - id: R-1\n    controls: [${"A.5.1,".repeat(LIMITS.chunkTokens + 10)}]\n`,
    });
    assert.deepEqual(
      r.findings.filter((f) => f.code === "file-too-complex").map((f) => [f.start.line, f.message]),
      [[3, "More than 200,000 values in one entry; this part of the file is not read (split it)"]],
    );
  });

  test("findings per file are capped, and the cap is named", () => {
    const n = 25_000;
    const { findings } = check({
      "roles.yaml": `kind: roles\nroles:\n${Array.from({ length: n }, (_, i) => `  - {id: r${i}, title: t, reviewed: 2026-05-01}\n`).join("")}`,
    });
    assert.equal(findings.length, 20_001);
    assert.equal(findings[0].code, "file-too-complex");
    assert.equal(
      findings[0].message,
      "Only the first 20,000 findings of this file are listed (25,001 in all)",
    );
  });
});

describe("2. duplicates cost what distinct ids cost", () => {
  test("20,000 copies of one id are no dearer than 20,000 ids (linear)", () => {
    const time = (dup: boolean) => {
      const text = `kind: roles\nroles:\n${Array.from({ length: 20_000 }, (_, i) => `  - {id: ${dup ? "dup" : `r${i}`}, title: t, holder: A, reviewed: 2026-05-01}\n`).join("")}`;
      const t0 = process.hrtime.bigint();
      const { findings } = check({ "roles.yaml": text });
      return {
        ms: Number(process.hrtime.bigint() - t0) / 1e6,
        dups: findings.filter((f) => f.code === "duplicate-id").length,
      };
    };
    time(false); // warm up
    const distinct = time(false);
    const dups = time(true);
    // Before: 43 s at 40k (quadratic); a generous bound that a loaded machine still meets.
    assert.ok(dups.ms < 4 * distinct.ms + 2000, `duplicates ${dups.ms} ms, distinct ${distinct.ms} ms`);
    assert.equal(dups.dups, 19_999);
  });
});

describe("4. __proto__, constructor and prototype at the top of the manifest", () => {
  test("are unknown keys, and set no prototype of the header or the settings", () => {
    const { ws, findings } = check({
      "isms.yaml":
        "kind: isms\n__proto__:\n  organisation: Hidden Org\n  rules: { schema: off }\nconstructor: 1\nprototype: 2\n",
    });
    const header = ws.get("/w/isms.yaml")?.header;
    assert.equal(header && Object.getPrototypeOf(header), null);
    assert.equal(ws.index.settings.organisation, undefined);
    assert.deepEqual(
      findings.filter((f) => f.code === "schema").map((f) => f.message),
      [
        "Missing required field 'organisation'",
        "Unknown key '__proto__'",
        "Unknown key 'constructor'",
        "Unknown key 'prototype'",
      ],
    );
  });
});

describe("6. absurd durations and dates", () => {
  test("review_every: 300000 years is a schema finding, and the register still renders", async () => {
    const { ws, findings } = check({
      "risks.yaml":
        "kind: risks\nrisks:\n  - {id: R-1, title: T, owner: x, likelihood: 2, impact: 2, treatment: avoid, reviewed: 2026-01-01, review_every: 300000 years}\n",
    });
    assert.deepEqual(
      findings.filter((f) => f.code === "schema").map((f) => f.message),
      ["'review_every': '300000 years' is longer than isms accepts (at most 100 years)"],
    );
    for (const format of ["md", "html", "csv"] as const) {
      const out = String(
        await produce(REPORT_BY_ID.get("risk-register")!, format, {
          index: ws.index,
          today: TODAY,
          findings,
          dir: "/w",
        }),
      );
      assert.ok(out.includes("R-1"), format);
    }
  });
});

describe("7. line breaks in text never add structure to a report", () => {
  test("CR, CRLF, LF, NEL, LS and PS in a title stay inline in every text format", async () => {
    const breaks = ["\r", "\r\n", "\n", "\u0085", "\u2028", "\u2029"];
    const title = breaks.map((b, i) => `part${i}${b}# APPROVED BY THE BOARD${i}`).join(" ");
    const { ws, findings } = check({
      "soa.yaml": `kind: soa\ncontrols:\n  A.5.1:\n    applicable: true\n    justification: ${JSON.stringify(title)}\n`,
    });
    const md = String(
      await produce(REPORT_BY_ID.get("soa")!, "md", { index: ws.index, today: TODAY, findings, dir: "/w" }),
    );
    assert.ok(
      !md.split(/\r\n|[\r\n\u0085\u2028\u2029]/).some((l) => /^#+ APPROVED/.test(l)),
      "no heading injected",
    );
    assert.ok(!/[\r\u0085\u2028\u2029]/.test(md));
    const html = String(
      await produce(REPORT_BY_ID.get("soa")!, "html", { index: ws.index, today: TODAY, findings, dir: "/w" }),
    );
    assert.ok(!/[\u0085\u2028\u2029]/.test(html));
    const csv = String(
      await produce(REPORT_BY_ID.get("soa")!, "csv", { index: ws.index, today: TODAY, findings, dir: "/w" }),
    );
    const row = csv.split("\r\n").find((l) => l.includes("part0"));
    assert.ok(row?.includes("part5"), "the justification stays on one CSV row");
  });
});

describe("8. line ends and encodings", () => {
  test("CR-only line ends read as line ends, with the positions an editor shows", () => {
    const lf =
      "kind: risks\nrisks:\n  - id: R-1\n    title: T\n    owner: nobody\n    likelihood: 2\n    impact: 2\n    treatment: avoid\n";
    const at = (text: string) =>
      check({ "risks.yaml": text }).findings.map((f) => `${f.start.line}:${f.start.character} ${f.code}`);
    assert.deepEqual(at(lf.replace(/\n/g, "\r")), at(lf));
    assert.deepEqual(at(lf.replace(/\n/g, "\r\n")), at(lf));
    assert.ok(at(lf).includes("4:11 unknown-role"));
  });

  test("a UTF-16 or UTF-32 file is an encoding finding, not silently no ISMS file", () => {
    const text = "kind: risks\nrisks: []\n";
    const encodings: [string, Buffer][] = [
      ["UTF-16 (little endian)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
      [
        "UTF-16 (big endian)",
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]),
      ],
      [
        "UTF-32 (little endian)",
        Buffer.concat([
          Buffer.from([0xff, 0xfe, 0, 0]),
          ...[...text].map((c) => {
            const b = Buffer.alloc(4);
            b.writeUInt32LE(c.codePointAt(0)!);
            return b;
          }),
        ]),
      ],
    ];
    for (const [name, bytes] of encodings) {
      const dir = tmp();
      writeFileSync(join(dir, "risks.yaml"), bytes);
      const r = spawnSync(process.execPath, [CLI, "check", dir, "--format", "json"], { encoding: "utf8" });
      assert.equal(r.status, 1, name);
      const f = JSON.parse(r.stdout) as { code: string; message: string }[];
      assert.equal(f[0]?.code, "file-unreadable", name);
      assert.match(
        f[0].message,
        new RegExp(`saved as ${name.replace(/[()]/g, "\\$&")}; isms reads UTF-8 only`),
        name,
      );
    }
  });
});

describe("9. aliases are bounded by how much they expand", () => {
  test("aliases expanding beyond the limit are refused, not crashing the reports", async () => {
    const saved = LIMITS.aliasExpansion;
    LIMITS.aliasExpansion = 64 * 1024;
    try {
      const big = "x".repeat(1024);
      const refs = Array.from({ length: 100 }, (_, i) => `  - {id: R-${i}, title: *t}`).join("\n");
      const { ws, findings } = check({ "risks.yaml": `kind: risks\nanchor: &t ${big}\nrisks:\n${refs}\n` });
      assert.match(
        findings.find((f) => f.code === "file-too-complex")?.message ?? "",
        /^Aliases here expand to more than 64 KiB of text; the file is not read/,
      );
      const html = String(
        await produce(REPORT_BY_ID.get("risk-register")!, "html", {
          index: ws.index,
          today: TODAY,
          findings,
          dir: "/w",
        }),
      );
      assert.ok(html.length < 1_000_000);
    } finally {
      LIMITS.aliasExpansion = saved;
    }
  });
});

describe("10. ids YAML cannot hold unquoted", () => {
  test("rename writes them quoted, so every reference stays a reference to the same id", () => {
    for (const name of ["x:", "123", "null", "true", "0x1F", "1e3"]) {
      const ws = new Workspace();
      ws.setText("/w/roles.yaml", "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: A }\n");
      ws.setText("/w/assets.yaml", "kind: assets\nassets:\n  - { id: AS-1, name: A, owner: iso }\n");
      const file = ws.get("/w/roles.yaml")!;
      const sym = symbolAt(file, file.text.indexOf("iso"))!;
      const edits = renameEdits(ws.index, sym, name);
      for (const path of ["/w/roles.yaml", "/w/assets.yaml"]) {
        const f = ws.get(path)!;
        let text = f.text;
        for (const e of edits.filter((x) => x.file.path === path).sort((a, b) => b.range[0] - a.range[0]))
          text = text.slice(0, e.range[0]) + e.newText + text.slice(e.range[1]);
        ws.setText(path, text);
      }
      const f = checkWorkspace(ws, { today: TODAY });
      assert.deepEqual(
        f
          .filter((x) => x.code === "unknown-role" || x.code === "yaml-syntax" || x.code === "schema")
          .map((x) => x.message),
        [],
        name,
      );
      assert.equal(ws.index.defs.get(name)?.[0]?.kind, "role", name);
    }
    assert.equal(yamlScalar("ceo #2"), '"ceo #2"');
    assert.equal(yamlScalar("a\nowner: x"), '"a\\nowner: x"');
    assert.equal(yamlScalar("R-001"), "R-001");
  });
});

describe("13. output that cannot be forged or broken", () => {
  test("control characters in values are escaped in text output", () => {
    const { findings } = check({
      "risks.yaml":
        'kind: risks\nrisks:\n  - {id: R-1, title: T, owner: "x\\e[2K\\rAll fine\\nok", likelihood: 1, impact: 1, treatment: avoid}\n',
    });
    const out = formatText("/w", findings, 1);
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    assert.ok(!/[\u001b\r]/.test(out));
    assert.match(out, /\\u001b\[2K\\rAll fine\\nok/);
  });

  test("SARIF URIs are percent-encoded", () => {
    const ws = new Workspace();
    ws.setText("/w/sub dir/a #b%20c?.yaml", "kind: roles\nroles:\n  - { id: x, title: X }\n");
    const sarif = formatSarif("/w", checkWorkspace(ws, { today: TODAY }), "0") as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = new Set(
      sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri),
    );
    assert.deepEqual([...uris], ["sub%20dir/a%20%23b%2520c%3F.yaml"]);
  });

  test("characters XML 1.0 cannot hold never reach a Word file", async () => {
    const { ws, findings } = check({
      "soa.yaml":
        'kind: soa\ncontrols:\n  A.5.1: { applicable: true, justification: "bad \\uFFFE\\uFFFF\\u0001 chars" }\n',
    });
    const docx = (await produce(REPORT_BY_ID.get("soa")!, "docx", {
      index: ws.index,
      today: TODAY,
      findings,
      dir: "/w",
    })) as Buffer;
    const { unzipSync, strFromU8 } = await import("fflate");
    const xml = strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]);
    assert.ok(xml.includes("bad  chars"));
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    assert.ok(!/[\ufffe\uffff\u0001]/.test(xml));
  });
});

describe("16. the git that runs is never one planted in the workspace", () => {
  test("PATH entries inside the workspace, empty or relative are skipped", () => {
    const ws = tmp();
    const bin = tmp();
    for (const d of [ws, bin]) {
      writeFileSync(join(d, "git"), "#!/bin/sh\n");
      chmodSync(join(d, "git"), 0o755);
    }
    mkdirSync(join(ws, "sub"));
    assert.equal(
      findGit([ws], [join(ws, "sub"), ws, "", ".", "relative/bin", bin].join(delimiter)),
      join(bin, "git"),
    );
    assert.equal(findGit([ws], [ws, ""].join(delimiter)), undefined);
  });
});

describe("17. messages in our words", () => {
  test("a second document, merge keys, unknown tags, a huge unknown key", () => {
    const { findings } = check({
      "roles.yaml":
        "kind: roles\nroles:\n  - id: a\n    title: T\n    holder: !custom x\n    <<: { title: U }\n---\nkind: roles\n",
      "assets.yaml": `kind: assets\nassets:\n  - { id: AS-1, name: A, ${"k".repeat(1 << 20)}: 1 }\n`,
    });
    const messages = findings.map((f) => f.message);
    assert.ok(
      messages.includes(
        "A second YAML document starts here (after ---); an ISMS file holds one document, so the rest is not read",
      ),
      messages.join("\n"),
    );
    assert.ok(messages.includes("Merge keys (<<) are not supported: write the fields out in the entry"));
    assert.ok(messages.some((m) => m.startsWith("Unknown tag '!custom': isms reads plain YAML values")));
    assert.ok(!messages.some((m) => /parseAllDocuments|did you mean 'id'/.test(m)));
    const key = messages.find((m) => m.startsWith("Unknown key 'kkk"));
    assert.ok(key && key.length < 300, `${key?.length}`);
  });
});
