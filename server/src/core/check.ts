// Runs every rule over a workspace and turns what they report into findings with positions.
import type { Entry, IsmsFile, Range } from "./model";
import { anchorRange } from "./model";
import { RULES, RULE_BY_ID, RULE_IDS } from "./rules";
import type { Rule, RuleContext, Severity } from "./rules/api";
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

interface RawFinding {
  file: IsmsFile | string;
  range: Range;
  message: string;
  code: string;
}

/** Findings of the entry rules for one entry, relative to its chunk, and the context they were made in. */
interface EntryRecord {
  stamp: string;
  found: { code: string; rel: Range; message: string }[];
}
const entryRecords = new WeakMap<Entry, EntryRecord>();

export function checkWorkspace(ws: Workspace, opts: CheckOptions = {}): Finding[] {
  const index = ws.index;
  const settings = index.settings;
  const today = opts.today ?? Math.floor(Date.now() / 86_400_000);
  const now = opts.now ?? (opts.today !== undefined ? dayToInstant(today) : Date.now());
  let raw: RawFinding[] = [];
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
  const enabled = RULES.filter((r) => settings.severities.get(r.id) !== "off");
  const guarded = (rule: Rule, run: () => void, at: IsmsFile | undefined) => {
    current = rule.id;
    try {
      run();
    } catch (e) {
      // A rule must never take the whole check down; say so where it can be seen.
      if (at)
        raw.push({
          file: at,
          range: [0, 0],
          message: `Internal error in rule ${rule.id}: ${(e as Error).message}`,
          code: rule.id,
        });
    }
  };
  for (const rule of enabled) if (rule.check) guarded(rule, () => rule.check!(ctx), index.files[0]);

  // Entry rules: cached per entry while the entry (and so its chunk's text), the settings and the date
  // are unchanged.
  const entryRules = enabled.filter((r) => r.entry);
  // What cached entry findings depend on besides the entry: the date, the manifest, the rules, and for
  // some rules which ids the workspace defines and which controls the SoA applies.
  const soaApplies = entryRules.some((r) => r.entry!.dependsOnSoa)
    ? [...index.soa].map(([id, es]) => (es.every((e) => e.value.applicable === false) ? `-${id}` : id)).join()
    : "";
  const ids = entryRules.some((r) => r.entry!.dependsOnIds) ? index.idsVersion : 0;
  const stamp = `${today}|${now}|${JSON.stringify(index.manifests[0]?.header ?? null)}|${entryRules.map((r) => r.id).join()}|${ids}|${soaApplies}`;
  const workspaceFindings = raw;
  for (const file of index.files)
    for (const entry of file.entries) {
      let record = entryRecords.get(entry);
      if (record?.stamp !== stamp) {
        raw = [];
        for (const rule of entryRules)
          if (rule.entry!.kinds.includes(entry.kind))
            guarded(rule, () => rule.entry!.check(entry, ctx), file);
        const base = entry.chunk.base;
        record = {
          stamp,
          found: raw.map((r) => ({
            code: r.code,
            rel: [r.range[0] - base, r.range[1] - base],
            message: r.message,
          })),
        };
        entryRecords.set(entry, record);
      }
      const base = entry.chunk.base;
      for (const f of record.found)
        workspaceFindings.push({
          file,
          range: [base + f.rel[0], base + f.rel[1]],
          message: f.message,
          code: f.code,
        });
    }
  raw = workspaceFindings;
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
