// Verifying an audit pack (a ZIP file or a folder): every file the manifest lists is hashed again, files
// the manifest does not list are named, and index.html must be what the manifest renders to. Nothing a
// manifest says is used as a path to open: only files found in the pack are read.
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { INDEX, MANIFEST, parseManifest, renderIndex, sha256, type Manifest } from "./manifest";
import { readZip } from "./zip";

export interface VerifyResult {
  /** Why the pack could not be verified at all (not a pack, a damaged ZIP, no manifest). */
  problem?: string;
  /** Files whose bytes differ from the manifest's sha256 (index.html: from what the manifest renders). */
  changed: string[];
  /** Files in the pack the manifest does not list. */
  added: string[];
  /** Files the manifest lists that are not in the pack. */
  missing: string[];
  /** The number of files the manifest lists. */
  files: number;
  /** The sha256 of manifest.json: record it (a signed tag, the audit file) to make the pack tamper-evident. */
  manifestSha256?: string;
  manifest?: Manifest;
}

export const intact = (r: VerifyResult): boolean =>
  r.problem === undefined && !r.changed.length && !r.added.length && !r.missing.length;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A pack folder's files (relative, with "/"), read; a link or a special file counts as a file, unread. */
export function folderFiles(root: string): Map<string, Buffer | undefined> {
  const out = new Map<string, Buffer | undefined>();
  const visit = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort(byName)) {
      const abs = join(dir, name);
      const rel = prefix + name;
      const st = lstatSync(abs);
      if (st.isDirectory()) visit(abs, `${rel}/`);
      else out.set(rel, st.isFile() ? readFileSync(abs) : undefined);
    }
  };
  visit(root, "");
  return out;
}

/** Checks the files of a pack (name -> bytes; undefined: there but not a regular file) against its manifest. */
export function verifyFiles(found: ReadonlyMap<string, Buffer | undefined>): VerifyResult {
  const result: VerifyResult = { changed: [], added: [], missing: [], files: 0 };
  const manifestBytes = found.get(MANIFEST);
  if (!manifestBytes) return { ...result, problem: `it has no ${MANIFEST}: it is not an isms audit pack` };
  const parsed = parseManifest(manifestBytes.toString("utf8"));
  if (!parsed.ok) return { ...result, problem: parsed.reason };
  const m = parsed.manifest;
  result.manifest = m;
  result.manifestSha256 = sha256(manifestBytes);
  result.files = m.files.length;
  const listed = new Set<string>([MANIFEST, INDEX]);
  for (const f of m.files) {
    listed.add(f.path);
    if (!found.has(f.path)) result.missing.push(f.path);
    else {
      const data = found.get(f.path);
      if (!data || sha256(data) !== f.sha256) result.changed.push(f.path);
    }
  }
  const index = found.get(INDEX);
  if (!found.has(INDEX)) result.missing.push(INDEX);
  else {
    let expected: string | undefined;
    try {
      expected = renderIndex(m);
    } catch {
      expected = undefined; // a manifest too broken to render: index.html cannot match it
    }
    if (!index || expected === undefined || !index.equals(Buffer.from(expected, "utf8")))
      result.changed.push(INDEX);
  }
  for (const name of found.keys()) if (!listed.has(name)) result.added.push(name);
  result.changed.sort(byName);
  result.added.sort(byName);
  result.missing.sort(byName);
  return result;
}

/** Verifies the pack at `path`: a ZIP file or a folder. */
export function verifyPack(path: string): VerifyResult {
  const none = { changed: [], added: [], missing: [], files: 0 };
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    return {
      ...none,
      problem: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    };
  }
  if (st.isDirectory()) {
    try {
      return verifyFiles(folderFiles(path));
    } catch (e) {
      return {
        ...none,
        problem: `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      };
    }
  }
  if (!st.isFile()) return { ...none, problem: "it is neither a ZIP file nor a folder" };
  const zip = readZip(readFileSync(path));
  if (!zip.ok) return { ...none, problem: zip.reason };
  return verifyFiles(zip.files);
}
