// Reading an ISMS from git history with the git command line: the files as they stood at a commit (no
// checkout), the source commit of a report, and the log of changes with the entries each commit touched.
import { spawnSync } from "node:child_process";
import { join, relative, resolve } from "node:path";
import { isYamlPath } from "./files";
import { loadFile } from "./model";
import { collectionKeys } from "./registry";
import { Workspace } from "./workspace";

export class GitError extends Error {}

function git(cwd: string, args: string[], input?: string): string {
  const r = spawnSync("git", args, { cwd, input, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.error) throw new GitError(`git could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new GitError(r.stderr.trim().split("\n")[0] || `git ${args[0]} failed`);
  return r.stdout;
}

/** The top folder of the repository holding `dir`, or undefined when it is not in one. */
export function repoRoot(dir: string): string | undefined {
  try {
    return git(dir, ["rev-parse", "--show-toplevel"]).trim();
  } catch {
    return undefined;
  }
}

/** "a1b2c3d" for HEAD, with " + local changes" when files under `dir` differ from it. */
export function sourceOf(dir: string): string | undefined {
  if (!repoRoot(dir)) return undefined;
  try {
    const head = git(dir, ["rev-parse", "--short", "HEAD"]).trim();
    const dirty = git(dir, ["status", "--porcelain", "--", "."]).trim() !== "";
    return dirty ? `${head} + local changes` : head;
  } catch {
    return undefined; // a repository without commits
  }
}

/** Resolves a tag, branch or commit to its short hash; a GitError with git's message when unknown. */
export function resolveRef(dir: string, ref: string): string {
  if (ref.startsWith("-")) throw new GitError(`'${ref}' is not a git reference`);
  return git(dir, ["rev-parse", "--short", "--verify", "--end-of-options", `${ref}^{commit}`]).trim();
}

/** Contents of files at a commit, read in one `git cat-file --batch`; missing ones are left out. */
function readBlobs(root: string, commit: string, paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!paths.length) return out;
  const r = spawnSync("git", ["cat-file", "--batch"], {
    cwd: root,
    input: paths.map((p) => `${commit}:${p}`).join("\n") + "\n",
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new GitError(String(r.stderr).trim() || "git cat-file failed");
  const buf = r.stdout as Buffer;
  let at = 0;
  for (const p of paths) {
    const nl = buf.indexOf(10, at);
    const header = buf.subarray(at, nl).toString("utf8");
    at = nl + 1;
    const m = /^\S+ blob (\d+)$/.exec(header);
    if (!m) continue; // "<name> missing"
    const size = +m[1];
    out.set(p, buf.subarray(at, at + size).toString("utf8"));
    at += size + 1;
  }
  return out;
}

/** Every path (relative to the repository root) under `dir` at a commit. */
function pathsAt(root: string, commit: string, dir: string): string[] {
  const rel = relative(root, dir) || ".";
  return git(root, ["ls-tree", "-r", "-z", "--name-only", commit, "--", rel]).split("\0").filter(Boolean);
}

/**
 * The ISMS under `dir` as it stood at `ref`, with a fileExists that answers for that commit too (so
 * document-missing-file is right for the past).
 */
export function workspaceAt(
  dir: string,
  ref: string,
): { ws: Workspace; fileExists: (p: string) => boolean; commit: string } {
  const root = repoRoot(dir);
  if (!root) throw new GitError(`${dir} is not in a git repository`);
  const commit = resolveRef(dir, ref);
  const all = pathsAt(root, commit, resolve(dir));
  const texts = readBlobs(root, commit, all.filter(isYamlPath));
  const ws = new Workspace();
  for (const [p, text] of texts) ws.setText(join(root, p), text);
  const exists = new Set(all.map((p) => join(root, p)));
  return { ws, fileExists: (p) => exists.has(resolve(p)), commit };
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

/** Entries (by id) and header fields of an ISMS file's text; undefined when it is not an ISMS file. */
function snapshot(path: string, text: string | undefined) {
  const file = text === undefined ? undefined : loadFile(path, text);
  const entries = new Map<string, string>();
  for (const e of file?.entries ?? [])
    if (e.id !== undefined && !e.parent) entries.set(e.id, JSON.stringify(e.raw));
  const header = new Map(Object.entries(file?.header ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
  return { isms: !!file, entries, header };
}

/** Commits touching YAML under `dir` between two dates (inclusive), newest first, with what changed. */
export function history(dir: string, from: string, to: string): Commit[] {
  const root = repoRoot(dir);
  if (!root) throw new GitError(`${dir} is not in a git repository: the changes report reads its history`);
  const rel = relative(root, resolve(dir)) || ".";
  let log: string;
  try {
    log = git(root, [
      "log",
      "--no-renames",
      "--format=%x1e%H%x1f%h%x1f%an%x1f%aI%x1f%s",
      "--name-only",
      `--since=${from}T00:00:00`,
      `--until=${to}T23:59:59`,
      "--",
      rel,
    ]);
  } catch (e) {
    if (/does not have any commits/.test((e as Error).message)) return [];
    throw e;
  }
  const commits: Commit[] = [];
  const collections = collectionKeys();
  for (const record of log.split("\x1e").slice(1)) {
    const [head, ...rest] = record.split("\n");
    const [hash, short, author, date, subject] = head.split("\x1f");
    const paths = rest.filter((p) => p && isYamlPath(p));
    const after = readBlobs(root, hash, paths);
    let before = new Map<string, string>();
    try {
      before = readBlobs(root, `${hash}^`, paths);
    } catch {
      // the first commit has no parent
    }
    const files: FileChange[] = [];
    for (const p of paths) {
      const abs = join(root, p);
      const a = snapshot(abs, before.get(p));
      const b = snapshot(abs, after.get(p));
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
        path: relative(resolve(dir), abs).split("\\").join("/"),
        added,
        changed,
        removed,
        header,
      });
    }
    if (files.length) commits.push({ hash, short, author, date, subject, files });
  }
  return commits;
}
