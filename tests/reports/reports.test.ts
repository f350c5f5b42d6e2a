// Reports: golden files for the example (every type and text format), escaping of hostile text, DOCX
// content, the changes report on a git repository with known commits, --at, and overwrite protection.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REPORTS } from "../../server/src/reports/index";
import { cli, docxText, exampleCopy, GOLDEN, TODAY } from "./helpers";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
let dir: string;

before(() => {
  dir = exampleCopy();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("golden files of the example (npm run golden rewrites them)", () => {
  for (const r of REPORTS)
    // The text formats (docx, xlsx and pdf have their own tests).
    for (const format of r.formats.filter((f) => f === "md" || f === "html" || f === "csv")) {
      if (r.id === "changes") continue; // needs git history: tested below
      test(`${r.id} as ${format}`, async () => {
        const res = await cli(["report", r.id, dir, "--format", format], dir);
        assert.equal(res.code, 0, res.stderr);
        const path = join(GOLDEN, `${r.id}.${format}`);
        if (UPDATE) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(path, res.stdout);
        }
        assert.equal(
          res.stdout,
          readFileSync(path, "utf8"),
          `${path} differs: run npm run golden and read the diff`,
        );
      });
    }
});

describe("content", () => {
  test("every report carries organisation, scope and the as-of date", async () => {
    for (const r of REPORTS.filter((x) => x.id !== "changes")) {
      const md = (await cli(["report", r.id, dir], dir)).stdout;
      assert.match(md, /\*\*Organisation:\*\* Acme Cloud Ltd/, r.id);
      assert.match(md, /\*\*Scope:\*\* The development, operation and support/, r.id);
      assert.match(md, new RegExp(`\\*\\*As of:\\*\\* ${TODAY}`), r.id);
    }
  });

  test("the SoA lists all 93 controls with the summary counts; CSV has one row per control", async () => {
    const csv = (await cli(["report", "soa", dir, "--format", "csv"], dir)).stdout;
    const [banner, ...lines] = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    // The example has errors: the CSV says so in its first row, then the register.
    assert.match(banner, /^"Warning: the ISMS has 7 errors \(in continuity\.yaml, documents\.yaml, /);
    assert.equal(lines.length, 94);
    assert.equal(
      lines[0],
      "control,theme,title,applicable,justification,status,owner,evidence,risks,last_audit,last_audit_date," +
        "checks,checks_overdue,checks_failed,next_check_due,evidence_expired,evidence_valid_until",
    );
    assert.equal(lines.filter((l) => /,no,/.test(l)).length, 2, "two excluded controls");
  });

  test("the SoA shows each control's checks and the validity of its dated evidence", async () => {
    const md = (await cli(["report", "soa", dir], dir)).stdout;
    assert.match(
      md,
      /- \*\*Control checks:\*\* 5\n- \*\*Checks overdue:\*\* 1\n- \*\*Checks failed:\*\* 1\n/,
    );
    assert.ok(
      md.includes(
        "| A.8.8 | Monthly review of open critical and high vulnerabilities against the patch deadlines | examine | 1 month | platform-lead (Platform Engineering Lead) | 2026-10-20 | pass | 2026-11-20 | overdue |",
      ),
    );
    assert.ok(
      md.includes(
        "| A.5.36 | audits/reports/CB-2025-ST2.md | 2025-05-14 | 2026-05-13 | expired 200 days ago |",
      ),
    );
    const csv = (await cli(["report", "soa", dir, "--format", "csv"], dir)).stdout.split("\r\n");
    // The new columns come last: checks, overdue, failed, next due, evidence expired, earliest valid_until.
    assert.match(csv.find((l) => l.startsWith("A.8.13,")) ?? "", /,1,0,1,2027-03-15,0,$/);
    assert.match(
      csv.find((l) => l.startsWith("A.5.36,")) ?? "",
      /,audits\/reports\/CB-2025-ST2\.md,.*,0,0,0,,1,2026-05-13$/,
    );
  });

  test("the roles report as DOCX holds every role and every responsibility", async () => {
    const out = join(dir, "out", "roles.docx");
    const res = await cli(["report", "roles", dir, "--format", "docx", "--out", out], dir);
    assert.equal(res.code, 0, res.stderr);
    const text = docxText(readFileSync(out));
    const roles = readFileSync(join(dir, "roles.yaml"), "utf8");
    const titles = [...roles.matchAll(/^ {4}title: (.+)$/gm)].map((m) => m[1]);
    const responsibilities = [...roles.matchAll(/^ {6}- (.+)$/gm)].map((m) => m[1]);
    assert.equal(titles.length, 13);
    for (const t of [...titles, ...responsibilities]) assert.ok(text.includes(t), `DOCX lacks: ${t}`);
    assert.match(text, /Roles, responsibilities and authorities/);
  });

  test("the SoA as DOCX holds every control id", async () => {
    const out = join(dir, "out", "soa.docx");
    assert.equal((await cli(["report", "soa", dir, "--format", "docx", "--out", out], dir)).code, 0);
    const text = docxText(readFileSync(out));
    for (const id of ["A.5.1", "A.6.8", "A.7.14", "A.8.34"]) assert.ok(text.includes(id), id);
  });
});

describe("escaping", () => {
  let evil: string;
  before(() => {
    evil = mkdtempSync(join(tmpdir(), "isms-evil-"));
    writeFileSync(join(evil, "isms.yaml"), "kind: isms\norganisation: <b>Evil</b> & Co\n");
    writeFileSync(
      join(evil, "roles.yaml"),
      'kind: roles\nroles:\n  - id: boss\n    title: \'=HYPERLINK("http://evil.example","click")\'\n    holder: "<script>alert(1)</script>"\n',
    );
    writeFileSync(
      join(evil, "risks.yaml"),
      'kind: risks\nrisks:\n  - id: R-1\n    title: <img src=x onerror=alert(1)>\n    owner: \'=HYPERLINK("http://evil.example","x")\'\n    likelihood: 5\n    impact: 5\n    treatment: mitigate\n    controls: [A.5.1]\n',
    );
  });
  after(() => rmSync(evil, { recursive: true, force: true }));

  test("HTML shows hostile text as text", async () => {
    const html = (await cli(["report", "risk-register", evil, "--format", "html"], evil)).stdout;
    assert.ok(!html.includes("<img src=x"), "no raw img tag");
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(html.includes("&lt;b&gt;Evil&lt;/b&gt; &amp; Co"));
    const roles = (await cli(["report", "roles", evil, "--format", "html"], evil)).stdout;
    assert.ok(!roles.includes("<script>"), "no raw script tag");
    assert.match(roles, /Content-Security-Policy" content="default-src 'none'/);
  });

  test("Markdown escapes HTML and table syntax", async () => {
    const md = (await cli(["report", "risk-register", evil], evil)).stdout;
    assert.ok(md.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(!md.includes("<img"));
    const roles = (await cli(["report", "roles", evil], evil)).stdout;
    assert.ok(roles.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  });

  test("CSV neutralises formulas (a leading apostrophe) and quotes per RFC 4180", async () => {
    const csv = (await cli(["report", "risk-register", evil, "--format", "csv"], evil)).stdout;
    const row = csv.split("\r\n").find((l) => l.startsWith("R-1,")) ?? "";
    assert.ok(row.startsWith("R-1,<img src=x onerror=alert(1)>,"), row);
    assert.ok(row.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), row);
  });
});

describe("git: --at, source commit and the changes report", () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Dana Officer",
        GIT_AUTHOR_EMAIL: "dana@example.com",
        GIT_COMMITTER_NAME: "Dana Officer",
        GIT_COMMITTER_EMAIL: "dana@example.com",
        GIT_AUTHOR_DATE: process.env.GIT_AUTHOR_DATE,
        GIT_COMMITTER_DATE: process.env.GIT_COMMITTER_DATE,
      },
      encoding: "utf8",
    });
  const commit = (date: string, message: string) => {
    process.env.GIT_AUTHOR_DATE = `${date}T10:00:00Z`;
    process.env.GIT_COMMITTER_DATE = `${date}T10:00:00Z`;
    git("add", "-A");
    git("commit", "-q", "-m", message);
    delete process.env.GIT_AUTHOR_DATE;
    delete process.env.GIT_COMMITTER_DATE;
  };
  const risks = (ids: string[], likelihood = 2) =>
    "kind: risks\nrisks:\n" +
    ids
      .map(
        (id) =>
          `  - { id: ${id}, title: Risk ${id}, owner: iso, likelihood: ${likelihood}, impact: 2, treatment: avoid }\n`,
      )
      .join("");

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "isms-git-"));
    git("init", "-q", "-b", "main");
    mkdirSync(join(repo, "isms"));
    writeFileSync(join(repo, "isms", "isms.yaml"), "kind: isms\norganisation: Git Ltd\n");
    writeFileSync(
      join(repo, "isms", "roles.yaml"),
      "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: Dana }\n",
    );
    writeFileSync(join(repo, "isms", "risks.yaml"), risks(["R-1", "R-2"]));
    commit("2026-01-10", "Initial register");
    git("tag", "cert-audit");
    writeFileSync(join(repo, "isms", "risks.yaml"), risks(["R-1", "R-3"], 4));
    writeFileSync(join(repo, "notes.txt"), "not ISMS");
    commit("2026-03-05", "Quarterly risk review: R-2 retired, R-3 added");
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  test("changes lists each commit with author, message and the entries added, changed and removed", async () => {
    const res = await cli(["report", "changes", "isms", "--from", "2026-01-01", "--to", TODAY], repo);
    assert.equal(res.code, 0, res.stderr);
    const md = res.stdout;
    assert.match(md, /## 2026-03-05 [0-9a-f]{7} Dana Officer: Quarterly risk review: R-2 retired, R-3 added/);
    assert.match(md, /\| risks\.yaml \| R-3 \| R-1 \| R-2 \|/);
    assert.match(md, /## 2026-01-10 [0-9a-f]{7} Dana Officer: Initial register/);
    assert.match(md, /\| risks\.yaml \| R-1, R-2 \| +\| +\| new file \|/);
    assert.ok(md.indexOf("2026-03-05") < md.indexOf("2026-01-10"), "newest first");
    const narrow = (
      await cli(["report", "changes", "isms", "--from", "2026-02-01", "--to", "2026-12-31"], repo)
    ).stdout;
    assert.ok(!narrow.includes("Initial register"));
  });

  test("--at renders the ISMS as it stood at a tag, without a checkout; the source names the commit", async () => {
    const then = (
      await cli(["report", "risk-register", "isms", "--at", "cert-audit", "--format", "csv"], repo)
    ).stdout;
    assert.deepEqual(
      then
        .split("\r\n")
        .filter((l) => /^R-\d/.test(l))
        .map((l) => l.split(",")[0]),
      ["R-1", "R-2"],
    );
    const md = (await cli(["report", "risk-register", "isms", "--at", "cert-audit"], repo)).stdout;
    assert.match(md, /\*\*Source:\*\* cert-audit \([0-9a-f]{7}\)/);
    const now = (await cli(["report", "risk-register", "isms"], repo)).stdout;
    assert.match(now, /\*\*Source:\*\* [0-9a-f]{7}\n/);
    assert.match(now, /R-3/);
    writeFileSync(join(repo, "isms", "risks.yaml"), risks(["R-1"]));
    assert.match(
      (await cli(["report", "risk-register", "isms"], repo)).stdout,
      /\*\*Source:\*\* [0-9a-f]{7} \+ local changes/,
    );
    git("checkout", "-q", "--", ".");
  });

  test("an unknown ref and a folder outside git get clear messages", async () => {
    const bad = await cli(["report", "soa", "isms", "--at", "no-such-tag"], repo);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^isms: /);
    const outside = await cli(["report", "changes", dir], dir);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is not in a git repository: the changes report reads its history/);
  });
});

describe("writing files", () => {
  test("a report file is replaced only when isms wrote it and nobody changed it, else --force", async () => {
    const out = join(dir, "reports", "soa.md");
    assert.equal((await cli(["report", "soa", dir, "--out", out], dir)).code, 0);
    assert.equal((await cli(["report", "soa", dir, "--out", out], dir)).code, 0, "unchanged: replaced");
    writeFileSync(out, readFileSync(out, "utf8") + "\nMy notes for the auditor.\n");
    const refused = await cli(["report", "soa", dir, "--out", out], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /was changed since isms wrote it; use --force to replace it/);
    assert.match(readFileSync(out, "utf8"), /My notes for the auditor/);
    const mine = join(dir, "reports", "mine.md");
    writeFileSync(mine, "hand written");
    assert.match(
      (await cli(["report", "soa", dir, "--out", mine], dir)).stderr,
      /exists and was not written by isms/,
    );
    assert.equal((await cli(["report", "soa", dir, "--out", out, "--force"], dir)).code, 0);
    assert.doesNotMatch(readFileSync(out, "utf8"), /My notes/);
    assert.ok(existsSync(join(dir, "reports", ".isms-reports.json")));
  });

  test("bad usage: unknown type, a format the type lacks, a bad date", async () => {
    assert.match((await cli(["report", "nope", dir], dir)).stderr, /unknown report type 'nope'/);
    assert.match(
      (await cli(["report", "audits", dir, "--format", "csv"], dir)).stderr,
      /the audits report comes as md, html, docx, pdf, not csv/,
    );
    assert.match(
      (await cli(["report", "soa", dir, "--today", "2026-02-30"], dir)).stderr,
      /--today must be a date/,
    );
    assert.match(
      (await cli(["check", dir, "--out", "x"], dir)).stderr,
      /--out is not an option of isms check/,
    );
  });
});
