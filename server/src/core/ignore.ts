// `.ismsignore` (at the root of a workspace folder) and `--exclude GLOB`: what the check, the reports and
// the language server's scan leave out. The syntax is gitignore's, in the subset that matters for
// folders of YAML: `#` comments, `!` negation, a trailing `/` for folders only, `*`, `?`, `[abc]`, `**`,
// and anchoring by a leading or inner `/`. As in git, a file inside an ignored folder stays ignored
// whatever a later `!` line says (the folder is never walked).
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { within } from "./paths";

export const IGNORE_FILE = ".ismsignore";
/** The largest `.ismsignore` read (a bigger one is reported and not followed). */
const MAX_IGNORE_BYTES = 1024 * 1024;

export interface IgnorePattern {
  /** The line as written (for messages). */
  source: string;
  negated: boolean;
  dirOnly: boolean;
  regex: RegExp;
}

/** One pattern line in gitignore syntax; undefined for a blank line or a comment. */
export function parsePattern(line: string): IgnorePattern | undefined {
  let p = line.replace(/\r$/, "");
  if (p.startsWith("#")) return undefined;
  // Trailing spaces are dropped unless escaped with a backslash.
  p = p.replace(/(?<!\\)[ \t]+$/, "");
  if (p === "") return undefined;
  let negated = false;
  if (p.startsWith("!")) {
    negated = true;
    p = p.slice(1);
  } else if (p.startsWith("\\!") || p.startsWith("\\#")) p = p.slice(1);
  let dirOnly = false;
  if (p.endsWith("/") && !p.endsWith("\\/")) {
    dirOnly = true;
    p = p.replace(/\/+$/, "");
  }
  if (p === "") return undefined;
  // A slash at the start or in the middle anchors the pattern to the root; else it matches at any depth.
  const anchored = p.includes("/");
  p = p.replace(/^\/+/, "");
  if (p === "") return undefined;
  return {
    source: line,
    negated,
    dirOnly,
    regex: new RegExp(`^${anchored ? "" : "(?:.*/)?"}${globBody(p)}$`),
  };
}

/** A glob (gitignore flavour) as the body of a regular expression over a path with "/". */
function globBody(glob: string): string {
  let out = "";
  const segments = glob.split("/");
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const last = s === segments.length - 1;
    if (seg === "**") {
      // Leading or inner `**/`: zero or more folders; a trailing `/**`: everything inside.
      out += last ? ".*" : "(?:.*/)?";
      continue;
    }
    out += segmentBody(seg);
    if (!last) out += "/";
  }
  return out;
}

function segmentBody(seg: string): string {
  let out = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === "\\" && i + 1 < seg.length) out += escapeRegex(seg[++i]);
    else if (c === "*") {
      while (seg[i + 1] === "*") i++; // `**` inside a segment is `*`
      out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = seg.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = seg.slice(i + 1, close);
      const not = body.startsWith("!") || body.startsWith("^");
      if (not) body = body.slice(1);
      out += `[${not ? "^" : ""}${body.replace(/[\\\]^]/g, (x) => `\\${x}`)}]`;
      i = close;
    } else out += escapeRegex(c);
  }
  return out;
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, (x) => `\\${x}`);

/** Parses a whole `.ismsignore` text. */
export const parseIgnore = (text: string): IgnorePattern[] =>
  text.split("\n").flatMap((l) => parsePattern(l) ?? []);

/** The patterns of a folder: its `.ismsignore`, then the `--exclude` globs (which win over it). */
export interface IgnoreFilter {
  readonly root: string;
  readonly patterns: readonly IgnorePattern[];
  /** Why the folder's `.ismsignore` was not followed (too big, a link leading outside, unreadable). */
  readonly problem?: string;
  /** Whether a path relative to the root (with "/") is matched, not looking at its folders. */
  matches(rel: string, isDir: boolean): boolean;
  /** Whether a path (absolute, or relative to the process) is left out: it or a folder above it matches. */
  ignores(path: string, isDir?: boolean): boolean;
}

/** Whether the last pattern matching `rel` ignores it. */
function lastMatch(patterns: readonly IgnorePattern[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const p of patterns) if ((!p.dirOnly || isDir) && p.regex.test(rel)) ignored = !p.negated;
  return ignored;
}

export function makeFilter(root: string, patterns: IgnorePattern[], problem?: string): IgnoreFilter {
  const matches = (rel: string, isDir: boolean) => patterns.length > 0 && lastMatch(patterns, rel, isDir);
  return {
    root,
    patterns,
    problem,
    matches,
    ignores(path: string, isDir?: boolean) {
      if (!patterns.length) return false;
      const rel = relative(root, path);
      if (rel === "" || !within(root, path)) return false;
      const parts = rel.split(sep);
      for (let i = 1; i < parts.length; i++) if (matches(parts.slice(0, i).join("/"), true)) return true;
      let dir = isDir;
      if (dir === undefined)
        try {
          dir = statSync(path).isDirectory();
        } catch {
          dir = false;
        }
      return matches(parts.join("/"), dir);
    },
  };
}

/** Reads `root/.ismsignore` (a regular file inside the root only); its patterns or why it was not read. */
function readIgnoreFile(root: string): { patterns: IgnorePattern[]; problem?: string } {
  const path = join(root, IGNORE_FILE);
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) {
      const target = realpathSync(path);
      if (!within(realpathSync(root), target))
        return {
          patterns: [],
          problem: `${IGNORE_FILE} is a link to ${target}, outside the folder: not read`,
        };
    }
    const real = statSync(path);
    if (!real.isFile()) return { patterns: [], problem: `${IGNORE_FILE} is not a regular file: not read` };
    if (real.size > MAX_IGNORE_BYTES)
      return { patterns: [], problem: `${IGNORE_FILE} is over 1 MiB: not read` };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR")
      return { patterns: [] };
    return { patterns: [], problem: `${IGNORE_FILE} cannot be read (${(e as NodeJS.ErrnoException).code})` };
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { patterns: [], problem: `${IGNORE_FILE} cannot be read (${(e as NodeJS.ErrnoException).code})` };
  }
  return { patterns: parseIgnore(text.replace(/^\uFEFF/, "")) };
}

/**
 * What to leave out of the folder `root`: its `.ismsignore`, then each `--exclude` glob (one pattern in
 * the same syntax, relative to the root).
 */
export function ignoreFilter(root: string, excludes: readonly string[] = []): IgnoreFilter {
  const file = readIgnoreFile(root);
  return makeFilter(
    root,
    [...file.patterns, ...excludes.flatMap((g) => parsePattern(g) ?? [])],
    file.problem,
  );
}

/** The filter of each workspace folder, re-read when its `.ismsignore` changes. */
const cache = new Map<string, { stamp: string; filter: IgnoreFilter }>();

const stampOf = (root: string): string => {
  try {
    const st = statSync(join(root, IGNORE_FILE));
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return "none";
  }
};

/**
 * Whether a path is left out by the `.ismsignore` of a workspace folder holding it (for the language
 * server: files created, changed or opened after the scan).
 */
export function ignoredIn(roots: readonly string[], path: string, isDir?: boolean): boolean {
  for (const root of roots) {
    if (!within(root, path) || root === path) continue;
    const stamp = stampOf(root);
    let hit = cache.get(root);
    if (!hit || hit.stamp !== stamp) cache.set(root, (hit = { stamp, filter: ignoreFilter(root) }));
    if (hit.filter.ignores(path, isDir)) return true;
  }
  return false;
}
