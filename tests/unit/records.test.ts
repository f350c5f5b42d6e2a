// Never lose a record silently: each reproduction of the issue, as a user would make it, and what the
// officer sees instead (one finding per mistake, in plain words, with its quick fix; every entry that
// can be read is read; reports that say the ISMS has errors; a scaffold to start from).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { riskRegister } from "../../server/src/core/queries";
import { ruleById } from "../../server/src/core/registry";
import { isIsmsFile } from "../../server/src/core/rules/api";
import { nodeAt } from "../../server/src/core/locate";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { ROOT } from "./helpers";

const TODAY = parseDay("2026-06-01")!;
const CLI = join(ROOT, "dist", "cli.js");

function check(files: Record<string, string>) {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return { ws, findings: checkWorkspace(ws, { today: TODAY, roots: ["/w"] }) };
}

/** The text after applying a finding's preferred quick fix. */
function fixed(ws: Workspace, f: Finding): string {
  const file = ws.get(f.file) ?? ws.index.nearMisses.find((m) => m.file.path === f.file)?.file;
  assert.ok(file, f.file);
  const rule = ruleById(f.code);
  const fixes =
    rule?.fixes?.({
      index: ws.index,
      today: TODAY,
      file,
      range: f.range,
      at: isIsmsFile(file) ? nodeAt(file, f.range[0]) : { path: [], isKey: false },
      messageId: f.messageId,
      data: f.data,
    }) ?? [];
  const fix = fixes.find((x) => x.preferred) ?? fixes[0];
  assert.ok(fix, `${f.code} offers a fix`);
  let text = file.lines.text;
  for (const e of (fix.edits ?? []).filter((x) => x !== undefined).sort((a, b) => b.range[0] - a.range[0]))
    text = text.slice(0, e.range[0]) + e.newText + text.slice(e.range[1]);
  return text;
}

const risk = (i: number) =>
  `  - id: R-${i}\n    title: Risk ${i}\n    owner: iso\n    likelihood: 2\n    impact: 2\n    treatment: avoid\n    reviewed: 2026-05-01\n`;
const ROLES =
  "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: A, reviewed: 2026-05-01, owns: [5.3] }\n";
const RISKS = `kind: risks\nrisks:\n${[1, 2, 3, 4, 5, 6, 7, 8].map(risk).join("")}`;

describe("no silent loss", () => {
  test("one line indented two spaces short: one finding, and all 8 risks stay in the register", () => {
    const { ws, findings } = check({
      "roles.yaml": ROLES,
      "risks.yaml": RISKS.replace("    title: Risk 3\n", "  title: Risk 3\n"),
    });
    const mine = findings.filter((f) => f.file === "/w/risks.yaml");
    assert.deepEqual(
      mine.map((f) => `${f.start.line + 1} ${f.code}(${f.messageId})`),
      ["18 yaml-syntax(indentation)"],
    );
    assert.match(mine[0].message, /^This line is indented 2 spaces, unlike the lines of its entry \(4\)/);
    assert.equal(riskRegister(ws.index, TODAY, () => undefined).risks.length, 8);
  });

  test("kind: risk and kind: ism are unknown kinds with did-you-mean and a quick fix; Kubernetes kind: Role is not", () => {
    const { ws, findings } = check({
      "risks.yaml": "# The register\nkind: risk\nrisks: []\n",
      "isms.yaml": "kind: ism\norganisation: Acme\n",
      "role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r }\nrules: []\n",
    });
    const unknown = findings.filter((f) => f.code === "unknown-kind");
    assert.deepEqual(
      unknown.map((f) => [f.file, f.start.line + 1, f.message]),
      [
        [
          "/w/isms.yaml",
          1,
          "'ism' is not an ISMS kind (did you mean 'isms'?): the file is not read as an ISMS file",
        ],
        [
          "/w/risks.yaml",
          2,
          "'risk' is not an ISMS kind (did you mean 'risks'?): the file is not read as an ISMS file",
        ],
      ],
    );
    assert.equal(fixed(ws, unknown[1]), "# The register\nkind: risks\nrisks: []\n");
  });

  test("a file with risks: and no kind gets the kind line added by the quick fix", () => {
    const { ws, findings } = check({ "risks.yaml": "risks:\n  - { id: R-1 }\n" });
    const f = findings.find((x) => x.code === "unknown-kind");
    assert.equal(f?.messageId, "collectionNoKind");
    assert.equal(fixed(ws, f), "kind: risks\nrisks:\n  - { id: R-1 }\n");
  });
});

describe("messages for people", () => {
  test("a tab: one finding, its quick fix, and no false 'never reviewed'", () => {
    const { ws, findings } = check({
      "roles.yaml":
        "kind: roles\nroles:\n  - id: iso\n\ttitle: ISO\n    holder: A\n    reviewed: 2026-05-01\n    owns: [5.3]\n",
    });
    assert.deepEqual(
      findings.map((f) => `${f.start.line + 1} ${f.code}(${f.messageId})`),
      ["4 yaml-syntax(tab)"],
    );
    assert.equal(
      findings[0].message,
      "A tab is used for indentation here: YAML indents with spaces only; replace the tab with spaces",
    );
    assert.match(fixed(ws, findings[0]), /\n {2}title: ISO\n/);
  });

  test("': ' in prose on 83 SoA entries: one finding each, in plain words, with the quoting fix", () => {
    const body = Array.from(
      { length: 83 },
      (_, i) =>
        `  A.5.${i + 1}:\n    applicable: true\n    justification: Applicable: required by contract\n`,
    ).join("");
    const { ws, findings } = check({ "soa.yaml": `kind: soa\nreviewed: 2026-05-01\ncontrols:\n${body}` });
    const syntax = findings.filter((f) => f.code === "yaml-syntax");
    assert.equal(syntax.length, 83);
    assert.ok(
      syntax.every(
        (f) =>
          f.message ===
          `Text containing ': ' must be in quotes: justification: "Applicable: required by contract"`,
      ),
    );
    assert.deepEqual(
      findings.filter((f) => f.code === "schema" || f.code === "soa-no-justification"),
      [],
    );
    assert.match(fixed(ws, syntax[0]), /justification: "Applicable: required by contract"\n/);
  });

  test("version: 1.10 is read as 1.1: value-changed-by-yaml with the quoting fix", () => {
    const { ws, findings } = check({ "soa.yaml": "kind: soa\nversion: 1.10\ncontrols: {}\n" });
    const f = findings.find((x) => x.code === "value-changed-by-yaml");
    assert.equal(
      f?.message,
      'YAML reads 1.10 as the number 1.1: put it in quotes ("1.10") to keep it as written',
    );
    assert.equal(f?.severity, "warning");
    assert.match(fixed(ws, f), /^version: "1.10"$/m);
  });
});

describe("reports and the scaffold", () => {
  test("--strict refuses to write a report of an ISMS with errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "isms-strict-"));
    writeFileSync(
      join(dir, "risks.yaml"),
      "kind: risks\nrisks:\n  - { id: R-1, title: T, owner: nobody, likelihood: 1, impact: 1, treatment: avoid }\n",
    );
    const out = join(dir, "r.md");
    const r = spawnSync(process.execPath, [CLI, "report", "risk-register", dir, "--strict", "--out", out], {
      encoding: "utf8",
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /the ISMS has \d+ errors?; --strict writes no report/);
    assert.ok(!readdirSync(dir).includes("r.md"));
    const plain = spawnSync(process.execPath, [CLI, "report", "risk-register", dir], { encoding: "utf8" });
    assert.match(
      plain.stdout,
      /> \*\*Warning: the ISMS has \d+ errors? \(in risks\.yaml\): entries may be missing/,
    );
  });

  test("isms init writes the scaffold, replaces nothing, names the organisation", () => {
    const dir = mkdtempSync(join(tmpdir(), "isms-init-"));
    writeFileSync(join(dir, "roles.yaml"), "kind: roles\nroles: []\n");
    const r = spawnSync(process.execPath, [CLI, "init", dir, "--organisation", "R&D: Acme Ltd"], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^created isms\.yaml$/m);
    assert.match(r.stdout, /kept \(already there\): roles\.yaml/);
    assert.equal(readFileSync(join(dir, "roles.yaml"), "utf8"), "kind: roles\nroles: []\n");
    assert.match(readFileSync(join(dir, "isms.yaml"), "utf8"), /^organisation: "R&D: Acme Ltd"$/m);
    assert.deepEqual(readdirSync(dir).sort(), readdirSync(join(ROOT, "templates")).sort());
    const again = spawnSync(process.execPath, [CLI, "init", dir], { encoding: "utf8" });
    assert.match(again.stdout, /nothing was written/);
  });

  test("a fresh scaffold checks without errors; its placeholders are placeholder-text findings", () => {
    const dir = mkdtempSync(join(tmpdir(), "isms-init-"));
    spawnSync(process.execPath, [CLI, "init", dir], { encoding: "utf8" });
    const c = spawnSync(process.execPath, [CLI, "check", dir, "--format", "json", "--today", "2026-06-01"], {
      encoding: "utf8",
    });
    assert.equal(c.status, 0, c.stdout.slice(0, 500));
    const found = (JSON.parse(c.stdout) as { file: string; code: string; message: string }[]).filter(
      (f) => f.code === "placeholder-text",
    );
    assert.deepEqual(found.map((f) => `${f.file} ${f.message.split("'")[1]}`).sort(), [
      "isms.yaml Describe the scope of the ISMS (clause 4.3): the services, sites and teams it covers.",
      "isms.yaml Your Organisation Ltd",
      "roles.yaml Name of the CEO",
      "roles.yaml Name of the ISO",
      "roles.yaml Name of the ISO",
    ]);
  });
});
