// The CI formats of `isms check` as the tools reading them see them: SARIF validated against the SARIF
// 2.1.0 JSON Schema (shipped in fixtures/) with paths from the repository root, GitHub workflow commands
// and the step summary, GitLab Code Quality, JUnit XML, several outputs in one run, and --fail-on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Ajv from "ajv";
import { exampleCopy, isms, ROOT, roleFile, tmp, TODAY, writeTree } from "./helpers";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
  }[];
  partialFingerprints: Record<string, string>;
  properties: { tags?: string[]; entry?: string; field?: string };
}
interface SarifRule {
  id: string;
  helpUri?: string;
  properties: { tags: string[] };
}
interface Sarif {
  runs: {
    tool: { driver: { rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

/** The SARIF 2.1.0 schema, compiled. It is draft-04; ajv reads draft-07, which differs here only in `id`. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(__dirname, "fixtures", "sarif-schema-2.1.0.json"), "utf8"));
  assert.equal(schema.title, "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema");
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    formats: {
      uri: (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s),
      "uri-reference": (s: string) => URL.canParse(s, "file:///base/"),
      "date-time": (s: string) => !Number.isNaN(Date.parse(s)),
    },
  });
  return ajv.compile(schema);
}

/** The example in a git repository, in a subfolder: compliance/isms. */
function repoWithIsms(): { repo: string; dir: string } {
  const repo = tmp("repo");
  const dir = join(repo, "compliance", "isms");
  mkdirSync(join(repo, "compliance"));
  spawnSync("cp", ["-r", exampleCopy(), dir]);
  const git = (...args: string[]) =>
    spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd: repo });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "isms");
  return { repo, dir };
}

const sarifOf = (dir: string, cwd?: string): Sarif =>
  JSON.parse(isms(["check", dir, "--today", TODAY, "--format", "sarif"], { cwd }).stdout) as Sarif;

describe("sarif", () => {
  const validate = sarifValidator();

  test("valid SARIF 2.1.0, with URIs from the repository root under %SRCROOT%", () => {
    const { repo, dir } = repoWithIsms();
    const sarif = sarifOf(dir);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    // The schema does reject what is not SARIF 2.1.0.
    assert.ok(!validate({ ...sarif, version: "2.0.0" }));
    assert.ok(!validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ level: "fatal" }] }] }));
    const run = sarif.runs[0];
    assert.ok(run.results.length > 5);
    assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri, `file://${repo}/`);
    const late = run.results.find((r) => r.ruleId === "breach-notification-late")!;
    assert.deepEqual(late.locations[0].physicalLocation.artifactLocation, {
      uri: "compliance/isms/incidents.yaml",
      uriBaseId: "%SRCROOT%",
    });
    // Every URI names a file that exists from the repository root.
    for (const r of run.results)
      assert.ok(
        existsSync(join(repo, decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri))),
      );
    // Run from elsewhere, the same.
    assert.deepEqual(sarifOf("isms", join(repo, "compliance")).runs[0].results, run.results);
  });

  test("outside a repository, URIs are relative to the checked folder", () => {
    const dir = exampleCopy();
    const run = sarifOf(dir).runs[0];
    assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri, `file://${dir}/`);
    const late = run.results.find((r) => r.ruleId === "breach-notification-late")!;
    assert.equal(late.locations[0].physicalLocation.artifactLocation.uri, "incidents.yaml");
  });

  test("partialFingerprints: unique, and unchanged when lines move", () => {
    const dir = exampleCopy();
    const before = sarifOf(dir).runs[0].results;
    const fps = before.map((r) => r.partialFingerprints["isms/v1"]);
    assert.equal(new Set(fps).size, fps.length);
    for (const f of fps) assert.match(f, /^[0-9a-f]{32}$/);
    const path = join(dir, "incidents.yaml");
    writeFileSync(path, "# a comment\n# and another\n" + readFileSync(path, "utf8"));
    const after = sarifOf(dir).runs[0].results;
    const late = (rs: SarifResult[]) => rs.find((r) => r.ruleId === "breach-notification-late")!;
    assert.equal(
      late(after).locations[0].physicalLocation.region.startLine,
      late(before).locations[0].physicalLocation.region.startLine + 2,
    );
    assert.deepEqual(after.map((r) => r.partialFingerprints["isms/v1"]).sort(), [...fps].sort());
  });

  test("helpUri is the rule's page in the repository, and tags name clauses and controls", () => {
    const run = sarifOf(exampleCopy()).runs[0];
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const web = pkg.repository.url.replace(/\.git$/, "");
    for (const r of run.tool.driver.rules) {
      assert.equal(r.helpUri, `${web}/blob/v${pkg.version}/docs/rules/${r.id}.md`);
      assert.ok(existsSync(join(ROOT, "docs", "rules", `${r.id}.md`)), r.id);
    }
    const rule = (id: string) => run.tool.driver.rules.find((r) => r.id === id)!;
    assert.ok(rule("breach-notification-late").properties.tags.includes("A.5.34"));
    assert.ok(rule("audit-coverage-gap").properties.tags.includes("clause-9.2.2"));
    assert.ok(rule("role-vacant").properties.tags.includes("clause-5.3"));
    // A finding on an SoA entry is tagged with its control.
    const soa = run.results.find((r) => r.ruleId === "soa-no-justification")!;
    assert.ok(soa.properties.tags!.includes(soa.properties.entry!), JSON.stringify(soa.properties));
    assert.match(soa.properties.entry!, /^A\.\d+\.\d+$/);
  });

  test("a silenced finding is not in the SARIF (the engine drops it; no suppressions are listed)", () => {
    const dir = writeTree(tmp("silence"), {
      "roles.yaml": "kind: roles\nroles:\n  # isms-disable-next-line role-vacant\n  - id: a\n    title: A\n",
    });
    const rules = sarifOf(dir).runs[0].results.map((r) => r.ruleId);
    assert.ok(!rules.includes("role-vacant"));
    assert.ok(rules.includes("review-overdue"));
  });
});

describe("github", () => {
  test("workflow commands, errors first, paths from the repository root; the summary by owner", () => {
    const { repo, dir } = repoWithIsms();
    const summary = join(tmp("summary"), "step-summary.md");
    writeFileSync(summary, "earlier step\n");
    const r = isms(["check", dir, "--today", TODAY, "--format", "github"], {
      env: {
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_SERVER_URL: "https://github.example",
        GITHUB_REPOSITORY: "acme/isms",
        GITHUB_SHA: "0123abc",
      },
    });
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split("\n");
    const commands = lines.filter((l) => l.startsWith("::"));
    assert.ok(commands.length > 5);
    assert.ok(
      commands.includes(
        "::error file=compliance/isms/risks/people-and-suppliers.yaml,line=43,col=12,endLine=43,endColumn=23,title=isms unknown-role::Unknown role 'devops-lead' (did you mean 'dev-lead'?)",
      ),
    );
    const kinds = commands.map((l) => /^::(\w+) /.exec(l)![1]);
    assert.deepEqual(
      kinds,
      [...kinds].sort(
        (a, b) => ["error", "warning", "notice"].indexOf(a) - ["error", "warning", "notice"].indexOf(b),
      ),
    );
    assert.ok(kinds.includes("notice"));
    // A % in a message is escaped, as workflow commands require.
    assert.ok(commands.some((l) => /84\.5%25/.test(l)));
    assert.match(lines.at(-1)!, /^\d+ problems \(7 errors, .*\) in \d+ of \d+ ISMS files\.$/);
    for (const l of commands) {
      const file = /file=([^,]+)/.exec(l)![1];
      assert.ok(existsSync(join(repo, file)), file);
    }
    const md = readFileSync(summary, "utf8");
    assert.ok(md.startsWith("earlier step\n## isms check\n"), "appended");
    assert.match(md, /### iso \(Information Security Officer\): \d+/);
    assert.match(md, /### dpo \(Data Protection Officer\): \d+/);
    assert.match(
      md,
      /\| error \| \[compliance\/isms\/risks\/people-and-suppliers\.yaml:43\]\(https:\/\/github\.example\/acme\/isms\/blob\/0123abc\/compliance\/isms\/risks\/people-and-suppliers\.yaml#L43\) \| \[unknown-role\]\(.*\/docs\/rules\/unknown-role\.md\) \| R-031 \|/,
    );
    // Every finding is in it, once.
    assert.equal(
      md.split("\n").filter((l) => /^\| (error|warning|information|hint) \|/.test(l)).length,
      commands.length,
    );
  });

  test("chosen by default when GITHUB_ACTIONS=true, not when a format is given", () => {
    const dir = writeTree(tmp("auto"), { "a.yaml": roleFile("a"), "b.yaml": roleFile("a") });
    const auto = isms(["check", dir, "--today", TODAY], { env: { GITHUB_ACTIONS: "true" } });
    assert.match(auto.stdout, /^::error file=/);
    const text = isms(["check", dir, "--today", TODAY, "--format", "text"], {
      env: { GITHUB_ACTIONS: "true" },
    });
    assert.doesNotMatch(text.stdout, /^::/m);
    const plain = isms(["check", dir, "--today", TODAY]);
    assert.doesNotMatch(plain.stdout, /^::/m);
  });
});

describe("codequality and junit", () => {
  test("GitLab Code Quality: the fields GitLab reads, unique fingerprints, UTF-8 without BOM", () => {
    const { repo, dir } = repoWithIsms();
    const out = join(repo, "gl-code-quality-report.json");
    const r = isms(["check", dir, "--today", TODAY, "--format", "codequality", "--output", out]);
    assert.equal(r.code, 1);
    const bytes = readFileSync(out);
    assert.equal(bytes[0], "[".charCodeAt(0));
    const issues = JSON.parse(bytes.toString("utf8")) as {
      description: string;
      check_name: string;
      fingerprint: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }[];
    assert.ok(issues.length > 5);
    for (const i of issues) {
      assert.equal(typeof i.description, "string");
      assert.ok(["major", "minor", "info"].includes(i.severity), i.severity);
      assert.ok(existsSync(join(repo, i.location.path)), i.location.path);
      assert.ok(i.location.lines.begin >= 1);
    }
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    const role = issues.find((i) => i.check_name === "unknown-role")!;
    assert.deepEqual(
      { severity: role.severity, path: role.location.path, line: role.location.lines.begin },
      { severity: "major", path: "compliance/isms/risks/people-and-suppliers.yaml", line: 43 },
    );
    assert.ok(issues.some((i) => i.severity === "minor"));
  });

  test("JUnit: a suite per file, failures for errors and warnings, markup escaped", () => {
    const dir = writeTree(tmp("junit"), {
      "roles.yaml": 'kind: roles\nroles:\n  - id: a\n    title: "A <b> & \\"c\\" \\u0001"\n',
      "more-roles.yaml":
        "kind: roles\nroles:\n  - id: b\n    title: B\n    holder: Bea\n    reviewed: 2026-11-01\n",
    });
    const xml = isms(["check", dir, "--today", TODAY, "--format", "junit"]).stdout;
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="isms check"'));
    const cases = xml.match(/<testcase /g)!.length;
    const failures = xml.match(/<failure /g)?.length ?? 0;
    assert.match(xml, new RegExp(`<testsuites name="isms check" tests="${cases}" failures="${failures}"`));
    assert.match(xml, /<testsuite name="roles\.yaml" tests="\d+" failures="[1-9]\d*"/);
    assert.match(xml, /<testcase classname="roles\.yaml" name="role-vacant a id"/);
    assert.ok(xml.includes("Role a (A &lt;b&gt; &amp; &quot;c&quot; \\u0001) is vacant"));
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    assert.doesNotMatch(xml, /[\u0000-\u0008]/);
    assert.ok(xml.trimEnd().endsWith("</testsuites>"));
  });
});

describe("several outputs, --fail-on", () => {
  test("--format X --output FILE pairs in one run; stdout gets the default", () => {
    const dir = exampleCopy();
    const out = tmp("outs");
    const r = isms([
      "check",
      dir,
      "--today",
      TODAY,
      "--format",
      "sarif",
      "--output",
      join(out, "isms.sarif"),
      "--format",
      "junit",
      "--output",
      join(out, "reports", "isms.xml"),
      "--format",
      "json",
      "--output",
      join(out, "isms.json"),
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^risks\/people-and-suppliers\.yaml:43:12 {2}error {2}unknown-role/m);
    const sarif = JSON.parse(readFileSync(join(out, "isms.sarif"), "utf8")) as Sarif;
    const json = JSON.parse(readFileSync(join(out, "isms.json"), "utf8")) as unknown[];
    assert.equal(sarif.runs[0].results.length, json.length);
    assert.match(readFileSync(join(out, "reports", "isms.xml"), "utf8"), /^<\?xml/);
    // A format without --output goes to stdout.
    const one = isms([
      "check",
      dir,
      "--today",
      TODAY,
      "--format",
      "sarif",
      "--output",
      join(out, "b.sarif"),
      "--format",
      "json",
    ]);
    assert.deepEqual(JSON.parse(one.stdout), json);
  });

  test("bad pairs and unwritable outputs exit 2", () => {
    const dir = writeTree(tmp("pairs"), { "a.yaml": roleFile("a") });
    const out = tmp("bad");
    writeFileSync(join(out, "a-file"), "");
    const cases: [string[], RegExp][] = [
      [["--format", "json", "--format", "sarif"], /only one --format can go to stdout/],
      [["--output", join(out, "x"), "--format", "json"], /--output .* must follow the --format it writes/],
      [
        ["--format", "json", "--output", join(out, "x"), "--format", "sarif", "--output", join(out, "x")],
        /same file/,
      ],
      [["--format", "xml"], /--format must be text, json, sarif, github, codequality, junit/],
      [["--fail-on", "sometimes"], /--fail-on must be error, warning or never/],
      [["--format", "json", "--output", join(out, "a-file", "x.json")], /cannot write/],
    ];
    for (const [args, message] of cases) {
      const r = isms(["check", dir, "--today", TODAY, ...args]);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, message);
    }
  });

  test("--fail-on error (the default), warning, never", () => {
    const warningsOnly = writeTree(tmp("warn"), { "roles.yaml": roleFile("a") });
    // Two roles with one id: a duplicate-id error (a small workspace keeps the test quick).
    const errors = writeTree(tmp("errors"), { "a.yaml": roleFile("a"), "b.yaml": roleFile("a") });
    const code = (dir: string, ...args: string[]) => isms(["check", dir, "--today", TODAY, ...args]).code;
    assert.equal(code(warningsOnly), 0);
    assert.equal(code(warningsOnly, "--fail-on", "error"), 0);
    assert.equal(code(warningsOnly, "--fail-on", "warning"), 1);
    assert.equal(code(warningsOnly, "--fail-on", "never"), 0);
    assert.equal(code(errors), 1);
    assert.equal(code(errors, "--fail-on", "never"), 0);
    assert.equal(code(errors, "--fail-on", "never", "--today", "tomorrow"), 2);
    assert.equal(code(warningsOnly, "--max-warnings", "0"), 1);
  });
});
