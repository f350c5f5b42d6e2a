// The `isms` command line: `isms check` runs the engine over a folder, as CI does.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkWorkspace, resolveToday } from "./core/check";
import { fileExists, loadDirectory } from "./core/files";
import { countBySeverity, formatSarif, formatText, toJson } from "./core/output";
import pkg from "../../package.json";

const USAGE = `Usage: isms check [DIR] [options]

Checks the ISMS in DIR (default: the current folder) and prints its findings.

Options:
  --format text|json|sarif   output format (default: text)
  --today YYYY-MM-DD         the date rules count from (default: $ISMS_TODAY, else today)
  --max-warnings N           also fail when there are more than N warnings
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no errors, 1 errors (or too many warnings), 2 bad usage or unreadable DIR.
`;

class UsageError extends Error {}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function runCli(argv: string[], io: CliIo): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`isms: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`isms: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function run(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: "string" },
      today: { type: "string" },
      "max-warnings": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  if (values.version) {
    io.stdout(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    (command === undefined && !values.help ? io.stderr : io.stdout)(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command !== "check") throw new UsageError(`unknown command '${command}'`);
  if (rest.length > 1) throw new UsageError(`check takes one folder, got ${rest.length}`);
  const format = values.format ?? "text";
  if (!["text", "json", "sarif"].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const todayText = values.today ?? io.env.ISMS_TODAY;
  const today = resolveToday(todayText);
  if (today === undefined)
    throw new UsageError(
      `${values.today !== undefined ? "--today" : "ISMS_TODAY"} must be a date YYYY-MM-DD, not '${todayText}'`,
    );
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"]))
      throw new UsageError(`--max-warnings must be a whole number, not '${values["max-warnings"]}'`);
    maxWarnings = +values["max-warnings"];
  }
  const dir = resolve(io.cwd, rest[0] ?? ".");
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) {
    io.stderr(`isms: cannot read folder '${rest[0] ?? "."}': no such folder\n`);
    return 2;
  }
  const ws = loadDirectory(dir);
  const findings = checkWorkspace(ws, { today, fileExists });
  const fileCount = ws.index.files.length + ws.index.unreadable.length;
  if (format === "json") io.stdout(JSON.stringify(toJson(dir, findings), null, 2) + "\n");
  else if (format === "sarif")
    io.stdout(JSON.stringify(formatSarif(dir, findings, pkg.version), null, 2) + "\n");
  else io.stdout(formatText(dir, findings, fileCount));
  const c = countBySeverity(findings);
  return c.error > 0 || (maxWarnings !== undefined && c.warning > maxWarnings) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
  });
}
