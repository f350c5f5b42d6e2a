// The document-control record every ISMS file may carry (clauses 7.5.2, 7.5.3): its `revisions:` lines,
// and, from git, the commits that changed a file after its newest revision without recording one. One
// answer for revision-unrecorded and the reports.
import { dirname } from "node:path";
import { fileCommits, historyStamp, readBlobs, type FileCommit } from "./git";
import { loadFile, type Plain } from "./model";
import { collectionOf } from "./registry";
import { obj } from "./rules/api";
import { display, formatDay, parseDay, type Day } from "./values";

/** One line of a file's document-control record, its values as text ("" when absent). */
export interface Revision {
  /** Its place in the list (0-based). */
  index: number;
  day: Day | undefined;
  date: string;
  by: string;
  reason: string;
  trigger: string;
  summary: string;
  approvedBy: string;
}

/** The `revisions:` of a file's header in date order (undated ones last, in list order). */
export function revisionsOf(header: Plain): Revision[] {
  const list = header.revisions;
  if (!Array.isArray(list)) return [];
  return list
    .map((raw, index): Revision => {
      const v = obj(raw);
      const day = parseDay(v.date);
      return {
        index,
        day,
        date: day !== undefined ? formatDay(day) : display(v.date),
        by: display(v.by),
        reason: display(v.reason),
        trigger: display(v.trigger),
        summary: display(v.summary),
        approvedBy: display(v.approved_by),
      };
    })
    .sort((a, b) => (a.day ?? Infinity) - (b.day ?? Infinity) || a.index - b.index);
}

/** Whether a file carries a document-control record (a `revisions:` list). */
export const hasRevisions = (header: Plain): boolean => Array.isArray(header.revisions);

/** The date of a file's newest revision; undefined when it has no dated revision. */
export function newestRevision(header: Plain): Day | undefined {
  let newest: Day | undefined;
  for (const r of revisionsOf(header))
    if (r.day !== undefined && (newest === undefined || r.day > newest)) newest = r.day;
  return newest;
}

/** A commit that changed a file's content and recorded no revision. */
export interface UnrecordedCommit {
  short: string;
  author: string;
  /** The author's day (in the author's time zone), YYYY-MM-DD and as a Day. */
  date: string;
  day: Day;
  subject: string;
}

/**
 * Git's account of the files of a workspace, as the rules read it (RuleContext.history): computed
 * outside the check, by the CLI once and by the language server when the history changes.
 */
export interface FileHistory {
  /**
   * For each file asked about, the commits dated (by author) after `after` that changed its content
   * while it carried a `revisions:` record, without adding a revision; newest first. A file git knows
   * nothing of (no repository, untracked, no git, a shallow clone's boundary) has none.
   */
  unrecorded(files: readonly { path: string; after: Day }[]): Map<string, UnrecordedCommit[]>;
}

/** What a version of a file says about its record: whether it has one, how many lines, the newest date. */
interface Version {
  record: boolean;
  count: number;
  newest: Day | undefined;
  /** The file's content without its record, as JSON (header and entries). */
  content: string;
}

/** Versions by blob id: a blob never changes, so this outlives every history change. */
const versions = new Map<string, Version>();
const MAX_VERSIONS = 5000;

function versionOf(path: string, text: string | undefined): Version | undefined {
  if (text === undefined) return undefined;
  const file = loadFile(path, text);
  if (!file) return { record: false, count: 0, newest: undefined, content: text };
  const { revisions, ...rest } = file.header;
  const key = collectionOf(file.kind)?.key;
  if (key) delete rest[key];
  return {
    record: Array.isArray(revisions),
    count: Array.isArray(revisions) ? revisions.length : 0,
    newest: newestRevision(file.header),
    content: JSON.stringify([rest, file.entries.map((e) => (e.parent ? null : e.raw))]),
  };
}

/**
 * Whether a commit changed a file's content without recording a revision: the file had a record after
 * it, its content besides the record changed, and the record gained no line and no later date. A
 * commit after which the file had no record predates the record (or removed it) and is not counted.
 */
function isUnrecorded(before: Version | undefined, after: Version | undefined): boolean {
  if (!after?.record) return false;
  if (before && before.content === after.content) return false; // only the record (or layout) changed
  if (!before?.record) return false; // the commit that started the record
  if (after.count > before.count) return false;
  return !(after.newest !== undefined && (before.newest === undefined || after.newest > before.newest));
}

/** What is known of a repository's history for some files: valid while its stamp is the same. */
interface RepoState {
  stamp: string;
  /** The day the log starts from (commits committed before it were not read). */
  since: Day;
  /** Per file, the unrecorded commits, newest first. */
  commits: Map<string, UnrecordedCommit[]>;
  /** Git failed (no git, a timeout, git refused in an untrusted folder): none until this time (ms). */
  retryAt?: number;
}

/** How long after git failed it is tried again (the history stamp changing retries at once). */
const RETRY_MS = 60_000;

/** The log starts this many days before the oldest date asked about (author and commit dates differ). */
const SLACK_DAYS = 2;

/**
 * FileHistory from git, cached per repository: git runs again only when the repository's history
 * stamp changes (a commit, checkout, fetch: see historyStamp) or a file or an older date is asked about
 * that the cache does not cover. Checking the stamp costs a few `stat` calls, so the language server
 * asks on every re-check and never runs git while the officer types.
 */
export class GitHistory implements FileHistory {
  private readonly repos = new Map<string, RepoState>();
  /** How many times git was run (for tests and the benchmark). */
  runs = 0;

  unrecorded(files: readonly { path: string; after: Day }[]): Map<string, UnrecordedCommit[]> {
    const out = new Map<string, UnrecordedCommit[]>();
    // By repository: its stamp and root (the stamp starts with the root).
    const groups = new Map<string, { stamp: string; files: { path: string; after: Day }[] }>();
    const stamps = new Map<string, string | undefined>();
    for (const f of files) {
      const dir = dirname(f.path);
      if (!stamps.has(dir)) stamps.set(dir, historyStamp(dir));
      const stamp = stamps.get(dir);
      if (stamp === undefined) continue;
      const root = stamp.slice(0, stamp.indexOf("|"));
      const g = groups.get(root) ?? { stamp, files: [] };
      g.files.push(f);
      groups.set(root, g);
    }
    for (const [root, g] of groups) {
      let state = this.repos.get(root);
      const since = Math.min(...g.files.map((f) => f.after)) - SLACK_DAYS;
      const covered = (s: RepoState) =>
        s.stamp === g.stamp && s.since <= since && g.files.every((f) => s.commits.has(f.path));
      if (!state || !covered(state)) {
        const keep = state?.stamp === g.stamp && state.retryAt === undefined ? state : undefined;
        const paths = new Set([...(keep?.commits.keys() ?? []), ...g.files.map((f) => f.path)]);
        state = this.read(root, g.stamp, [...paths], Math.min(since, keep?.since ?? since));
        this.repos.set(root, state);
      }
      for (const f of g.files)
        out.set(
          f.path,
          (state.commits.get(f.path) ?? []).filter((c) => c.day > f.after),
        );
    }
    return out;
  }

  /** Whether the history of a repository read before has changed since (a few `stat` calls each). */
  stale(): boolean {
    for (const [root, state] of this.repos) if (historyStamp(root) !== state.stamp) return true;
    return false;
  }

  private read(root: string, stamp: string, paths: string[], since: Day): RepoState {
    const commits = new Map<string, UnrecordedCommit[]>(paths.map((p) => [p, []]));
    const state: RepoState = { stamp, since, commits };
    let log: Map<string, FileCommit[]> | undefined;
    try {
      this.runs++;
      log = fileCommits(root, paths, { since: formatDay(since) });
      if (!log) return state;
      const wanted = [...log.values()].flat().flatMap((c) => [c.before, c.after]);
      const missing = wanted.filter((o): o is string => o !== undefined && !versions.has(o));
      const texts = missing.length ? readBlobs(root, missing) : new Map<string, string>();
      if (versions.size + missing.length > MAX_VERSIONS) versions.clear();
      for (const [path, list] of log)
        for (const c of list)
          for (const oid of [c.before, c.after])
            if (oid !== undefined && !versions.has(oid)) {
              const v = versionOf(path, texts.get(oid));
              if (v) versions.set(oid, v);
            }
      for (const [path, list] of log) {
        const found: UnrecordedCommit[] = [];
        for (const c of list) {
          const day = parseDay(c.date.slice(0, 10));
          const before = c.before === undefined ? undefined : versions.get(c.before);
          const after = c.after === undefined ? undefined : versions.get(c.after);
          if (day === undefined || (c.before !== undefined && !before)) continue;
          if (isUnrecorded(before, after))
            found.push({ short: c.short, author: c.author, date: formatDay(day), day, subject: c.subject });
        }
        commits.set(path, found);
      }
    } catch {
      // No git, a timeout, a damaged repository, git refused: no history for now.
      state.retryAt = Date.now() + RETRY_MS;
      for (const p of paths) commits.set(p, []);
    }
    return state;
  }
}
