// Reading an ISMS from git history with the git command line: the files as they stood at a commit (no
// checkout), the source commit of a report, and the log of changes with the entries each commit touched.
//
// A repository is untrusted input: its own config (.git/config, includeIf chains, .gitattributes) can
// name programs git would run (fsmonitor, hooks, pagers, diff drivers, textconv, filters, gpg). Every
// call goes through `git()`, which runs the git found on PATH (never one in the workspace) with every
// such setting overridden on the command line, no system config, no GIT_* variables from the
// environment, no optional locks, a timeout and an output cap; and isms only runs git commands that
// read objects (rev-parse, ls-tree, cat-file, log): never `status`, which would run clean filters.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { isYamlPath, outsideMessage } from "./files";
import { closeEnough, editDistance } from "./values";
import { treePaths, type PathResolver } from "./paths";
import { loadFile } from "./model";
import { collectionKeys } from "./registry";
import { Workspace } from "./workspace";

export class GitError extends Error {
  /** git's exit status when git ran and failed (undefined when git could not be run or was stopped). */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** How long one git command may take, and how much it may print. */
const TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 512 * 1024 * 1024;

let hooksDir: string | undefined;
/** An empty folder for core.hooksPath: no hook of the repository's can run. */
const emptyHooks = (): string => (hooksDir ??= mkdtempSync(join(tmpdir(), "isms-no-hooks-")));

/**
 * The settings that would make git run a program, each set to run none, and the ones that would make
 * it read files outside the repository or reach the network.
 */
const HARDENING = (): string[] => [
  "--no-pager",
  "--no-optional-locks",
  "-c",
  "core.fsmonitor=false",
  "-c",
  `core.hooksPath=${emptyHooks()}`,
  "-c",
  "core.pager=cat",
  "-c",
  "core.untrackedCache=false",
  "-c",
  "core.sshCommand=false",
  "-c",
  "core.askPass=",
  "-c",
  "credential.helper=",
  "-c",
  "diff.external=",
  "-c",
  "protocol.allow=never",
  "-c",
  "log.showSignature=false",
  "-c",
  "log.mailmap=false",
  "-c",
  "mailmap.file=",
  "-c",
  "mailmap.blob=",
  "-c",
  "gpg.program=false",
  "-c",
  "gpg.ssh.program=false",
  "-c",
  "gpg.x509.program=false",
];

let gitBinary: string | undefined;

/**
 * The git executable: the first on PATH that is an absolute folder outside `exclude` (the workspace),
 * so a `git` planted in the repository is never run (Windows searches the working folder first; an
 * empty or relative PATH entry does the same elsewhere).
 */
export function findGit(exclude: string[], path = process.env.PATH ?? ""): string | undefined {
  const names = process.platform === "win32" ? ["git.exe", "git.cmd"] : ["git"];
  for (const entry of path.split(delimiter)) {
    if (!entry || !isAbsolute(entry)) continue;
    const folder = resolve(entry);
    if (exclude.some((x) => folder === x || folder.startsWith(x.endsWith(sep) ? x : x + sep))) continue;
    for (const name of names) {
      const candidate = join(folder, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The environment of a git call: no GIT_* of ours or the caller's, no system config, no prompts. */
function gitEnv(repo: Repo | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^GIT_/i.test(k)) env[k] = v;
  env.GIT_CONFIG_NOSYSTEM = "1";
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_OPTIONAL_LOCKS = "0";
  env.GIT_ATTR_NOSYSTEM = "1";
  env.LC_ALL = "C";
  if (repo) {
    // The repository found by walking up from the ISMS folder, whatever core.worktree says.
    env.GIT_DIR = repo.gitDir;
    env.GIT_WORK_TREE = repo.root;
    env.GIT_CEILING_DIRECTORIES = dirname(repo.root);
  }
  return env;
}

let refusal: string | undefined;

/**
 * While a reason is set, git is never run: every call fails with a GitError saying it (the language
 * server in a folder the editor does not trust). `undefined` allows git again.
 */
export function refuseGit(reason: string | undefined): void {
  refusal = reason;
}

/** Runs git on a repository with the hardening above; its output as bytes; a GitError when it fails. */
function gitBytes(repo: Repo | undefined, cwd: string, args: string[], input?: string): Buffer {
  if (refusal !== undefined) throw new GitError(refusal);
  const exclude = [resolve(cwd), ...(repo ? [repo.root] : [])];
  gitBinary ??= findGit(exclude);
  const bin = gitBinary;
  if (!bin) throw new GitError("git could not be run: no git on PATH outside the workspace");
  if (exclude.some((x) => bin.startsWith(x + sep)))
    throw new GitError(`git could not be run: ${bin} lies inside the workspace`);
  const r = spawnSync(bin, [...HARDENING(), ...args], {
    cwd,
    input,
    env: gitEnv(repo),
    timeout: TIMEOUT_MS,
    maxBuffer: MAX_OUTPUT,
    windowsHide: true,
  });
  if (r.error) {
    const e = r.error as NodeJS.ErrnoException;
    if (e.code === "ETIMEDOUT") throw new GitError(`git ${args[0]} took longer than ${TIMEOUT_MS / 1000} s`);
    if (e.code === "ENOBUFS") throw new GitError(`git ${args[0]} printed more than ${MAX_OUTPUT >> 20} MiB`);
    throw new GitError(`git could not be run: ${e.message}`);
  }
  if (r.status !== 0)
    throw new GitError(
      String(r.stderr).trim().split("\n")[0] || `git ${args[0]} failed`,
      r.status ?? undefined,
    );
  return r.stdout;
}

const git = (repo: Repo, args: string[], input?: string): string =>
  gitBytes(repo, repo.root, args, input).toString("utf8");

/** A repository: its top folder and its git directory. */
export interface Repo {
  root: string;
  gitDir: string;
}

/**
 * The repository holding `dir`: the nearest folder at or above it with a `.git` folder (or a `.git` file
 * pointing to one, as worktrees and submodules have); undefined when there is none.
 */
export function findRepo(dir: string): Repo | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, ".git");
    try {
      const st = statSync(dotGit);
      if (st.isDirectory()) return { root: d, gitDir: dotGit };
      if (st.isFile() && st.size < 4096) {
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"));
        if (m) return { root: d, gitDir: resolve(d, m[1]) };
      }
    } catch {
      // no .git here
    }
    if (dirname(d) === d) return undefined;
  }
}

/** The top folder of the repository holding `dir`, or undefined when it is not in one. */
export function repoRoot(dir: string): string | undefined {
  const repo = findRepo(dir);
  if (!repo) return undefined;
  try {
    git(repo, ["rev-parse", "--git-dir"]);
    return repo.root;
  } catch {
    return undefined;
  }
}

/** A path relative to the repository root with "/", for git pathspecs. */
const repoPath = (repo: Repo, path: string): string => relative(repo.root, path).split(sep).join("/") || ".";

/** One file of a tree: its object id and path (relative to the repository root, with "/"). */
interface TreeFile {
  oid: string;
  path: string;
  /** A symbolic link (its blob is the target). */
  link: boolean;
}

/** Every file (blob) under `dir` at a commit, from `ls-tree -z` (NUL-separated: any file name is safe). */
function filesAt(repo: Repo, commit: string, dir: string): TreeFile[] {
  const out = git(repo, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", repoPath(repo, dir)]);
  const files: TreeFile[] = [];
  for (const record of out.split("\0")) {
    const m = /^(\d+) blob ([0-9a-f]+)\t([\s\S]+)$/.exec(record);
    if (m) files.push({ oid: m[2], path: m[3], link: m[1] === "120000" });
  }
  return files;
}

/** The contents of objects (blobs, commits) by object id, read in one `git cat-file --batch`. */
function readObjects(repo: Repo, oids: string[], type = "blob"): Map<string, string> {
  const out = new Map<string, string>();
  for (const [oid, bytes] of readObjectBytes(repo, oids, type)) out.set(oid, bytes.toString("utf8"));
  return out;
}

/** The contents of objects by object id as bytes (a blob may be binary), in one `git cat-file --batch`. */
function readObjectBytes(repo: Repo, oids: string[], type = "blob"): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const wanted = [...new Set(oids)].filter((o) => /^[0-9a-f]{40,64}$/.test(o));
  if (!wanted.length) return out;
  const buf = gitBytes(repo, repo.root, ["cat-file", "--batch"], wanted.join("\n") + "\n");
  let at = 0;
  for (const oid of wanted) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) break;
    const header = buf.subarray(at, nl).toString("utf8");
    at = nl + 1;
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m || m[1] !== oid) {
      if (!/ missing$/.test(header)) break; // an answer we cannot read: stop rather than misattribute
      continue;
    }
    const size = +m[3];
    if (m[2] === type) out.set(oid, buf.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** An identity line's time as ISO 8601 with its own offset ("2026-01-10T10:00:00+01:00"), and in seconds. */
function stamp(seconds: string, sign: string, hh: string, mm: string): { iso: string; time: number } {
  const offset = (sign === "-" ? -1 : 1) * (+hh * 60 + +mm);
  const local = new Date((+seconds + offset * 60) * 1000).toISOString().slice(0, 19);
  return { iso: `${local}${offset === 0 ? "Z" : `${sign}${hh}:${mm}`}`, time: +seconds };
}

/** What a commit object says: author, author date, committer date, subject and the rest of the message. */
interface CommitMeta {
  author: string;
  /** Author date, ISO 8601 with the author's offset. */
  date: string;
  /** Committer date, ISO 8601 with the committer's offset, and in seconds since 1970. */
  committed: string;
  time: number;
  subject: string;
  body: string;
}

/** Author, dates (ISO 8601 with their offsets), subject and body of a commit object. */
function commitMeta(object: string | undefined): CommitMeta {
  const blank = object?.indexOf("\n\n") ?? -1;
  const headers = object === undefined ? [] : object.slice(0, blank < 0 ? undefined : blank).split("\n");
  const person = (role: string) =>
    new RegExp(`^${role} (.*?) <[^>]*> (\\d+) ([+-])(\\d\\d)(\\d\\d)$`).exec(
      headers.find((h) => h.startsWith(`${role} `)) ?? "",
    );
  const a = person("author");
  const c = person("committer");
  const authored = a ? stamp(a[2], a[3], a[4], a[5]) : undefined;
  const committed = c ? stamp(c[2], c[3], c[4], c[5]) : authored;
  const message = blank < 0 || object === undefined ? "" : object.slice(blank + 2);
  const [subject = "", ...rest] = message.split("\n");
  return {
    author: a?.[1] ?? "",
    date: authored?.iso ?? "",
    committed: committed?.iso ?? "",
    time: committed?.time ?? 0,
    subject,
    body: rest.join("\n").trim(),
  };
}

/** The object id git would give a file's content (sha1 or sha256, as the repository uses). */
export function blobId(content: Buffer, length: number): string {
  const h = createHash(length === 64 ? "sha256" : "sha1");
  h.update(`blob ${content.length}\0`);
  h.update(content);
  return h.digest("hex");
}

/** A file isms read: its path, and the text it read when that is not the file on disk (an open editor). */
export interface ReadFile {
  path: string;
  text?: string;
}

/**
 * "a1b2c3d" for HEAD, with " + local changes" when a file isms read under `dir` differs from HEAD, or a
 * YAML file of HEAD under `dir` is gone. Computed by hashing, without `git status` (which would run the
 * repository's filters and fsmonitor); a line-end conversion alone is no change.
 */
export function sourceOf(dir: string, readFiles: ReadFile[]): string | undefined {
  const repo = findRepo(dir);
  if (!repo) return undefined;
  let head: string;
  let committed: TreeFile[];
  try {
    head = git(repo, ["rev-parse", "--short", "--verify", "HEAD^{commit}"]).trim();
    committed = filesAt(repo, "HEAD", resolve(dir));
  } catch {
    return undefined; // a repository without commits, or git not available
  }
  const byPath = new Map(committed.map((f) => [resolve(repo.root, f.path), f.oid]));
  const texts = new Map(readFiles.map((f) => [resolve(f.path), f.text]));
  const same = (path: string, oid: string): boolean => {
    let content: Buffer;
    try {
      const text = texts.get(path);
      content = text === undefined ? readFileSync(path) : Buffer.from(text, "utf8");
    } catch {
      return false;
    }
    if (blobId(content, oid.length) === oid) return true;
    const lf = Buffer.from(content.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
    return blobId(lf, oid.length) === oid;
  };
  const read = new Set(texts.keys());
  let dirty = false;
  for (const path of read) {
    const oid = byPath.get(path);
    if (oid === undefined || !same(path, oid)) dirty = true;
  }
  for (const path of byPath.keys()) if (isYamlPath(path) && !read.has(path) && !exists(path)) dirty = true;
  return dirty ? `${head} + local changes` : head;
}

const exists = (p: string): boolean => {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
};

/** A commit named by a tag, branch or commit id, as the user wrote it, with its id and commit date. */
export interface RefCommit {
  /** The name as given: "v1.0", "main", "a1b2c3d". */
  ref: string;
  hash: string;
  /** The first 7 digits, as the changes report shows commits. */
  short: string;
  /** The committer date, ISO 8601 with the committer's offset: when the commit was made. */
  date: string;
  /** The committer date in seconds since 1970. */
  time: number;
}

/** A user's ref for a message: one line, no control characters (a terminal escape stays inert). */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const shown = (ref: string): string => ref.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");

/** The names of the repository's tags and branches (local and remote-tracking), without their prefixes. */
function refNames(repo: Repo): string[] {
  let out: string;
  try {
    out = git(repo, ["rev-parse", "--symbolic-full-name", "--tags", "--branches", "--remotes"]);
  } catch {
    return [];
  }
  // A ref name holds no newline or control character (git check-ref-format), so lines are names.
  const names = out
    .split("\n")
    .map((l) => /^refs\/(?:tags|heads|remotes)\/(.+)$/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}

/** The shallow boundary's newest commit (its short id and commit date), when the repository is shallow. */
function shallowEdge(repo: Repo): { short: string; date: string } | undefined {
  const boundary = [...shallowBoundary(repo)];
  if (!boundary.length) return undefined;
  const objects = readObjects(repo, boundary, "commit");
  const newest = boundary
    .map((hash) => ({ hash, meta: commitMeta(objects.get(hash)) }))
    .sort((a, b) => b.meta.time - a.meta.time)[0];
  return { short: newest.hash.slice(0, 7), date: newest.meta.committed.slice(0, 10) };
}

/** "'a'", "'a' or 'b'", "'a', 'b' or 'c'". */
const orList = (xs: string[]): string =>
  xs.length < 2 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`;

/**
 * What to say when git cannot resolve `ref`: "no tag or commit 'v1.O' (did you mean 'v1.0'?)", naming
 * up to three tags or branches within a small edit distance, and where a shallow clone's history stops.
 */
function unknownRef(repo: Repo, ref: string, gitMessage: string): string {
  if (/ambiguous/i.test(gitMessage))
    return `'${shown(ref)}' is ambiguous: more than one object id starts with it; give more digits, or a tag or branch`;
  const near = refNames(repo)
    .map((name) => ({ name, d: editDistance(ref.toLowerCase(), name.toLowerCase()) }))
    .filter((c) => c.d > 0 && closeEnough(ref, c.d))
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1))
    .slice(0, 3)
    .map((c) => `'${shown(c.name)}'`);
  let message = `no tag or commit '${shown(ref)}'${near.length ? ` (did you mean ${orList(near)}?)` : ""}`;
  const edge = shallowEdge(repo);
  if (edge)
    message += `; the repository is a shallow clone whose history stops at ${edge.date} (${edge.short}), so an older commit is not in it (fetch the full history: git fetch --unshallow, or fetch-depth: 0 in CI)`;
  return message;
}

/** The id (full, or git's short form) of the commit `ref` names; a GitError saying what is wrong when none. */
function verifyRef(repo: Repo, ref: string, short = false): string {
  if (ref.startsWith("-")) throw new GitError(`'${shown(ref)}' is not a git reference`);
  try {
    const args = [
      "rev-parse",
      ...(short ? ["--short"] : []),
      "--verify",
      "--end-of-options",
      `${ref}^{commit}`,
    ];
    return git(repo, args).trim();
  } catch (e) {
    // git ran and refused the name; anything else (no git, a timeout) is said as it is.
    if (e instanceof GitError && e.status !== undefined) throw new GitError(unknownRef(repo, ref, e.message));
    throw e;
  }
}

/** Resolves a tag, branch or commit to its short hash; a GitError when unknown (with did-you-mean). */
export function resolveRef(dir: string, ref: string): string {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository`);
  return verifyRef(repo, ref, true);
}

/** The commit a tag, branch or commit names, with its commit date; a GitError when unknown. */
export function resolveCommit(dir: string, ref: string): RefCommit {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository`);
  const hash = verifyRef(repo, ref);
  const meta = commitMeta(readObjects(repo, [hash], "commit").get(hash));
  return { ref, hash, short: hash.slice(0, 7), date: meta.committed, time: meta.time };
}

/**
 * The ISMS under `dir` as it stood at `ref`, with a fileExists that answers for that commit too (so
 * document-missing-file is right for the past). Blobs are read by object id, never by path.
 */
export function workspaceAt(
  dir: string,
  ref: string,
): { ws: Workspace; paths: PathResolver; commit: string } {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository`);
  const commit = resolveRef(dir, ref);
  const root = resolve(dir);
  const all = filesAt(repo, commit, root);
  const yaml = all.filter((f) => isYamlPath(f.path) && !f.link);
  const links = all.filter((f) => f.link);
  const texts = readObjects(
    repo,
    [...yaml, ...links].map((f) => f.oid),
  );
  const ws = new Workspace();
  for (const f of yaml) {
    const text = texts.get(f.oid);
    if (text !== undefined) ws.setText(join(repo.root, f.path), text);
  }
  const targets = new Map(links.map((f) => [join(repo.root, f.path), texts.get(f.oid) ?? "/"]));
  for (const [path, target] of targets)
    if (
      isYamlPath(path) &&
      !treePaths([root], new Set(), targets).check(join(root, "x"), relative(root, path)).ok
    )
      ws.setUnreadable(path, "path-outside-workspace", outsideMessage({ path, target }));
  const existing = new Set(all.filter((f) => !f.link).map((f) => join(repo.root, f.path)));
  return { ws, paths: treePaths([root], existing, targets), commit };
}

/** An entry a commit added, changed, removed or moved, with its value before and after. */
export interface EntryChange {
  id: string;
  /** The entry's kind: "risk", "role", "control", ... */
  kind: string;
  /** The entry's data before the commit (undefined when it was not in this file). */
  before: unknown;
  /** The entry's data after the commit (undefined when it is not in this file any more). */
  after: unknown;
  /** The file (relative to the ISMS folder) the entry moved here from, in this commit. */
  from?: string;
}

export interface FileChange {
  /** Relative to the ISMS folder, with "/". */
  path: string;
  added: string[];
  changed: string[];
  removed: string[];
  /** Entries that moved here from another file of the same kind in the same commit (not in added). */
  movedIn: { id: string; from: string }[];
  /** Entries that moved from here to another file of the same kind in the same commit (not in removed). */
  movedOut: { id: string; to: string }[];
  /** Top-level fields (not entries) that changed: version, approved_on, ...; or "new file", "file removed". */
  header: string[];
  /** The values before and after of the top-level fields in `header` (none for a new or removed file). */
  headerValues: { field: string; before: unknown; after: unknown }[];
  /** The added, changed and moved-in entries and the removed ones, with their values, in file order. */
  entries: EntryChange[];
}

export interface Commit {
  hash: string;
  short: string;
  author: string;
  /** The author date, ISO 8601 with the author's offset. */
  date: string;
  subject: string;
  /** The commit message after its subject line (empty when there is none). */
  body: string;
  files: FileChange[];
}

/** The history of a period, and where it stops when the repository is a shallow clone. */
export interface History {
  commits: Commit[];
  /** The oldest commit a shallow clone holds (its parents are missing), when the period reaches it. */
  shallowAt?: { short: string; date: string };
}

/** The commits whose parents a shallow clone lacks (empty for a full clone). */
function shallowBoundary(repo: Repo): Set<string> {
  try {
    if (git(repo, ["rev-parse", "--is-shallow-repository"]).trim() !== "true") return new Set();
    const file = git(repo, ["rev-parse", "--path-format=absolute", "--git-path", "shallow"]).trim();
    return new Set(
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => /^[0-9a-f]{40,64}$/.test(l)),
    );
  } catch {
    return new Set();
  }
}

/** Entries (by id) and header fields of an ISMS file's text; `isms` false when it is not an ISMS file. */
function snapshot(path: string, text: string | undefined) {
  const file = text === undefined ? undefined : loadFile(path, text);
  const entries = new Map<string, { json: string; raw: unknown; kind: string }>();
  for (const e of file?.entries ?? [])
    if (e.id !== undefined && !e.parent)
      entries.set(e.id, { json: JSON.stringify(e.raw), raw: e.raw, kind: e.kind });
  const header = new Map(
    Object.entries(file?.header ?? {}).map(([k, v]) => [k, { json: JSON.stringify(v), raw: v }]),
  );
  return { isms: !!file, entries, header };
}

/** A file a commit changed, with the object ids before and after (a zero id: none). */
interface RawChange {
  before: string;
  after: string;
  path: string;
}

const ZERO = /^0+$/;

/**
 * Which commits the changes report covers: dates (YYYY-MM-DD, inclusive, by commit date) and commits
 * (full ids from resolveCommit): the commits after `since` (not `since` itself) up to and including
 * `until` (default HEAD). Any of them may be left out.
 */
export interface HistoryRange {
  from?: string;
  to?: string;
  since?: string;
  until?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `git log` listing commit ids and, per commit, the object ids of the files it changed: no free text, so
 * nothing a commit message or a file name holds can shift what is read, and no diff driver, text
 * conversion or signature check runs.
 */
const RAW_LOG = [
  "log",
  "--no-renames",
  "--no-ext-diff",
  "--no-textconv",
  "--no-show-signature",
  "--raw",
  "--no-abbrev",
  "-z",
  "--format=commit %H",
];
const OID = /^[0-9a-f]{40,64}$/;

/**
 * Commits touching YAML under `dir` in a range, newest first, with what changed. One `git log --raw -z`
 * lists every commit with the object ids of the files it changed; one `cat-file` reads every blob and
 * commit object.
 */
export function history(dir: string, range: HistoryRange = {}): History {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository: the changes report reads its history`);
  for (const [k, v] of Object.entries(range) as [keyof HistoryRange, string | undefined][])
    if (v !== undefined && !(k === "from" || k === "to" ? DAY : OID).test(v))
      throw new GitError(`history: ${k} must be ${k === "from" || k === "to" ? "a date" : "a commit id"}`);
  let log: string;
  try {
    // Commit ids and, per commit, the object ids of the files it changed: no free text, so nothing a
    // commit message or a file name holds can shift what is read (metadata comes from the commit objects).
    // The revisions are commit ids checked above, so none can be read as an option.
    log = git(repo, [
      ...RAW_LOG,
      ...(range.from ? [`--since=${range.from}T00:00:00`] : []),
      ...(range.to ? [`--until=${range.to}T23:59:59`] : []),
      // No revision: HEAD (and an empty repository says so); a negative one alone would list nothing.
      ...(range.until ? [range.until] : range.since ? ["HEAD"] : []),
      ...(range.since ? [`^${range.since}`] : []),
      "--",
      repoPath(repo, resolve(dir)),
    ]);
  } catch (e) {
    if (/does not have any commits/.test((e as Error).message)) return { commits: [] };
    throw e;
  }
  const parsed: { hash: string; changes: RawChange[] }[] = [];
  const tokens = log.split("\0");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^\n/, "");
    const c = /^commit ([0-9a-f]{40,64})$/.exec(t);
    if (c) {
      parsed.push({ hash: c[1], changes: [] });
      continue;
    }
    const m = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*$/.exec(t);
    if (!m || i + 1 >= tokens.length) continue;
    const path = tokens[++i]; // a raw entry is always followed by its path
    if (isYamlPath(path)) parsed.at(-1)?.changes.push({ before: m[1], after: m[2], path });
  }
  const meta = readObjects(
    repo,
    parsed.map((c) => c.hash),
    "commit",
  );
  const blobs = readObjects(
    repo,
    parsed.flatMap((c) => c.changes.flatMap((ch) => [ch.before, ch.after])).filter((o) => !ZERO.test(o)),
  );
  const collections = collectionKeys();
  const boundary = shallowBoundary(repo);
  const commits: Commit[] = [];
  let shallowAt: History["shallowAt"];
  for (const { hash, changes } of parsed) {
    const { author, date, subject, body } = commitMeta(meta.get(hash));
    const short = hash.slice(0, 7);
    // A shallow clone's oldest commit looks as if it created every file: it is where history stops.
    if (boundary.has(hash)) {
      shallowAt = { short, date };
      continue;
    }
    const files: FileChange[] = [];
    for (const ch of changes) {
      const abs = join(repo.root, ch.path);
      const a = snapshot(abs, ZERO.test(ch.before) ? undefined : blobs.get(ch.before));
      const b = snapshot(abs, ZERO.test(ch.after) ? undefined : blobs.get(ch.after));
      if (!a.isms && !b.isms) continue;
      const added = [...b.entries.keys()].filter((id) => !a.entries.has(id));
      const removed = [...a.entries.keys()].filter((id) => !b.entries.has(id));
      const changed = [...b.entries.keys()].filter(
        (id) => a.entries.has(id) && a.entries.get(id)?.json !== b.entries.get(id)?.json,
      );
      const header = !a.isms
        ? ["new file"]
        : !b.isms
          ? ["file removed"]
          : [...new Set([...a.header.keys(), ...b.header.keys()])].filter(
              (k) => a.header.get(k)?.json !== b.header.get(k)?.json && !collections.has(k),
            );
      const entries: EntryChange[] = [];
      for (const [id, e] of b.entries)
        if (!a.entries.has(id) || changed.includes(id))
          entries.push({ id, kind: e.kind, before: a.entries.get(id)?.raw, after: e.raw });
      for (const id of removed) {
        const e = a.entries.get(id);
        if (e) entries.push({ id, kind: e.kind, before: e.raw, after: undefined });
      }
      files.push({
        path: relative(resolve(dir), abs).split(sep).join("/"),
        added,
        changed,
        removed,
        movedIn: [],
        movedOut: [],
        header,
        headerValues:
          a.isms && b.isms
            ? header.map((field) => ({
                field,
                before: a.header.get(field)?.raw,
                after: b.header.get(field)?.raw,
              }))
            : [],
        entries,
      });
    }
    matchMoves(files);
    if (files.length) commits.push({ hash, short, author, date, subject, body, files });
  }
  return { commits, shallowAt };
}

/**
 * Entries one commit removed from a file and added to another, with the same id and kind: moved, not
 * removed and added. Only when the id leaves exactly one file and arrives in exactly one other.
 */
function matchMoves(files: FileChange[]): void {
  const key = (e: EntryChange) => `${e.kind}\0${e.id}`;
  const gone = new Map<string, { file: FileChange; entry: EntryChange }[]>();
  const come = new Map<string, { file: FileChange; entry: EntryChange }[]>();
  for (const file of files)
    for (const entry of file.entries) {
      const side = entry.before === undefined ? come : entry.after === undefined ? gone : undefined;
      if (side) side.set(key(entry), [...(side.get(key(entry)) ?? []), { file, entry }]);
    }
  for (const [k, out] of gone) {
    const into = come.get(k);
    if (out.length !== 1 || into?.length !== 1 || into[0].file === out[0].file) continue;
    const [src, dst] = [out[0], into[0]];
    const id = dst.entry.id;
    src.file.removed = src.file.removed.filter((x) => x !== id);
    src.file.entries = src.file.entries.filter((e) => e !== src.entry);
    src.file.movedOut.push({ id, to: dst.file.path });
    dst.file.added = dst.file.added.filter((x) => x !== id);
    dst.file.movedIn.push({ id, from: src.file.path });
    dst.entry.before = src.entry.before;
    dst.entry.from = src.file.path;
  }
}

/**
 * A cheap stamp of a repository's history, read with a few `stat` calls and no git process: it changes
 * when a commit, checkout, reset, merge or fetch moves HEAD or a ref (HEAD, its reflog, the branch it
 * names, packed-refs). Undefined when `dir` is in no repository. Lets a caller run git again only when
 * the history may have changed (the language server checks it on every re-check).
 */
export function historyStamp(dir: string): string | undefined {
  const repo = findRepo(dir);
  if (!repo) return undefined;
  const stat = (p: string): string => {
    try {
      const s = statSync(p);
      return `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch {
      return "-";
    }
  };
  let common = repo.gitDir;
  try {
    const c = readFileSync(join(repo.gitDir, "commondir"), "utf8").trim();
    if (c) common = resolve(repo.gitDir, c);
  } catch {
    // not a worktree
  }
  let ref = "";
  try {
    ref = /^ref:\s*(refs\/\S+)\s*$/.exec(readFileSync(join(repo.gitDir, "HEAD"), "utf8"))?.[1] ?? "";
  } catch {
    // no HEAD: the stamp says so
  }
  const parts = [
    repo.root,
    stat(join(repo.gitDir, "HEAD")),
    stat(join(repo.gitDir, "logs", "HEAD")),
    stat(join(common, "packed-refs")),
    stat(join(repo.gitDir, "shallow")),
    ...(ref && !ref.includes("..") ? [ref, stat(join(common, ref))] : []),
  ];
  return parts.join("|");
}

/** A commit that changed a file: who and when (author), and the file's blob before and after. */
export interface FileCommit {
  hash: string;
  short: string;
  author: string;
  /** The author date, ISO 8601 with the author's offset (its first 10 characters: the author's day). */
  date: string;
  subject: string;
  /** The file's object id before and after the commit; undefined where the file did not exist. */
  before?: string;
  after?: string;
}

/**
 * The commits that changed each of `paths` (files of the repository holding `dir`), newest first, at
 * most `max` per file, committed on or after the day `since` (YYYY-MM-DD) when given. A shallow clone's
 * boundary commits are left out: they look as if they created every file. A path git does not track
 * has none. One `git log --raw -z` (no free text is parsed from it) and one `cat-file` of the commit
 * objects; read the blobs with readBlobs. A GitError when git fails; undefined outside a repository.
 */
export function fileCommits(
  dir: string,
  paths: readonly string[],
  opts: { since?: string; max?: number } = {},
): Map<string, FileCommit[]> | undefined {
  const repo = findRepo(dir);
  if (!repo) return undefined;
  const out = new Map<string, FileCommit[]>(paths.map((p) => [resolve(p), []]));
  if (!paths.length) return out;
  if (opts.since !== undefined && !DAY.test(opts.since))
    throw new GitError("fileCommits: since must be a date");
  const max = opts.max ?? 50;
  let log: string;
  try {
    log = git(repo, [
      ...RAW_LOG,
      ...(opts.since ? [`--since=${opts.since}T00:00:00`] : []),
      "--",
      // Literal pathspecs: a file name with * or ? names that file only.
      ...[...out.keys()].map((p) => `:(literal)${repoPath(repo, p)}`),
    ]);
  } catch (e) {
    if (/does not have any commits/.test((e as Error).message)) return out;
    throw e;
  }
  const boundary = shallowBoundary(repo);
  const found: { hash: string; path: string; before?: string; after?: string }[] = [];
  const counts = new Map([...out.keys()].map((p) => [p, 0]));
  let hash: string | undefined;
  const tokens = log.split("\0");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^\n/, "");
    const c = /^commit ([0-9a-f]{40,64})$/.exec(t);
    if (c) {
      hash = c[1];
      continue;
    }
    const m = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*$/.exec(t);
    if (!m || i + 1 >= tokens.length) continue;
    const path = join(repo.root, tokens[++i]); // a raw entry is always followed by its path
    const n = counts.get(path);
    if (!hash || boundary.has(hash) || n === undefined || n >= max) continue;
    counts.set(path, n + 1);
    found.push({
      hash,
      path,
      before: ZERO.test(m[1]) ? undefined : m[1],
      after: ZERO.test(m[2]) ? undefined : m[2],
    });
  }
  const meta = readObjects(
    repo,
    found.map((f) => f.hash),
    "commit",
  );
  for (const f of found) {
    const { author, date, subject } = commitMeta(meta.get(f.hash));
    out.get(f.path)?.push({
      hash: f.hash,
      short: f.hash.slice(0, 7),
      author,
      date,
      subject,
      before: f.before,
      after: f.after,
    });
  }
  return out;
}

/** The texts of blobs of the repository holding `dir`, by object id (one `cat-file --batch`). */
export function readBlobs(dir: string, oids: readonly string[]): Map<string, string> {
  const repo = findRepo(dir);
  return repo ? readObjects(repo, [...oids]) : new Map();
}

/**
 * The files of a commit's tree under `dir` (the audit pack's records and evidence): absolute path ->
 * object id. Symbolic links are left out (treePaths follows them inside the tree to a file listed here).
 */
export function blobsAt(dir: string, commit: string): Map<string, string> {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository`);
  if (!OID.test(commit)) throw new GitError("blobsAt: commit must be a commit id");
  const files = filesAt(repo, commit, resolve(dir)).filter((f) => !f.link);
  return new Map(files.map((f) => [join(repo.root, f.path), f.oid]));
}

/** The contents of blobs of the repository holding `dir`, by object id, as bytes (one `cat-file --batch`). */
export function readBlobBytes(dir: string, oids: readonly string[]): Map<string, Buffer> {
  const repo = findRepo(dir);
  return repo ? readObjectBytes(repo, [...oids]) : new Map();
}

/** A tag with the commit it names and that commit's date (ISO 8601 with the committer's offset). */
export interface TagCommit {
  tag: string;
  hash: string;
  short: string;
  date: string;
  time: number;
}

/**
 * The repository's tags that name commits, newest commit first (then by name): for choosing the state
 * an audit pack is built from. Two `rev-parse` (the names, then each peeled to its object) and one
 * `cat-file` of the commit objects; empty outside a repository or when git fails.
 */
export function tagsOf(dir: string): TagCommit[] {
  const repo = findRepo(dir);
  if (!repo) return [];
  const named: { tag: string; hash: string }[] = [];
  try {
    // A ref name holds no newline or control character (git check-ref-format), so lines are names.
    const refs = git(repo, ["rev-parse", "--symbolic-full-name", "--tags"])
      .split("\n")
      .filter((l) => /^refs\/tags\/./.test(l))
      .slice(0, 2000);
    if (!refs.length) return [];
    // Each name starts with "refs/", so none is read as an option (without --verify, rev-parse would
    // print an --end-of-options back).
    const ids = git(repo, ["rev-parse", ...refs.map((r) => `${r}^{}`)]).split("\n");
    refs.forEach((r, i) => {
      if (OID.test(ids[i] ?? "")) named.push({ tag: r.slice("refs/tags/".length), hash: ids[i] });
    });
  } catch {
    return [];
  }
  const commits = readObjects(
    repo,
    named.map((n) => n.hash),
    "commit",
  );
  return named
    .filter((n) => commits.has(n.hash))
    .map((n) => {
      const meta = commitMeta(commits.get(n.hash));
      return { tag: n.tag, hash: n.hash, short: n.hash.slice(0, 7), date: meta.committed, time: meta.time };
    })
    .sort((a, b) => b.time - a.time || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}
