// Output formats of `isms check`: text for people, JSON for scripts, and for CI: SARIF 2.1.0 (code
// scanning), GitHub workflow commands with a step summary, GitLab Code Quality and JUnit XML. The CI
// formats name files relative to the repository root (the checked folder outside a repository), and
// identify each finding by rule, file, entry and field, so it stays the same finding when lines move.
import { createHash } from "node:crypto";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CLAUSE_BY_ID, CONTROL_BY_ID } from "./catalogue";
import type { Finding } from "./check";
import { findRepo } from "./git";
import { nodeAt } from "./locate";
import type { Entry, IsmsFile } from "./model";
import { allRules, CONTROL_ENTRY } from "./registry";
import { ruleDocPath, type Rule, type Severity } from "./rules/api";
import type { WorkspaceIndex } from "./workspace";

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export const relPath = (root: string, file: string): string => relative(root, file).split(sep).join("/");

/**
 * Text for a terminal: control characters (escape sequences, line breaks, carriage returns that would
 * draw over a line) are shown escaped, so a value cannot forge output.
 */
export const terminalSafe = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 10
      ? "\\n"
      : code === 13
        ? "\\r"
        : code === 9
          ? "\\t"
          : `\\u${code.toString(16).padStart(4, "0")}`;
  });

/** A relative path as a URI reference (SARIF's artifactLocation.uri): each segment percent-encoded. */
export const uriOfPath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

export function toJson(root: string, findings: Finding[]): JsonFinding[] {
  return findings.map((f) => ({
    file: relPath(root, f.file),
    line: f.start.line + 1,
    column: f.start.character + 1,
    endLine: f.end.line + 1,
    endColumn: f.end.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
}

export function countBySeverity(findings: { severity: Severity }[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatText(root: string, findings: Finding[], fileCount: number): string {
  const rows = toJson(root, findings);
  const lines: string[] = [];
  let current: string | undefined;
  for (const r of rows) {
    if (r.file !== current) {
      if (current !== undefined) lines.push("");
      current = r.file;
    }
    lines.push(
      `${terminalSafe(r.file)}:${r.line}:${r.column}  ${r.severity}  ${r.code}  ${terminalSafe(r.message)}`,
    );
  }
  if (rows.length) lines.push("");
  lines.push(summaryLine(rows, fileCount));
  return lines.join("\n") + "\n";
}

// ---- CI formats ----

/** What the CI formats need besides the findings. */
export interface CiContext {
  /** The checked folder. */
  dir: string;
  /** The folder CI paths are relative to: the repository root, or the checked folder outside one. */
  base: string;
  /** Whether `base` is a repository root. */
  inRepo: boolean;
  /** The checked workspace (entries, owners and fields of findings). */
  index?: WorkspaceIndex;
  /** The ISMS files checked (for JUnit: a file without findings is a passing test). */
  files?: string[];
  version: string;
  /** The web address of the repository at the version: rule pages are `<helpBase>/docs/rules/<id>.md`. */
  helpBase?: string;
}

/**
 * The base of CI paths for a checked folder: the root of the git repository holding it (found by its
 * `.git`, without running git), else the folder itself.
 */
export function ciBase(dir: string): { base: string; inRepo: boolean } {
  const repo = findRepo(dir);
  return repo ? { base: repo.root, inRepo: true } : { base: dir, inRepo: false };
}

/** The repository's web address at the version's tag (rule pages lie below it), from its git URL. */
export function helpBaseOf(repositoryUrl: string | undefined, version: string): string | undefined {
  if (!repositoryUrl) return undefined;
  const web = repositoryUrl
    .replace(/^git\+/, "")
    .replace(/^git:\/\//, "https://")
    .replace(/\.git$/, "");
  if (!/^https?:\/\//.test(web)) return undefined;
  return `${web}/blob/v${version}`;
}

/** The web page of a rule, when the repository's address is known. */
const helpUri = (ctx: CiContext, code: string): string | undefined =>
  ctx.helpBase === undefined ? undefined : `${ctx.helpBase}/${ruleDocPath({ id: code })}`;

/** A finding as the CI formats describe it. */
export interface CiFinding {
  finding: Finding;
  /** Path relative to the CI base, with "/". */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  entryId?: string;
  /** The field of the entry (or top-level key) the finding is on: "owner", "residual.likelihood". */
  field: string;
  /** The role owning the finding's entry (its `owner`, or its parent's). */
  owner?: string;
  /** Rule, file, entry, field and message id, hashed; unique in the run (a counter tells twins apart). */
  fingerprint: string;
  /** Clauses and Annex A controls the rule or the entry names. */
  tags: string[];
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Clauses and controls a rule's doc names: "clause 9.2.2", "Clause 9.1 and 9.3", "control A.5.34". */
export function ruleTags(rule: Pick<Rule, "doc">): string[] {
  const tags = new Set<string>();
  for (const m of rule.doc.matchAll(/\b[Cc]lauses? (\d+(?:\.\d+)*(?:(?:,| and| or) \d+(?:\.\d+)*)*)(?! to)/g))
    for (const id of m[1].split(/,| and| or/).map((x) => x.trim()))
      if (CLAUSE_BY_ID.has(id)) tags.add(`clause-${id}`);
  for (const m of rule.doc.matchAll(/\bcontrols? (A\.\d+\.\d+)\b/g))
    if (CONTROL_BY_ID.has(m[1])) tags.add(m[1]);
  return [...tags];
}

const ownerOf = (entry: Entry | undefined): string | undefined => {
  for (let e = entry; e; e = e.parent) {
    const o = (e.value as Record<string, unknown>).owner;
    if (typeof o === "string" && o.trim() !== "") return o.trim();
  }
  return undefined;
};

/** The CI view of each finding, in the findings' order. */
export function ciFindings(findings: Finding[], ctx: CiContext): CiFinding[] {
  const files = new Map<string, IsmsFile>((ctx.index?.files ?? []).map((f) => [f.path, f]));
  const tagsOfRule = new Map(allRules().map((r) => [r.id, ruleTags(r)]));
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const file = files.get(f.file);
    let entry: Entry | undefined;
    let field = "";
    if (file) {
      try {
        const at = nodeAt(file, f.range[0]);
        entry = at.entry;
        const rest = at.path.slice(entry ? entry.path.length : 0);
        field = rest.filter((x) => typeof x === "string").join(".");
        // An item of a list is named by its value, not its place (which moves).
        if (typeof rest.at(-1) === "number" && at.scalar) field += `[${String(at.scalar.value)}]`;
      } catch {
        /* a position nodeAt cannot place: the finding is on the file */
      }
    }
    const entryId = f.entryId ?? entry?.id;
    const path = relPath(ctx.base, f.file);
    const key = [f.code, path, entryId ?? "", field, f.messageId].join("\0");
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const tags = new Set(tagsOfRule.get(f.code) ?? []);
    if (entry?.kind === CONTROL_ENTRY && entry.id && CONTROL_BY_ID.has(entry.id)) tags.add(entry.id);
    for (const [k, v] of Object.entries(f.data))
      if (typeof v === "string" && /control|clause/i.test(k)) {
        if (CONTROL_BY_ID.has(v)) tags.add(v);
        else if (CLAUSE_BY_ID.has(v)) tags.add(`clause-${v}`);
      }
    return {
      finding: f,
      path,
      line: f.start.line + 1,
      column: f.start.character + 1,
      endLine: f.end.line + 1,
      endColumn: f.end.character + 1,
      entryId,
      field,
      owner: ownerOf(entry),
      fingerprint: sha256(n === 1 ? key : `${key}\0${n}`).slice(0, 32),
      tags: [...tags],
    };
  });
}

const SARIF_LEVEL: Record<Severity, string> = {
  error: "error",
  warning: "warning",
  information: "note",
  hint: "note",
};

const SRCROOT = "%SRCROOT%";

/**
 * SARIF 2.1.0. `root` is what URIs are relative to (`%SRCROOT%`); without a context, it is the checked
 * folder and results carry no fingerprints.
 */
export function formatSarif(root: string, findings: Finding[], version: string, ctx?: CiContext): object {
  const c: CiContext = ctx ?? { dir: root, base: root, inRepo: false, version };
  const rules = allRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "isms",
            version,
            ...(c.helpBase ? { informationUri: c.helpBase.replace(/\/blob\/[^/]+$/, "") } : {}),
            rules: rules.map((r) => {
              const tags = ruleTags(r);
              return {
                id: r.id,
                name: r.id,
                shortDescription: { text: r.doc.split(". ")[0].replace(/\.?$/, ".") },
                fullDescription: { text: r.doc },
                help: {
                  text: `${r.doc}\n\nHow to fix: ${r.fix}`,
                  markdown: `${r.doc}\n\n**How to fix:** ${r.fix}`,
                },
                ...(c.helpBase ? { helpUri: helpUri(c, r.id) } : {}),
                defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
                properties: { tags: ["iso27001", ...tags] },
              };
            }),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: pathToFileURL(c.base).href.replace(/\/?$/, "/"),
            description: { text: c.inRepo ? "The repository root" : "The checked folder" },
          },
        },
        columnKind: "utf16CodeUnits",
        results: ciFindings(findings, c).map((f) => ({
          ruleId: f.finding.code,
          ruleIndex: ruleIndex.get(f.finding.code),
          level: SARIF_LEVEL[f.finding.severity],
          message: { text: f.finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOfPath(f.path), uriBaseId: SRCROOT },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  endLine: f.endLine,
                  endColumn: f.endColumn,
                },
              },
            },
          ],
          partialFingerprints: { "isms/v1": f.fingerprint },
          properties: {
            ...(f.tags.length ? { tags: f.tags } : {}),
            ...(f.entryId !== undefined ? { entry: f.entryId } : {}),
            ...(f.field ? { field: f.field } : {}),
            ...(f.owner !== undefined ? { owner: f.owner } : {}),
          },
        })),
      },
    ],
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const GITHUB_COMMAND: Record<Severity, string> = {
  error: "error",
  warning: "warning",
  information: "notice",
  hint: "notice",
};

/** Workflow-command data: `%`, CR and LF escaped (so a message can never start a command of its own). */
const ghData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** A workflow-command property value: as data, and `:` and `,` too. */
const ghProperty = (s: string) => ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions annotations (errors first, then warnings, then notices), one workflow command a line. */
export function formatGithub(findings: Finding[], ctx: CiContext): string {
  const rows = ciFindings(findings, ctx)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.finding.severity] - SEVERITY_RANK[b.f.finding.severity] || a.i - b.i);
  const lines = rows.map(({ f }) => {
    const props = [
      `file=${ghProperty(f.path)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${ghProperty(`isms ${f.finding.code}`)}`,
    ].join(",");
    return `::${GITHUB_COMMAND[f.finding.severity]} ${props}::${ghData(terminalSafe(f.finding.message))}`;
  });
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** Text in a Markdown table cell: no line break, no pipe, no markup, no HTML. */
const mdCell = (s: string) =>
  terminalSafe(s)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

/** The summary line of a run: "12 problems (5 errors, 6 warnings, 1 information) in 10 of 12 ISMS files." */
export function summaryLine(findings: { severity: Severity; file: string }[], fileCount: number): string {
  const c = countBySeverity(findings);
  const files = new Set(findings.map((r) => r.file)).size;
  return findings.length === 0
    ? `No problems in ${plural(fileCount, "ISMS file")}.`
    : `${plural(findings.length, "problem")} (${[
        plural(c.error, "error"),
        plural(c.warning, "warning"),
        ...(c.information ? [`${c.information} information`] : []),
        ...(c.hint ? [plural(c.hint, "hint")] : []),
      ].join(", ")}) in ${files} of ${plural(fileCount, "ISMS file")}.`;
}

/** GitHub limits a step summary to 1 MiB; past this the summary says what it left out. */
const MAX_SUMMARY = 900 * 1024;

/**
 * The Markdown step summary: the counts, then every finding grouped by the role owning its entry (the
 * owners with most errors first; findings on no owned entry last), linking to the file at the commit
 * when the GitHub environment names it.
 */
export function githubSummary(
  findings: Finding[],
  ctx: CiContext,
  env: NodeJS.ProcessEnv = {},
  fileCount = ctx.files?.length ?? 0,
): string {
  const rows = ciFindings(findings, ctx);
  const out: string[] = [`## isms check`, "", summaryLine(findings, fileCount), ""];
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  const link = (f: CiFinding) =>
    server && repo && sha && ctx.inRepo
      ? `[${mdCell(f.path)}:${f.line}](${server}/${repo}/blob/${sha}/${uriOfPath(f.path)}#L${f.line})`
      : `${mdCell(f.path)}:${f.line}`;
  const groups = new Map<string, CiFinding[]>();
  for (const f of rows) {
    const k = f.owner ?? "";
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const errors = (list: CiFinding[]) => list.filter((f) => f.finding.severity === "error").length;
  const order = [...groups].sort(
    ([a, x], [b, y]) =>
      (a === "" ? 1 : 0) - (b === "" ? 1 : 0) ||
      errors(y) - errors(x) ||
      y.length - x.length ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
  let size = out.join("\n").length;
  let left = 0;
  for (const [owner, list] of order) {
    const title = owner === "" ? undefined : ctx.index ? roleTitleOf(ctx.index, owner) : undefined;
    const head = [
      owner === ""
        ? `### No owner (${list.length})`
        : `### ${mdCell(owner)}${title ? ` (${mdCell(title)})` : ""}: ${list.length}`,
      "",
      "| severity | where | rule | entry | message |",
      "|---|---|---|---|---|",
    ];
    const body: string[] = [];
    for (const f of [...list].sort(
      (a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity],
    )) {
      const uri = helpUri(ctx, f.finding.code);
      const rule = uri ? `[${f.finding.code}](${uri})` : `\`${f.finding.code}\``;
      const row = `| ${f.finding.severity} | ${link(f)} | ${rule} | ${f.entryId ? mdCell(f.entryId) : ""} | ${mdCell(f.finding.message)} |`;
      if (size + row.length > MAX_SUMMARY) {
        left++;
        continue;
      }
      size += row.length + 1;
      body.push(row);
    }
    if (body.length) out.push(...head, ...body, "");
  }
  if (left) out.push(`${plural(left, "more finding")} left out (the summary's size limit): see the log.`, "");
  return out.join("\n");
}

function roleTitleOf(index: WorkspaceIndex, id: string): string | undefined {
  const role = index.defs.get(id)?.find((e) => e.kind === "role");
  const t = role ? (role.value as Record<string, unknown>).title : undefined;
  return typeof t === "string" ? t : undefined;
}

const CODE_QUALITY_SEVERITY: Record<Severity, string> = {
  error: "major",
  warning: "minor",
  information: "info",
  hint: "info",
};

/** GitLab Code Quality (a JSON array of issues; UTF-8 without a byte order mark). */
export function formatCodeQuality(findings: Finding[], ctx: CiContext): object[] {
  return ciFindings(findings, ctx).map((f) => ({
    type: "issue",
    description: f.finding.message,
    check_name: f.finding.code,
    fingerprint: f.fingerprint,
    severity: CODE_QUALITY_SEVERITY[f.finding.severity],
    location: { path: f.path, lines: { begin: f.line, end: f.endLine } },
    ...(f.tags.length ? { categories: ["Compliance"] } : {}),
  }));
}

/** Characters XML 1.0 cannot hold, even as a reference: most C0 controls, U+FFFE, U+FFFF, lone surrogates. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text XML 1.0 can hold: markup escaped, and characters it cannot hold at all shown as \uXXXX. */
const xml = (s: string) =>
  s
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/**
 * JUnit XML: a test suite per ISMS file, a test case per finding (errors and warnings fail; information
 * and hints pass with the finding as output) and one passing case for a file without findings.
 */
export function formatJunit(findings: Finding[], ctx: CiContext): string {
  const rows = ciFindings(findings, ctx);
  const byFile = new Map<string, CiFinding[]>();
  for (const p of (ctx.files ?? []).map((f) => relPath(ctx.base, f))) byFile.set(p, []);
  for (const f of rows) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const paths = [...byFile.keys()].sort();
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const path of paths) {
    const list = byFile.get(path) ?? [];
    const names = new Map<string, number>();
    const cases = list.map((f) => {
      const base = [f.finding.code, f.entryId, f.field].filter(Boolean).join(" ");
      const n = (names.get(base) ?? 0) + 1;
      names.set(base, n);
      const name = n === 1 ? base : `${base} #${n}`;
      const where = `${f.path}:${f.line}:${f.column}`;
      const uri = helpUri(ctx, f.finding.code);
      const text = `${f.finding.severity} ${where} ${f.finding.code}: ${f.finding.message}${uri ? `\n${uri}` : ""}`;
      const fails = f.finding.severity === "error" || f.finding.severity === "warning";
      const open = `    <testcase classname="${xml(path)}" name="${xml(name)}" file="${xml(path)}" line="${f.line}">`;
      return fails
        ? `${open}\n      <failure type="${xml(f.finding.code)}" message="${xml(f.finding.message)}">${xml(text)}</failure>\n    </testcase>`
        : `${open}\n      <system-out>${xml(text)}</system-out>\n    </testcase>`;
    });
    const failed = list.filter(
      (f) => f.finding.severity === "error" || f.finding.severity === "warning",
    ).length;
    if (!cases.length)
      cases.push(`    <testcase classname="${xml(path)}" name="no problems" file="${xml(path)}"/>`);
    tests += cases.length;
    failures += failed;
    suites.push(
      `  <testsuite name="${xml(path)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="isms check" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}
