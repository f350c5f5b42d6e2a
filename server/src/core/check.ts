// Runs every rule over a workspace and turns what they report into findings with positions.
import type { IsmsFile, Range } from "./model";
import { anchorRange } from "./model";
import { RULES, RULE_BY_ID, RULE_IDS } from "./rules";
import type { RuleContext, Severity } from "./rules/api";
import type { Position } from "./text";
import { dayToInstant, parseDay, type Day } from "./values";
import type { Workspace } from "./workspace";

export interface Finding {
  /** The file's path as given to the workspace. */
  file: string;
  range: Range;
  start: Position;
  end: Position;
  severity: Severity;
  code: string;
  message: string;
}

export interface CheckOptions {
  today?: Day;
  /** Epoch ms; defaults to the start of `today` when today is given, else the real clock. */
  now?: number;
  fileExists?: (path: string) => boolean;
  /** Only findings in these files (all files are still read: rules are cross-file). */
  only?: (path: string) => boolean;
}

/** The given YYYY-MM-DD (from --today or ISMS_TODAY), else the real date (UTC); undefined when malformed. */
export function resolveToday(value: string | undefined): Day | undefined {
  if (value === undefined || value === "") return Math.floor(Date.now() / 86_400_000);
  return parseDay(value);
}

export function checkWorkspace(ws: Workspace, opts: CheckOptions = {}): Finding[] {
  const index = ws.index;
  const settings = index.settings;
  const today = opts.today ?? Math.floor(Date.now() / 86_400_000);
  const now = opts.now ?? (opts.today !== undefined ? dayToInstant(today) : Date.now());
  const raw: { file: IsmsFile | string; range: Range; message: string; code: string }[] = [];
  let current = "";
  const ctx: RuleContext = {
    index,
    settings,
    today,
    now,
    fileExists: opts.fileExists ?? (() => true),
    ruleIds: RULE_IDS,
    report: (file, range, message) => raw.push({ file, range, message, code: current }),
    reportEntry: (entry, message, range) =>
      raw.push({ file: entry.file, range: range ?? anchorRange(entry), message, code: current }),
  };
  for (const rule of RULES) {
    if (settings.severities.get(rule.id) === "off") continue;
    current = rule.id;
    try {
      rule.check(ctx);
    } catch (e) {
      // A rule must never take the whole check down; say so where it can be seen.
      const file = index.files[0];
      if (file)
        raw.push({
          file,
          range: [0, 0],
          message: `Internal error in rule ${rule.id}: ${(e as Error).message}`,
          code: rule.id,
        });
    }
  }
  const findings: Finding[] = [];
  for (const r of raw) {
    const path = typeof r.file === "string" ? r.file : r.file.path;
    if (opts.only && !opts.only(path)) continue;
    const origin = { line: 0, character: 0 };
    const start = typeof r.file === "string" ? origin : r.file.lines.position(r.range[0]);
    const silenced = typeof r.file === "string" ? undefined : r.file.disabled.get(start.line);
    if (silenced && (silenced.has(r.code) || silenced.has("*"))) continue;
    const configured = settings.severities.get(r.code);
    const severity = (
      configured && configured !== "off" ? configured : RULE_BY_ID.get(r.code)!.severity
    ) as Severity;
    findings.push({
      file: path,
      range: r.range,
      start,
      end: typeof r.file === "string" ? origin : r.file.lines.position(r.range[1]),
      severity,
      code: r.code,
      message: r.message,
    });
  }
  findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range[0] - b.range[0] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  return findings;
}
