// The `isms` command line: `isms check` runs the engine over a folder, as CI does; `isms report` writes
// the reports an auditor and top management ask for, from the working tree or from any git commit.
import { appendFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkWorkspace, resolveToday } from "./core/check";
import { fileExists, ignoreFilter, loadDirectory, type IgnoreFilter } from "./core/files";
import { GitError, resolveCommit, sourceOf, workspaceAt, type RefCommit } from "./core/git";
import { diskPaths } from "./core/paths";
import { GitHistory } from "./core/revisions";
import {
  ciBase,
  countBySeverity,
  formatCodeQuality,
  formatGithub,
  formatJunit,
  formatSarif,
  formatText,
  githubSummary,
  helpBaseOf,
  summaryLine,
  toJson,
  type CiContext,
} from "./core/output";
import { addDuration, months, parseDay, type Day } from "./core/values";
import { BINARY_FORMATS, FORMATS, produce, REPORT_BY_ID, REPORTS, type Format } from "./reports/index";
import { PdfError } from "./reports/pdf";
import { writeAtomic, writeReport } from "./reports/write";
import { findTemplates, scaffold } from "./init";
import { draftQuestionnaire } from "./questionnaire";
import { auditPack } from "./pack/command";
import pkg from "../../package.json";

/** Text wrapped at `width` columns, each line indented by `indent` spaces. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => " ".repeat(indent) + l).join("\n");
}

const USAGE = `Usage: isms check [DIR] [options]
       isms report TYPE [DIR] [options]
       isms init [DIR] [--organisation NAME]
       isms answer QUESTIONS.csv [DIR] [--force]
       isms audit-pack [DIR] [--at GIT-REF] [--out PATH] [--format zip|dir] [--today YYYY-MM-DD]
       isms audit-pack verify PATH

isms check: checks the ISMS in DIR (default: the current folder) and prints its findings.
  --format FORMAT            text, json, sarif, github, codequality or junit (default: text; github
                             when GITHUB_ACTIONS=true); repeatable, each with its own --output
  --output FILE              write the --format before it to FILE instead of stdout (stdout then gets
                             the default format)
  --exclude GLOB             leave files and folders out (a .ismsignore line: 'isms-tool/'); repeatable
  --today YYYY-MM-DD         the date rules count from (default: $ISMS_TODAY, else today)
  --max-warnings N           also fail when there are more than N warnings
  --fail-on error|warning|never
                             what makes the exit status 1 (default: error)
  Exit status: 0 no errors, 1 errors (or too many warnings, or what --fail-on names), 2 bad usage,
  unreadable DIR or an output file not written.

isms report: writes a report of the ISMS in DIR.
  TYPE                       one of:
${wrap(REPORTS.map((r) => r.id).join(", "), 29, 100)}
  --format FORMAT            md, html, csv, docx, xlsx or pdf (default: md) as the type has it:
${wrap(REPORTS.map((r) => `${r.id} ${r.formats.join("/")}`).join(", "), 29, 100)}
  --out FILE                 write to FILE (default: stdout for md, html and csv; isms-TYPE.docx,
                             isms-TYPE.xlsx, isms-TYPE.pdf)
  --browser PATH             pdf: the Chromium, Chrome or Edge to print with (default: $ISMS_BROWSER,
                             else the first of chromium, chromium-browser, google-chrome,
                             google-chrome-stable, microsoft-edge, msedge on PATH); isms downloads
                             none
  --force                    replace FILE even when it was changed since isms wrote it
  --exclude GLOB             leave files and folders out, as in isms check (.ismsignore is read too)
  --strict                   write no report when the ISMS has errors (exit 1); without it, a
                             report of an ISMS with errors carries a warning naming them
  --today YYYY-MM-DD         the as-of date (default: the date of the --at commit, else $ISMS_TODAY,
                             else today)
  --at GIT-REF               the ISMS as it stood at a tag, branch or commit (read from git, no
                             checkout); for changes, the history up to it
  --from, --to YYYY-MM-DD    the period of the changes report by commit date (default: the 12 months
                             up to today, or up to the date of --at or --until)
  --since GIT-REF            changes: the commits after this tag, branch or commit (not with --from)
  --until GIT-REF            changes: the commits up to and including this one (not with --to, --at)
  Exit status: 0 written, 1 not written under --strict (errors), 2 bad usage, unreadable DIR,
  git error, a file not replaced, or no browser for pdf.

isms init: writes a new ISMS into DIR (default: the current folder): the manifest and one file per kind,
  each with one example entry to replace; a file that exists is never replaced.
  --organisation NAME        the organisation the manifest names (else a placeholder to replace)

isms answer: drafts answers to a client's questionnaire from the answer library of the ISMS in DIR
  (default: the current folder): QUESTIONS.csv has a question in the first column of each row (a
  header row is allowed); the draft, QUESTIONS.draft.csv beside it, gives each question the best
  library answer, its id and score, the controls and documents it cites and the next best matches.
  Nothing is sent: review the draft.
  --force                    replace the draft even when it was changed since isms wrote it
  --exclude GLOB             leave files and folders out, as in isms check
  Exit status: 0 written, 2 bad usage, unreadable DIR or QUESTIONS.csv, or a draft not replaced.

isms audit-pack: writes the evidence pack of the ISMS in DIR (default: the current folder) for an
  audit: every report (HTML, and DOCX, CSV and the other formats each type comes in), the findings as
  JSON and SARIF, the ISMS files and every file they name as evidence, as they stood at GIT-REF (read
  from git, no checkout), and manifest.json and index.html listing each file with its sha256, source
  path and commit. The same GIT-REF and --today give the same bytes.
  --at GIT-REF               the ISMS as it stood at a tag, branch or commit (default: the working tree)
  --out PATH                 the ZIP file or folder to write (default: isms-audit-pack-REF.zip)
  --format zip|dir           a ZIP file (default) or a folder
  --today YYYY-MM-DD         the as-of date (default: the date of the --at commit, else $ISMS_TODAY,
                             else today)
  --pdf                      also each report as PDF (needs a browser; its bytes depend on its version)
  --browser PATH             with --pdf: the browser to print with, as for isms report
  --force                    replace PATH even when it was changed since isms wrote it
  --exclude GLOB             leave files and folders out, as in isms check
  Exit status: 0 written, 2 bad usage, unreadable DIR, git error, no browser for --pdf or PATH not
  replaced.
isms audit-pack verify PATH: hashes every file of the pack (ZIP file or folder) again and names each
  file that changed, was added or is missing. Exit status: 0 intact, 1 not, 2 PATH unreadable.

  -h, --help                 show this help
  -v, --version              show the version
`;

class UsageError extends Error {}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`isms: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof GitError) {
      io.stderr(`isms: ${e.message}\n`);
      return 2;
    }
    io.stderr(`isms: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      format: { type: "string", multiple: true },
      output: { type: "string", multiple: true },
      exclude: { type: "string", multiple: true },
      "fail-on": { type: "string" },
      today: { type: "string" },
      "max-warnings": { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      strict: { type: "boolean" },
      at: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      organisation: { type: "string" },
      browser: { type: "string" },
      pdf: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

type Parsed = ReturnType<typeof parse>;
type Options = Parsed["values"];

function todayOf(values: Options, io: CliIo): Day {
  const todayText = values.today ?? io.env.ISMS_TODAY;
  const today = resolveToday(todayText);
  if (today === undefined)
    throw new UsageError(
      `${values.today !== undefined ? "--today" : "ISMS_TODAY"} must be a date YYYY-MM-DD, not '${todayText}'`,
    );
  return today;
}

/** The folder argument, resolved; undefined (after saying so) when it is not a readable folder. */
function folderOf(arg: string | undefined, io: CliIo): string | undefined {
  const dir = resolve(io.cwd, arg ?? ".");
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) io.stderr(`isms: cannot read folder '${arg ?? "."}': no such folder\n`);
  return isDir ? dir : undefined;
}

/** Rejects options that belong to the other command. */
function only(values: Options, command: string, allowed: string[]): void {
  for (const k of Object.keys(values))
    if (!allowed.includes(k) && !["help", "version"].includes(k))
      throw new UsageError(`--${k} is not an option of isms ${command}`);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parse(argv);
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    (command === undefined && !values.help ? io.stderr : io.stdout)(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === "report") return report(rest, values, io);
  if (command === "init") return init(rest, values, io);
  if (command === "answer") return answer(rest, values, io);
  if (command === "audit-pack") {
    only(values, "audit-pack", ["format", "out", "today", "at", "exclude", "force", "pdf", "browser"]);
    return auditPack(rest, values, io, {
      usage: (m) => new UsageError(m),
      today: () => todayOf(values, io),
      folder: (arg) => folderOf(arg, io),
      ignore: (dir) => ignoreOf(dir, values, io),
      version: pkg.version,
      helpBase: helpBaseOf(pkg.repository?.url, pkg.version),
    });
  }
  if (command !== "check") throw new UsageError(`unknown command '${command}'`);
  return check(rest, parsed, io);
}

const CHECK_FORMATS = ["text", "json", "sarif", "github", "codequality", "junit"] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Where each format goes: pairs of --format and the --output after it (none: stdout), in order. */
function outputsOf(parsed: Parsed, io: CliIo): { format: CheckFormat; file?: string }[] {
  const outs: { format: string; file?: string }[] = [];
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== "option" || t.value === undefined) continue;
    if (t.name === "format") outs.push({ format: t.value });
    else if (t.name === "output") {
      const last = outs.at(-1);
      if (!last || last.file !== undefined)
        throw new UsageError(`--output ${t.value} must follow the --format it writes`);
      last.file = t.value;
    }
  }
  for (const o of outs)
    if (!(CHECK_FORMATS as readonly string[]).includes(o.format))
      throw new UsageError(`--format must be ${CHECK_FORMATS.join(", ")}, not '${o.format}'`);
  const toStdout = outs.filter((o) => o.file === undefined);
  if (toStdout.length > 1)
    throw new UsageError(
      `only one --format can go to stdout (${toStdout.map((o) => o.format).join(", ")}): give the others --output FILE`,
    );
  const files = outs.flatMap((o) => (o.file === undefined ? [] : [resolve(io.cwd, o.file)]));
  if (new Set(files).size < files.length) throw new UsageError("two --output options name the same file");
  // Without a format for stdout, stdout gets the default: annotations in GitHub Actions, else text.
  if (!toStdout.length) outs.push({ format: io.env.GITHUB_ACTIONS === "true" ? "github" : "text" });
  return outs as { format: CheckFormat; file?: string }[];
}

/** --exclude globs and the folder's .ismsignore; a .ismsignore that cannot be followed is said. */
function ignoreOf(dir: string, values: Options, io: CliIo): IgnoreFilter {
  const ignore = ignoreFilter(dir, values.exclude ?? []);
  if (ignore.problem) io.stderr(`isms: warning: ${ignore.problem}\n`);
  return ignore;
}

async function check(rest: string[], parsed: Parsed, io: CliIo): Promise<number> {
  const values = parsed.values;
  only(values, "check", ["format", "output", "exclude", "today", "max-warnings", "fail-on"]);
  if (rest.length > 1) throw new UsageError(`check takes one folder, got ${rest.length}`);
  const outputs = outputsOf(parsed, io);
  const failOn = values["fail-on"] ?? "error";
  if (!["error", "warning", "never"].includes(failOn))
    throw new UsageError(`--fail-on must be error, warning or never, not '${failOn}'`);
  const today = todayOf(values, io);
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"]))
      throw new UsageError(`--max-warnings must be a whole number, not '${values["max-warnings"]}'`);
    maxWarnings = +values["max-warnings"];
  }
  const dir = folderOf(rest[0], io);
  if (!dir) return 2;
  const ws = loadDirectory(dir, undefined, undefined, ignoreOf(dir, values, io));
  // Git's history is read once for the run (revision-unrecorded), only when a file keeps revisions:.
  const findings = checkWorkspace(ws, { today, roots: [dir], fileExists, history: new GitHistory() });
  const files = [...ws.index.files.map((f) => f.path), ...ws.index.unreadable.map((u) => u.path)];
  const ctx: CiContext = {
    dir,
    ...ciBase(dir),
    index: ws.index,
    files,
    version: pkg.version,
    helpBase: helpBaseOf(pkg.repository?.url, pkg.version),
  };
  const render = (format: CheckFormat): string => {
    switch (format) {
      case "json":
        return JSON.stringify(toJson(dir, findings), null, 2) + "\n";
      case "sarif":
        return JSON.stringify(formatSarif(ctx.base, findings, pkg.version, ctx), null, 2) + "\n";
      case "github":
        return formatGithub(findings, ctx) + summaryLine(findings, files.length) + "\n";
      case "codequality":
        return JSON.stringify(formatCodeQuality(findings, ctx), null, 2) + "\n";
      case "junit":
        return formatJunit(findings, ctx);
      default:
        return formatText(dir, findings, files.length);
    }
  };
  let failed = false;
  for (const o of outputs) {
    const text = render(o.format);
    if (o.file === undefined) io.stdout(text);
    else
      try {
        writeOutput(resolve(io.cwd, o.file), text);
      } catch (e) {
        io.stderr(
          `isms: cannot write ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
        );
        failed = true;
      }
  }
  // The step summary, in GitHub Actions: appended, as every step appends to it.
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile && outputs.some((o) => o.format === "github"))
    try {
      appendFileSync(summaryFile, githubSummary(findings, ctx, io.env, files.length) + "\n");
    } catch (e) {
      io.stderr(
        `isms: cannot write the step summary: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
      );
    }
  if (failed) return 2;
  const c = countBySeverity(findings);
  if (failOn === "never") return 0;
  if (failOn === "warning" && c.warning > 0) return 1;
  return c.error > 0 || (maxWarnings !== undefined && c.warning > maxWarnings) ? 1 : 0;
}

/** Writes a check output atomically (its folder made when missing). */
function writeOutput(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeAtomic(path, data);
}

function init(args: string[], values: Options, io: CliIo): number {
  only(values, "init", ["organisation"]);
  if (args.length > 1) throw new UsageError(`init takes one folder, got ${args.length}`);
  const templates = findTemplates();
  if (!templates) {
    io.stderr("isms: the templates are missing from this installation\n");
    return 2;
  }
  const dir = resolve(io.cwd, args[0] ?? ".");
  const done = scaffold(dir, templates, values.organisation);
  for (const name of done.created) io.stdout(`created ${name}\n`);
  if (done.kept.length) io.stdout(`kept (already there): ${done.kept.join(", ")}\n`);
  io.stdout(
    done.created.length
      ? `Next: replace the example entries and placeholders (isms check ${args[0] ?? "."} lists them).\n`
      : "Every ISMS file is already there; nothing was written.\n",
  );
  return 0;
}

async function report(args: string[], values: Options, io: CliIo): Promise<number> {
  only(values, "report", [
    "format",
    "exclude",
    "today",
    "out",
    "force",
    "strict",
    "at",
    "from",
    "to",
    "since",
    "until",
    "browser",
  ]);
  const [type, folder, ...extra] = args;
  const kind = type === undefined ? undefined : REPORT_BY_ID.get(type);
  if (!kind)
    throw new UsageError(type === undefined ? "report needs a TYPE" : `unknown report type '${type}'`);
  if (extra.length) throw new UsageError(`report takes one folder, got ${extra.length + 1}`);
  if ((values.format?.length ?? 0) > 1) throw new UsageError("report takes one --format");
  const format = (values.format?.[0] ?? "md") as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be ${FORMATS.join(", ")}, not '${format}'`);
  if (!kind.formats.includes(format))
    throw new UsageError(`the ${kind.id} report comes as ${kind.formats.join(", ")}, not ${format}`);
  if (values.browser !== undefined && format !== "pdf")
    throw new UsageError("--browser is an option of --format pdf");
  for (const k of ["since", "until"] as const)
    if (values[k] !== undefined && kind.id !== "changes")
      throw new UsageError(`--${k} is an option of the changes report, not of ${kind.id}`);
  // A bound is a date or a commit, not both: which would win is a guess an auditor cannot check.
  if (values.from !== undefined && values.since !== undefined)
    throw new UsageError("--from and --since both say where the changes start: give a date or a commit");
  if (values.to !== undefined && values.until !== undefined)
    throw new UsageError("--to and --until both say where the changes end: give a date or a commit");
  if (values.at !== undefined && values.until !== undefined)
    throw new UsageError("--at and --until both say where the changes end: give one of them");
  const day = (name: "from" | "to"): Day | undefined => {
    if (values[name] === undefined) return undefined;
    const d = parseDay(values[name]);
    if (d === undefined) throw new UsageError(`--${name} must be a date YYYY-MM-DD, not '${values[name]}'`);
    return d;
  };
  const from = day("from");
  const to = day("to");
  if (values.today !== undefined) todayOf(values, io); // a bad --today is a usage error before git runs
  const dir = folderOf(folder, io);
  if (!dir) return 2;

  // Commits named by --at, --since and --until, with their commit dates (a GitError, exit 2, when unknown).
  const commit = (ref: string | undefined): RefCommit | undefined =>
    ref === undefined ? undefined : resolveCommit(dir, ref);
  const at = commit(values.at);
  const since = commit(values.since);
  const until = commit(values.until) ?? at;
  if (since && until && since.time > until.time)
    throw new UsageError(
      `--since ${since.ref} (${since.date.slice(0, 10)}) is after ${values.until !== undefined ? "--until" : "--at"} ${until.ref} (${until.date.slice(0, 10)})`,
    );
  // The as-of date: --today, else the day of the --at commit (in its committer's time zone), else today.
  const today =
    values.today === undefined && at
      ? (parseDay(at.date.slice(0, 10)) ?? todayOf(values, io))
      : todayOf(values, io);
  // The period: from a date or after a commit, to a date or up to a commit; without a start, the 12
  // months up to its end (--to, the day of --until or --at, else the as-of date).
  const untilDay = until ? parseDay(until.date.slice(0, 10)) : undefined;
  const end = to ?? untilDay ?? today;
  const period = {
    from: since ? undefined : (from ?? addDuration(end, months(12), -1)),
    to: to ?? (until ? undefined : today),
    since,
    until,
  };
  if (period.from !== undefined && period.to !== undefined && period.from > period.to)
    throw new UsageError("--from must not be after --to");

  let ws;
  let paths = diskPaths([dir], fileExists);
  let source: string | undefined;
  const ignore = ignoreOf(dir, values, io);
  if (at) {
    const state = workspaceAt(dir, at.hash);
    ws = state.ws;
    // What the working tree's .ismsignore and --exclude leave out is left out of the past too.
    for (const p of ws.paths()) if (ignore.ignores(p, false)) ws.delete(p);
    paths = state.paths;
    source = state.commit === at.ref ? state.commit : `${at.ref} (${state.commit})`;
  } else {
    ws = loadDirectory(dir, undefined, undefined, ignore);
    source = sourceOf(
      dir,
      ws.paths().map((path) => ({ path })),
    );
  }
  const findings = checkWorkspace(ws, { today, paths });
  const errors = findings.filter((f) => f.severity === "error").length;
  if (values.strict && errors) {
    io.stderr(
      `isms: the ISMS has ${errors} error${errors === 1 ? "" : "s"}; --strict writes no report (run isms check)\n`,
    );
    return 1;
  }
  let data: string | Buffer;
  try {
    data = await produce(kind, format, {
      ...{ index: ws.index, today, findings, dir, source, period },
      render: { browser: values.browser, env: io.env, cwd: io.cwd },
    });
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    io.stderr(`isms: ${e.message}\n`);
    return 2;
  }
  const out = values.out ?? (BINARY_FORMATS.includes(format) ? `isms-${kind.id}.${format}` : undefined);
  if (out === undefined) {
    io.stdout(String(data));
    return 0;
  }
  const written = writeReport(resolve(io.cwd, out), data, values.force === true);
  if (!written.ok) {
    io.stderr(`isms: ${written.reason}\n`);
    return 2;
  }
  io.stderr(`isms: wrote ${out}\n`);
  return 0;
}

function answer(args: string[], values: Options, io: CliIo): number {
  only(values, "answer", ["force", "exclude"]);
  const [questions, folder, ...extra] = args;
  if (questions === undefined) throw new UsageError("answer needs a CSV file of questions");
  if (extra.length) throw new UsageError(`answer takes one folder, got ${extra.length + 1}`);
  const dir = folderOf(folder, io);
  if (!dir) return 2;
  const ws = loadDirectory(dir, undefined, undefined, ignoreOf(dir, values, io));
  const result = draftQuestionnaire(ws.index, resolve(io.cwd, questions), { force: values.force === true });
  if (!result.ok) {
    io.stderr(`isms: ${result.reason}\n`);
    return 2;
  }
  io.stderr(
    `isms: wrote ${relative(io.cwd, result.draft) || result.draft} (${result.questions} question${result.questions === 1 ? "" : "s"}, ${result.answered} with a proposed answer)\n`,
  );
  return 0;
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => (process.exitCode = code));
}
