// Reading a workspace from disk: the walk (skipping .git and node_modules, safe from symlink loops),
// size limits and encoding checks. The rest of the core works on texts.
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { sniffKind } from "./registry";
import { Workspace } from "./workspace";

/** Files above this size are not read (a finding says so when the file is an ISMS file). */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;
const SKIP_DIRS = new Set([".git", "node_modules"]);

export const isYamlPath = (p: string): boolean => /\.ya?ml$/i.test(p);

/** Every YAML file below `dir`, sorted. Symlinked folders are followed once (loops are cut). */
export function walkYaml(dir: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
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
        st = statSync(p);
      } catch {
        if (isYamlPath(p)) out.push(p); // a dangling link or unreadable entry: reported when read
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) visit(p);
      } else if (st.isFile() && isYamlPath(name)) out.push(p);
    }
  };
  visit(dir);
  return out;
}

export type ReadResult =
  | { ok: true; text: string; badUtf8At?: number }
  | { ok: false; code: "file-too-large" | "file-unreadable"; message: string; isms: boolean };

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads a file as UTF-8 text within the size limit. */
export function readText(path: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    return {
      ok: false,
      code: "file-unreadable",
      message: `Cannot read this file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      isms: true,
    };
  }
  if (size > maxBytes) {
    // Read the head only, to tell whether it is an ISMS file at all.
    let head = "";
    try {
      const fd = openSync(path, "r");
      const buf = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      closeSync(fd);
      head = buf.subarray(0, n).toString("utf8");
    } catch {
      /* unreadable head: treat as not ISMS */
    }
    return {
      ok: false,
      code: "file-too-large",
      message: tooLargeMessage(size, maxBytes),
      isms: sniffKind(head) !== undefined,
    };
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    return {
      ok: false,
      code: "file-unreadable",
      message: `Cannot read this file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      isms: true,
    };
  }
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

/** Loads every YAML file below `dir`. */
export function loadDirectory(dir: string, ws = new Workspace(), maxBytes = MAX_FILE_BYTES): Workspace {
  for (const p of walkYaml(dir)) loadPath(ws, p, maxBytes);
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
