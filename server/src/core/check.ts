// Runs every rule over a workspace and turns what they report into findings with positions.
import type { Entry, IsmsFile, Range, TextFile } from "./model";
import { absoluteRange, anchorRange, entryRefs, kindRange, relativeRange } from "./model";
import { allRules, entryInfo, registryVersion, ruleById, ruleIds } from "./registry";
import { formatMessage, type MessageData, type Rule, type RuleContext, type Severity } from "./rules/api";
import { diskPaths, workspaceRelative, type PathResolver } from "./paths";
import type { Position } from "./text";
import { dayToInstant, parseDay, type Day } from "./values";
import type { Settings } from "./settings";
import type { Workspace } from "./workspace";
import { releaseNodes } from "./yaml";

export interface Finding {
  /** The file's path as given to the workspace. */
  file: string;
  range: Range;
  start: Position;
  end: Position;
  severity: Severity;
  code: string;
  message: string;
  /** The rule's message id and the data its message was filled with (quick fixes read them). */
  messageId: string;
  data: MessageData;
  /** The id of the entry the finding is about, when it is about one. */
  entryId?: string;
}

export interface CheckOptions {
  today?: Day;
  /** Epoch ms; defaults to the start of `today` when today is given, else the real clock. */
  now?: number;
  fileExists?: (path: string) => boolean;
  /** The workspace folders: paths the format names must stay inside them. */
  roots?: readonly string[];
  /** How paths resolve (the working tree by default; a commit's tree for --at). */
  paths?: PathResolver;
  /** Only findings in these files (all files are still read: rules are cross-file). */
  only?: (path: string) => boolean;
  /** Git's account of the files, for revision-unrecorded (none: that rule is silent). */
  history?: RuleContext["history"];
}

/** The given YYYY-MM-DD (from --today or ISMS_TODAY), else the real date (UTC); undefined when malformed. */
export function resolveToday(value: string | undefined): Day | undefined {
  if (value === undefined || value === "") return Math.floor(Date.now() / 86_400_000);
  return parseDay(value);
}

interface RawFinding {
  file: IsmsFile | TextFile | string;
  range: Range;
  code: string;
  message: string;
  messageId: string;
  data: MessageData;
  entryId?: string;
}

/** An entry rule's finding, relative to the entry's chunk (so it stays right when the chunk moves). */
interface Found extends Omit<RawFinding, "file" | "range"> {
  rel: Range;
}

/** An entry's findings with positions, and where the entry started when they were made. */
interface Placed {
  base: number;
  line: number;
  character: number;
  list: Finding[];
}

/** The entry rules' findings in a file, kept up to date across its versions. */
class FileRecord {
  /** Entries with findings. */
  readonly found = new Map<Entry, Found[]>();
  /** The findings of `found` with positions, by entry (an entry an edit only moved keeps or shifts them). */
  readonly placed = new Map<Entry, Placed>();
  /** Entries with a finding of a rule that reads which ids exist. */
  readonly withIdFindings = new Set<Entry>();
  /** Reference value -> the entries citing it. */
  readonly cites = new Map<string, Set<Entry>>();
  /** The findings with positions, sorted (built on first use). */
  positioned?: Finding[];

  constructor(
    /** The file version and the workspace's idsVersion the findings are for. */
    public load: number,
    public ids: number,
    /** The context every finding depends on (date, manifest, rules, SoA applicability). */
    readonly stamp: string,
  ) {}

  add(entry: Entry): void {
    for (const r of entryRefs(entry)) {
      const set = this.cites.get(r.value);
      if (set) set.add(entry);
      else this.cites.set(r.value, new Set([entry]));
    }
  }

  remove(entry: Entry): void {
    this.found.delete(entry);
    this.placed.delete(entry);
    this.withIdFindings.delete(entry);
    for (const r of entryRefs(entry)) {
      const set = this.cites.get(r.value);
      if (set?.delete(entry) && set.size === 0) this.cites.delete(r.value);
    }
  }

  set(entry: Entry, list: Found[], idCodes: Set<string>): void {
    this.placed.delete(entry);
    if (list.length) this.found.set(entry, list);
    else this.found.delete(entry);
    if (list.some((f) => idCodes.has(f.code))) this.withIdFindings.add(entry);
    else this.withIdFindings.delete(entry);
  }
}
const fileRecords = new WeakMap<Workspace, Map<string, FileRecord>>();

export function checkWorkspace(ws: Workspace, opts: CheckOptions = {}): Finding[] {
  return checkByFile(ws, opts).flatMap(([, findings]) => findings);
}

/**
 * The findings of every file with findings, in path order. A file whose findings did not change since
 * the previous check of this workspace gets the same array again.
 */
export function checkByFile(ws: Workspace, opts: CheckOptions = {}): [path: string, Finding[]][] {
  const index = ws.index;
  const settings = index.settings;
  const today = opts.today ?? Math.floor(Date.now() / 86_400_000);
  const now = opts.now ?? (opts.today !== undefined ? dayToInstant(today) : Date.now());
  let raw: RawFinding[] = [];
  let current: Rule | undefined;
  const push = (
    file: IsmsFile | TextFile | string,
    range: Range,
    messageId: string,
    data: MessageData = {},
    entryId?: string,
  ) => {
    const rule = current;
    if (!rule) throw new Error("a finding reported outside of a rule");
    raw.push({
      file,
      range,
      code: rule.id,
      message: formatMessage(rule, messageId, data),
      messageId,
      data,
      entryId,
    });
  };
  const ctx: RuleContext = {
    index,
    settings,
    today,
    now,
    paths: opts.paths ?? diskPaths(opts.roots ?? [], opts.fileExists),
    relative: (path) => workspaceRelative(opts.roots ?? [], path),
    ruleIds: ruleIds(),
    history: opts.history,
    report: (file, range, messageId, data) => push(file, range, messageId, data),
    // An entry with a syntax error gets no workspace findings either: they would follow from that error.
    reportEntry: (entry, messageId, data, range) => {
      if (!entry.broken) push(entry.file, range ?? anchorRange(entry), messageId, data, entry.id);
    },
  };
  const enabled = allRules().filter((r) => settings.severities.get(r.id) !== "off");
  const guarded = (rule: Rule, run: () => void, at: IsmsFile | undefined) => {
    current = rule;
    try {
      run();
    } catch (e) {
      // A rule must never take the whole check down; say so where it can be seen.
      if (at) {
        const message = `Internal error in rule ${rule.id}: ${(e as Error).message}`;
        raw.push({
          file: at,
          range: [0, 0],
          code: rule.id,
          message,
          messageId: "internal-error",
          data: { message },
        });
      }
    }
  };
  for (const rule of enabled) {
    const check = rule.check;
    if (check) guarded(rule, () => check.call(rule, ctx), index.files[0]);
  }
  const workspaceFindings = new Map<string, RawFinding[]>();
  for (const r of raw) {
    const path = typeof r.file === "string" ? r.file : r.file.path;
    const list = workspaceFindings.get(path);
    if (list) list.push(r);
    else workspaceFindings.set(path, [r]);
  }

  // Entry rules: a file's findings are kept while the settings and the date are the same; only the
  // entries an edit removed and added are checked again (and, when ids change, those the change can affect).
  const entryRules = enabled.filter((r) => r.entry);
  // The entry rules of each entry kind, in rule order.
  const byKind = new Map<string, Rule[]>();
  const rulesOf = (kind: string, rules: Rule[]): Rule[] => {
    const info = entryInfo(kind);
    return rules.filter((r) => {
      const k = r.entry?.kinds;
      return typeof k === "function" ? info !== undefined && k(info) : (k?.includes(kind) ?? false);
    });
  };
  // What all entry findings depend on besides the entry: the date, the manifest, the rules, and for some
  // rules which controls the SoA applies.
  const soaApplies = entryRules.some((r) => r.entry?.dependsOnSoa)
    ? [...index.soa].map(([id, es]) => (es.every((e) => e.value.applicable === false) ? `-${id}` : id)).join()
    : "";
  const stamp = `${registryVersion()}|${today}|${now}|${JSON.stringify(index.manifests[0]?.header ?? null)}|${entryRules.map((r) => r.id).join()}|${soaApplies}`;
  // Rules that read which ids exist: re-run, when ids change, on the entries that cite a changed id or
  // that already have a finding of theirs (an unknown id's did-you-mean may change).
  const idRules = entryRules.filter((r) => r.entry?.dependsOnIds);
  const idCodes = new Set(idRules.map((r) => r.id));
  const ids = index.idsVersion;
  /** Runs `rules` on an entry; given their codes, the entry's findings of other rules stay. */
  const checkEntry = (entry: Entry, record: FileRecord, rules: Rule[], codes?: Set<string>) => {
    raw = [];
    const key = `${codes ? "ids" : "all"}:${entry.kind}`;
    let mine = byKind.get(key);
    if (!mine) byKind.set(key, (mine = rulesOf(entry.kind, rules)));
    // An entry with a syntax error: its other findings would follow from that error, so wait for it.
    if (entry.broken) mine = [];
    for (const rule of mine) {
      const spec = rule.entry;
      if (spec) guarded(rule, () => spec.check.call(spec, entry, ctx), entry.file);
    }
    const kept = codes ? (record.found.get(entry) ?? []).filter((f) => !codes.has(f.code)) : [];
    const made = raw.map(({ file: _file, range, ...f }): Found => ({
      ...f,
      rel: relativeRange(entry, range),
    }));
    record.set(entry, [...kept, ...made], idCodes);
  };
  // What changed in the ids since a version, and which id rules read it: the same for every file
  // checked at that version.
  const idChanges = new Map<number, { ids: Set<string>; reading: Set<string> } | undefined>();
  const idChangesSince = (version: number) => {
    if (!idChanges.has(version)) {
      const changed = ws.idsChangedSince(version);
      const reading = changed && new Set(readingIds(idRules, changed.kinds).map((r) => r.id));
      idChanges.set(version, changed && reading && { ids: changed.ids, reading });
    }
    return idChanges.get(version);
  };
  let records = fileRecords.get(ws);
  if (!records) fileRecords.set(ws, (records = new Map()));
  const seen = new Set<string>();
  const out: [string, Finding[]][] = [];
  const paths = new Set([...index.files.map((f) => f.path), ...workspaceFindings.keys()]);
  for (const path of [...paths].sort()) {
    const file = ws.get(path);
    if (opts.only && !opts.only(path)) continue;
    let findings: Finding[] = [];
    if (file) {
      seen.add(path);
      let record = records.get(path);
      if (record?.stamp !== stamp) record = undefined;
      else if (record.load !== file.load || record.ids !== ids) {
        const changes = ws.changesSince(path, record.load);
        const changed = idChangesSince(record.ids);
        if (changes && changed) {
          for (const e of changes.removed) record.remove(e);
          for (const e of changes.added) {
            record.add(e);
            checkEntry(e, record, entryRules);
          }
          let touched = changes.removed.length + changes.added.length > 0;
          if (changed.ids.size && idRules.length) {
            // Entries citing a changed id, and those with a finding that reads the ids of a changed kind.
            const reading = changed.reading;
            const affected = new Set<Entry>();
            if (reading.size)
              for (const e of record.withIdFindings)
                if (record.found.get(e)?.some((f) => reading.has(f.code))) affected.add(e);
            for (const id of changed.ids) for (const e of record.cites.get(id) ?? []) affected.add(e);
            for (const e of changes.added) affected.delete(e);
            for (const e of affected) checkEntry(e, record, idRules, idCodes);
            touched ||= affected.size > 0;
          }
          // Positions depend on the file's text and its entries' findings only.
          if (touched || record.load !== file.load) record.positioned = undefined;
          record.load = file.load;
          record.ids = ids;
        } else record = undefined;
      }
      if (!record) {
        record = new FileRecord(file.load, ids, stamp);
        for (const e of file.entries) {
          record.add(e);
          checkEntry(e, record, entryRules);
        }
      }
      records.set(path, record);
      findings = record.positioned ??= positioned(file, record, settings);
    }
    const extra = workspaceFindings.get(path);
    if (extra) findings = sortFindings([...findings, ...extra.flatMap((r) => toFinding(r, settings))]);
    if (findings.length > MAX_FINDINGS_PER_FILE) findings = capped(findings, file, settings);
    if (findings.length) out.push([path, findings]);
  }
  for (const path of records.keys()) if (!seen.has(path)) records.delete(path);
  // The entries' nodes were needed by the rules; what is asked of them later parses them again.
  releaseNodes();
  return out;
}

/** The id rules whose findings read ids of one of `kinds` beyond the id they cite. */
const readingIds = (rules: Rule[], kinds: Set<string>): Rule[] =>
  rules.filter((r) => {
    const read = r.entry?.idKinds;
    return !read || read.some((k) => kinds.has(k));
  });

/** At most this many findings of one file are listed (an editor, a report or CI drowns beyond). */
export const MAX_FINDINGS_PER_FILE = 20_000;

/** The first findings of a file, then one that says how many there are in all. */
function capped(findings: Finding[], file: IsmsFile | undefined, settings: Settings): Finding[] {
  const shown = findings.slice(0, MAX_FINDINGS_PER_FILE);
  const rule = ruleById("file-too-complex");
  if (!rule || settings.severities.get(rule.id) === "off") return shown;
  const data = {
    shown: MAX_FINDINGS_PER_FILE.toLocaleString("en"),
    total: findings.length.toLocaleString("en"),
  };
  const note: RawFinding = {
    file: file ?? findings[0].file,
    range: file ? kindRange(file) : [0, 0],
    code: rule.id,
    message: formatMessage(rule, "findings", data),
    messageId: "findings",
    data,
  };
  return [...toFinding(note, settings), ...shown];
}

/**
 * The findings of one file's entries, with positions, in order. An entry an edit did not touch keeps its
 * findings when it did not move, and gets them shifted when it did (no line lookups, no severities again):
 * a keystroke in a file of 50,000 risks does not position all of its findings anew.
 */
function positioned(file: IsmsFile, record: FileRecord, settings: Settings): Finding[] {
  const out: Finding[] = [];
  // Which findings a disable comment silences depends on lines an edit may have moved: nothing is reused.
  const reuse = file.disableComments.length === 0;
  for (const [entry, list] of record.found) {
    const base = entry.chunk.base;
    const { line, character } = file.lines.position(base);
    const was = reuse ? record.placed.get(entry) : undefined;
    let placed: Finding[];
    // The entry's text is the same (it is the same entry): only where it starts may differ. With the same
    // column, its findings on the first line keep their columns too.
    if (was?.character === character) {
      const shift = base - was.base;
      const down = line - was.line;
      placed = shift === 0 && down === 0 ? was.list : was.list.map((f) => moved(f, shift, down));
    } else {
      placed = [];
      for (const { rel, ...f } of list)
        placed.push(...toFinding({ ...f, file, range: absoluteRange(entry, rel) }, settings));
    }
    if (reuse) record.placed.set(entry, { base, line, character, list: placed });
    for (const f of placed) out.push(f);
  }
  return sortFindings(out);
}

/** A finding of an entry that moved by `shift` characters and `down` lines. */
const moved = (f: Finding, shift: number, down: number): Finding => ({
  ...f,
  range: [f.range[0] + shift, f.range[1] + shift],
  start: down ? { line: f.start.line + down, character: f.start.character } : f.start,
  end: down ? { line: f.end.line + down, character: f.end.character } : f.end,
});

/** A finding with its position and configured severity; none when a disable comment silences it. */
function toFinding(r: RawFinding, settings: Settings): Finding[] {
  const origin = { line: 0, character: 0 };
  const path = typeof r.file === "string" ? r.file : r.file.path;
  const start = typeof r.file === "string" ? origin : r.file.lines.position(r.range[0]);
  const silenced =
    typeof r.file === "string" || !("disabled" in r.file) ? undefined : r.file.disabled.get(start.line);
  if (silenced && (silenced.has(r.code) || silenced.has("*"))) return [];
  const configured = settings.severities.get(r.code);
  const rule = ruleById(r.code);
  const severity = (
    configured && configured !== "off"
      ? configured
      : (rule?.severityOf?.(r.messageId) ?? rule?.severity ?? "error")
  ) as Severity;
  const end = typeof r.file === "string" ? origin : r.file.lines.position(r.range[1]);
  return [{ ...r, file: path, start, end, severity }];
}

/** Findings of one file in text order (then by code and message, so the order is stable). */
const sortFindings = (findings: Finding[]): Finding[] =>
  findings.sort(
    (a, b) =>
      a.range[0] - b.range[0] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
