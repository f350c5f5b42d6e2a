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
import { treePaths, type PathResolver } from "./paths";
import { loadFile } from "./model";
import { collectionKeys } from "./registry";
import { Workspace } from "./workspace";

export class GitError extends Error {}

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

/** Runs git on a repository with the hardening above; its output as bytes; a GitError when it fails. */
function gitBytes(repo: Repo | undefined, cwd: string, args: string[], input?: string): Buffer {
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
  if (r.status !== 0) throw new GitError(String(r.stderr).trim().split("\n")[0] || `git ${args[0]} failed`);
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
    if (m[2] === type) out.set(oid, buf.subarray(at, at + size).toString("utf8"));
    at += size + 1;
  }
  return out;
}

/** Author, date (ISO 8601 with the author's offset) and subject of a commit object. */
function commitMeta(object: string | undefined): { author: string; date: string; subject: string } {
  const blank = object?.indexOf("\n\n") ?? -1;
  const headers = object === undefined ? [] : object.slice(0, blank < 0 ? undefined : blank).split("\n");
  const line = headers.find((h) => h.startsWith("author ")) ?? "";
  const m = /^author (.*?) <[^>]*> (\d+) ([+-])(\d\d)(\d\d)$/.exec(line);
  let date = "";
  if (m) {
    const offset = (m[3] === "-" ? -1 : 1) * (+m[4] * 60 + +m[5]);
    const local = new Date((+m[2] + offset * 60) * 1000).toISOString().slice(0, 19);
    date = `${local}${offset === 0 ? "Z" : `${m[3]}${m[4]}:${m[5]}`}`;
  }
  const message = blank < 0 || object === undefined ? "" : object.slice(blank + 2);
  return { author: m?.[1] ?? "", date, subject: message.split("\n")[0] ?? "" };
}

/** The object id git would give a file's content (sha1 or sha256, as the repository uses). */
function blobId(content: Buffer, length: number): string {
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

/** Resolves a tag, branch or commit to its short hash; a GitError with git's message when unknown. */
export function resolveRef(dir: string, ref: string): string {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository`);
  if (ref.startsWith("-")) throw new GitError(`'${ref}' is not a git reference`);
  return git(repo, ["rev-parse", "--short", "--verify", "--end-of-options", `${ref}^{commit}`]).trim();
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

export interface FileChange {
  /** Relative to the ISMS folder, with "/". */
  path: string;
  added: string[];
  changed: string[];
  removed: string[];
  /** Top-level fields (not entries) that changed: version, approved_on, ...; or "new file", "file removed". */
  header: string[];
}

export interface Commit {
  hash: string;
  short: string;
  author: string;
  date: string;
  subject: string;
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

/** Entries (by id) and header fields of an ISMS file's text; undefined when it is not an ISMS file. */
function snapshot(path: string, text: string | undefined) {
  const file = text === undefined ? undefined : loadFile(path, text);
  const entries = new Map<string, string>();
  for (const e of file?.entries ?? [])
    if (e.id !== undefined && !e.parent) entries.set(e.id, JSON.stringify(e.raw));
  const header = new Map(Object.entries(file?.header ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
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
 * Commits touching YAML under `dir` between two dates (inclusive), newest first, with what changed. One
 * `git log --raw -z` lists every commit with the object ids of the files it changed; one `cat-file`
 * reads every blob.
 */
export function history(dir: string, from: string, to: string): History {
  const repo = findRepo(dir);
  if (!repo) throw new GitError(`${dir} is not in a git repository: the changes report reads its history`);
  let log: string;
  try {
    // Commit ids and, per commit, the object ids of the files it changed: no free text, so nothing a
    // commit message or a file name holds can shift what is read (metadata comes from the commit objects).
    log = git(repo, [
      "log",
      "--no-renames",
      "--no-ext-diff",
      "--no-textconv",
      "--no-show-signature",
      "--raw",
      "--no-abbrev",
      "-z",
      "--format=commit %H",
      `--since=${from}T00:00:00`,
      `--until=${to}T23:59:59`,
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
    const { author, date, subject } = commitMeta(meta.get(hash));
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
        (id) => a.entries.has(id) && a.entries.get(id) !== b.entries.get(id),
      );
      const header = !a.isms
        ? ["new file"]
        : !b.isms
          ? ["file removed"]
          : [...new Set([...a.header.keys(), ...b.header.keys()])].filter(
              (k) => a.header.get(k) !== b.header.get(k) && !collections.has(k),
            );
      files.push({
        path: relative(resolve(dir), abs).split(sep).join("/"),
        added,
        changed,
        removed,
        header,
      });
    }
    if (files.length) commits.push({ hash, short, author, date, subject, files });
  }
  return { commits, shallowAt };
}
