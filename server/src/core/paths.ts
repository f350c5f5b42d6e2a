// Paths the format names (a document's file, SoA evidence, ...) resolved inside the workspace, and only
// there: a path that is absolute, starts with `~`, climbs out with `..` or leaves through a symbolic link
// is refused before anything opens, stats or copies it. The same answer for the working tree (on disk)
// and for the ISMS as it stood at a commit (in git's tree).
import { lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep, win32 } from "node:path";

export type PathProblem = "absolute" | "home" | "outside" | "link";

export type PathCheck = { ok: true; abs: string } | { ok: false; problem: PathProblem };

/** How paths are resolved and whether a file exists, for the working tree or for a commit. */
export interface PathResolver {
  /** `p` as written in the YAML file `from`, resolved inside the workspace folder holding `from`. */
  check(from: string, p: string): PathCheck;
  /** Whether a path that passed `check` exists. */
  exists(abs: string): boolean;
}

/** Absolute in any convention: `/x`, `C:\x`, `C:/x`, `\\server\share`. */
export const isAbsoluteAnywhere = (p: string): boolean => isAbsolute(p) || win32.isAbsolute(p);

/** Whether `path` is `root` or lies below it (both absolute). */
export const within = (root: string, path: string): boolean => {
  const r = relative(root, path);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
};

/** A path relative to the workspace folder holding it, with "/" (the path as given when none holds it). */
export function workspaceRelative(roots: readonly string[], path: string): string {
  let best: string | undefined;
  for (const r of roots) if (within(r, path) && (!best || r.length > best.length)) best = r;
  return (best ? relative(best, path) : path).split(sep).join("/");
}

/** The workspace folder holding a file: the deepest root containing it, else the file's own folder. */
function rootOf(roots: readonly string[], from: string): string {
  let best: string | undefined;
  for (const r of roots) if (within(r, from) && (!best || r.length > best.length)) best = r;
  return best ?? dirname(from);
}

/** The first checks, the same everywhere: the form of the path, then where it points without links. */
function lexical(roots: readonly string[], from: string, p: string): PathCheck & { root?: string } {
  if (p.startsWith("~")) return { ok: false, problem: "home" };
  if (isAbsoluteAnywhere(p)) return { ok: false, problem: "absolute" };
  const root = rootOf(roots, resolve(from));
  const abs = resolve(dirname(resolve(from)), p);
  if (!within(root, abs)) return { ok: false, problem: "outside" };
  return { ok: true, abs, root };
}

let realRoots = new Map<string, string>();

/** Paths on disk: every symbolic link on the way must stay inside the workspace folder. */
export function diskPaths(roots: readonly string[], exists?: (p: string) => boolean): PathResolver {
  realRoots = new Map();
  const real = (root: string) => {
    let r = realRoots.get(root);
    if (r === undefined) {
      try {
        r = realpathSync(root);
      } catch {
        r = root;
      }
      realRoots.set(root, r);
    }
    return r;
  };
  return {
    check(from, p) {
      const l = lexical(roots, from, p);
      if (!l.ok || !l.root) return l;
      const realRoot = real(l.root);
      // Walk down from the root; a link anywhere on the way must resolve inside it.
      let at = l.root;
      for (const step of relative(l.root, l.abs).split(sep).filter(Boolean)) {
        at = join(at, step);
        let isLink: boolean;
        try {
          isLink = lstatSync(at).isSymbolicLink();
        } catch {
          break; // missing from here on: inside, and document-missing-file says it is missing
        }
        if (!isLink) continue;
        let target: string;
        try {
          target = realpathSync(at);
        } catch {
          // a dangling link: where it points, lexically
          target = resolve(dirname(at), readlinkSync(at));
        }
        if (!within(realRoot, target)) return { ok: false, problem: "link" };
      }
      return { ok: true, abs: l.abs };
    },
    exists:
      exists ??
      ((abs) => {
        try {
          statSync(abs);
          return true;
        } catch {
          return false;
        }
      }),
  };
}

/**
 * Paths in a commit's tree: `files` are its paths (absolute), `links` its symbolic links with their
 * targets. A link is followed inside the tree and refused when its target leaves the workspace folder.
 */
export function treePaths(
  roots: readonly string[],
  files: ReadonlySet<string>,
  links: ReadonlyMap<string, string>,
): PathResolver {
  return {
    check(from, p) {
      const l = lexical(roots, from, p);
      if (!l.ok || !l.root) return l;
      let path = l.abs;
      for (let hops = 0; hops < 40; hops++) {
        let at = l.root;
        let followed = false;
        for (const step of relative(l.root, path).split(sep).filter(Boolean)) {
          at = join(at, step);
          const target = links.get(at);
          if (target === undefined) continue;
          if (isAbsoluteAnywhere(target)) return { ok: false, problem: "link" };
          const next = resolve(dirname(at), target, relative(at, path));
          if (!within(l.root, next)) return { ok: false, problem: "link" };
          path = next;
          followed = true;
          break;
        }
        if (!followed) return { ok: true, abs: path };
      }
      return { ok: false, problem: "link" }; // a loop of links
    },
    exists: (abs) => files.has(abs),
  };
}
