// Reading a workspace from disk: the walk (skipping .git, node_modules and what `.ismsignore` or
// `--exclude` leave out, safe from symlink loops), size limits and encoding checks. The rest of the core
// works on texts.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import { join, relative, sep } from "node:path";
import { ignoreFilter, type IgnoreFilter } from "./ignore";
import { within } from "./paths";
import { sniffKind } from "./registry";
import { Workspace } from "./workspace";

/** Files above this size are not read (a finding says so when the file is an ISMS file). */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;
const SKIP_DIRS = new Set([".git", "node_modules"]);

export const isYamlPath = (p: string): boolean => /\.ya?ml$/i.test(p);

/** A YAML file or folder of the workspace that is a link to somewhere outside it: not read. */
export interface OutsideLink {
  path: string;
  target: string;
}

export { ignoredIn, ignoreFilter, IGNORE_FILE, type IgnoreFilter } from "./ignore";

/**
 * Every YAML file below `dir`, sorted. Symlinked folders inside `dir` are followed once (loops are cut);
 * links that lead outside `dir` are not followed but listed in `outside`. Files and folders the filter
 * leaves out (by default `dir/.ismsignore`; `null` for none) are not visited.
 */
export function walkYaml(
  dir: string,
  outside: OutsideLink[] = [],
  ignore: IgnoreFilter | null = ignoreFilter(dir),
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return out;
  }
  // Paths relative to the filter's root (with "/"); a walk below the root checks the folders above too.
  const relOf = (p: string) =>
    relative(ignore?.root ?? dir, p)
      .split(sep)
      .join("/");
  const left = (p: string, isDir: boolean) => ignore !== null && ignore.matches(relOf(p), isDir);
  const visit = (d: string) => {
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const p = join(d, name);
      let st;
      try {
        st = lstatSync(p);
        if (st.isSymbolicLink()) {
          // Where the link leads, before anything looks at what is there.
          const target = realpathSync(p);
          if (!within(root, target)) {
            // Nothing there is looked at: a YAML file's link, or one named like a folder, is reported.
            const folderLike = !/\.[^./\\]+$/.test(name);
            if ((isYamlPath(name) || folderLike) && !left(p, folderLike && !isYamlPath(name)))
              outside.push({ path: p, target });
            continue;
          }
          st = statSync(p);
        }
      } catch {
        if (isYamlPath(p) && !left(p, false)) out.push(p); // a dangling link or unreadable entry: reported when read
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name) && !left(p, true)) visit(p);
      } else if (st.isFile() && isYamlPath(name) && !left(p, false)) out.push(p);
    }
  };
  if (ignore && ignore.root !== dir && ignore.ignores(dir, true)) return out;
  visit(dir);
  return out;
}

/** Why a link of the workspace is not read. */
export const outsideMessage = (l: OutsideLink): string =>
  `This ${isYamlPath(l.path) ? "file" : "entry"} is a symbolic link to ${l.target}, outside the workspace folder: it is not read`;

export type ReadResult =
  | { ok: true; text: string; badUtf8At?: number }
  | { ok: false; code: "file-too-large" | "file-unreadable"; message: string; isms: boolean };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads a regular file as UTF-8 text within the size limit; anything else (a FIFO, a device) is refused. */
export function readText(path: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  const cannot = (e: unknown): ReadResult => ({
    ok: false,
    code: "file-unreadable",
    message: `Cannot read this file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    isms: true,
  });
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return cannot(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      return {
        ok: false,
        code: "file-unreadable",
        message: "Cannot read this file: it is not a regular file (a pipe, a device or a socket)",
        // As the walker, which lists regular files only: not an ISMS file.
        isms: false,
      };
    if (st.size > maxBytes) {
      // Read the head only, to tell whether it is an ISMS file at all.
      const head = Buffer.alloc(64 * 1024);
      const n = readSync(fd, head, 0, head.length, 0);
      return {
        ok: false,
        code: "file-too-large",
        message: tooLargeMessage(st.size, maxBytes),
        isms: sniffKind(head.subarray(0, n).toString("utf8")) !== undefined,
      };
    }
    // Read at most the limit, whatever the file grows to meanwhile.
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    const data = buf.subarray(0, got);
    const wide = wideEncoding(data);
    if (wide) {
      const text = decodeWide(data, wide);
      return {
        ok: false,
        code: "file-unreadable",
        message: `The file is saved as ${wide.name}; isms reads UTF-8 only: save it as UTF-8 (Windows PowerShell 5 writes UTF-16 with '>': use Out-File -Encoding utf8)`,
        isms: sniffKind(text.slice(0, 65536)) !== undefined,
      };
    }
    return decode(data);
  } catch (e) {
    return cannot(e);
  } finally {
    closeSync(fd);
  }
}

interface Wide {
  name: string;
  width: 2 | 4;
  big: boolean;
}

/** The UTF-16 or UTF-32 encoding a byte order mark announces, if any. */
function wideEncoding(b: Buffer): Wide | undefined {
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
    return { name: "UTF-32 (little endian)", width: 4, big: false };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
    return { name: "UTF-32 (big endian)", width: 4, big: true };
  if (b[0] === 0xff && b[1] === 0xfe) return { name: "UTF-16 (little endian)", width: 2, big: false };
  if (b[0] === 0xfe && b[1] === 0xff) return { name: "UTF-16 (big endian)", width: 2, big: true };
  return undefined;
}

/** Text in a wide encoding, decoded well enough to tell whether it is an ISMS file. */
function decodeWide(b: Buffer, w: Wide): string {
  let out = "";
  const n = Math.min(b.length, 4 * 65536);
  for (let i = w.width; i + w.width <= n; i += w.width) {
    const c =
      w.width === 2
        ? w.big
          ? b.readUInt16BE(i)
          : b.readUInt16LE(i)
        : w.big
          ? b.readUInt32BE(i)
          : b.readUInt32LE(i);
    out += c <= 0x10ffff ? String.fromCodePoint(c) : "\ufffd";
  }
  return out;
}

function decode(buf: Buffer): ReadResult {
  try {
    return { ok: true, text: stripBom(decoder.decode(buf)) };
  } catch {
    const text = stripBom(buf.toString("utf8"));
    return { ok: true, text, badUtf8At: Math.max(0, text.indexOf("\uFFFD")) };
  }
}

/** Why a file over the size limit is not read (from disk, or open in an editor). */
export function tooLargeMessage(size: number, maxBytes = MAX_FILE_BYTES): string {
  const mb = (b: number) => `${Math.round((b / 1048576) * 10) / 10} MiB`;
  return `File not read: ${mb(size)} is over the ${mb(maxBytes)} limit; split it into several files of the same kind`;
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** Loads a file from disk into the workspace (or records why it could not be read). */
export function loadPath(ws: Workspace, path: string, maxBytes = MAX_FILE_BYTES): void {
  const r = readText(path, maxBytes);
  if (r.ok) ws.setText(path, r.text, { badUtf8At: r.badUtf8At });
  else if (r.isms) ws.setUnreadable(path, r.code, r.message);
  else ws.delete(path);
}

/**
 * Loads every YAML file below `dir` but those the filter leaves out (by default `dir/.ismsignore`); links
 * leading outside it are recorded as not read.
 */
export function loadDirectory(
  dir: string,
  ws = new Workspace(),
  maxBytes = MAX_FILE_BYTES,
  ignore: IgnoreFilter | null = ignoreFilter(dir),
): Workspace {
  const outside: OutsideLink[] = [];
  for (const p of walkYaml(dir, outside, ignore)) loadPath(ws, p, maxBytes);
  for (const l of outside) ws.setUnreadable(l.path, "path-outside-workspace", outsideMessage(l));
  return ws;
}

export function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
