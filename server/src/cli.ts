// The `isms` command line: `isms check` runs the engine over a folder, as CI does; `isms report` writes
// the reports an auditor and top management ask for, from the working tree or from any git commit.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkWorkspace, resolveToday } from "./core/check";
import { fileExists, loadDirectory } from "./core/files";
import { GitError, resolveCommit, sourceOf, workspaceAt, type RefCommit } from "./core/git";
import { diskPaths } from "./core/paths";
import { countBySeverity, formatSarif, formatText, toJson } from "./core/output";
import { addDuration, months, parseDay, type Day } from "./core/values";
import { FORMATS, produce, REPORT_BY_ID, REPORTS, type Format } from "./reports/index";
import { writeReport } from "./reports/write";
import { findTemplates, scaffold } from "./init";
import pkg from "../../package.json";

const USAGE = `Usage: isms check [DIR] [options]
       isms report TYPE [DIR] [options]
       isms init [DIR] [--organisation NAME]

isms check: checks the ISMS in DIR (default: the current folder) and prints its findings.
  --format text|json|sarif   output format (default: text)
  --today YYYY-MM-DD         the date rules count from (default: $ISMS_TODAY, else today)
  --max-warnings N           also fail when there are more than N warnings
  Exit status: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable DIR.

isms report: writes a report of the ISMS in DIR.
  TYPE                       ${REPORTS.map((r) => r.id).join(", ")}
  --format md|html|csv|docx  (default: md; csv for risk-register, soa, overdue; docx for roles, soa)
  --out FILE                 write to FILE (default: stdout for md, html and csv; isms-TYPE.docx)
  --force                    replace FILE even when it was changed since isms wrote it
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
  git error or a file not replaced.

isms init: writes a new ISMS into DIR (default: the current folder): the manifest and one file per kind,
  each with one example entry to replace; a file that exists is never replaced.
  --organisation NAME        the organisation the manifest names (else a placeholder to replace)

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
    options: {
      format: { type: "string" },
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
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

type Options = ReturnType<typeof parse>["values"];

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
  const { values, positionals } = parse(argv);
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
  if (command !== "check") throw new UsageError(`unknown command '${command}'`);
  only(values, "check", ["format", "today", "max-warnings"]);
  if (rest.length > 1) throw new UsageError(`check takes one folder, got ${rest.length}`);
  const format = values.format ?? "text";
  if (!["text", "json", "sarif"].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const today = todayOf(values, io);
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"]))
      throw new UsageError(`--max-warnings must be a whole number, not '${values["max-warnings"]}'`);
    maxWarnings = +values["max-warnings"];
  }
  const dir = folderOf(rest[0], io);
  if (!dir) return 2;
  const ws = loadDirectory(dir);
  const findings = checkWorkspace(ws, { today, roots: [dir], fileExists });
  const fileCount = ws.index.files.length + ws.index.unreadable.length;
  if (format === "json") io.stdout(JSON.stringify(toJson(dir, findings), null, 2) + "\n");
  else if (format === "sarif")
    io.stdout(JSON.stringify(formatSarif(dir, findings, pkg.version), null, 2) + "\n");
  else io.stdout(formatText(dir, findings, fileCount));
  const c = countBySeverity(findings);
  return c.error > 0 || (maxWarnings !== undefined && c.warning > maxWarnings) ? 1 : 0;
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
  only(values, "report", ["format", "today", "out", "force", "strict", "at", "from", "to", "since", "until"]);
  const [type, folder, ...extra] = args;
  const kind = type === undefined ? undefined : REPORT_BY_ID.get(type);
  if (!kind)
    throw new UsageError(type === undefined ? "report needs a TYPE" : `unknown report type '${type}'`);
  if (extra.length) throw new UsageError(`report takes one folder, got ${extra.length + 1}`);
  const format = (values.format ?? "md") as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be md, html, csv or docx, not '${format}'`);
  if (!kind.formats.includes(format))
    throw new UsageError(`the ${kind.id} report comes as ${kind.formats.join(", ")}, not ${format}`);
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
  if (at) {
    const state = workspaceAt(dir, at.hash);
    ws = state.ws;
    paths = state.paths;
    source = state.commit === at.ref ? state.commit : `${at.ref} (${state.commit})`;
  } else {
    ws = loadDirectory(dir);
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
  const data = await produce(kind, format, { index: ws.index, today, findings, dir, source, period });
  const out = values.out ?? (format === "docx" ? `isms-${kind.id}.docx` : undefined);
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

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => (process.exitCode = code));
}
