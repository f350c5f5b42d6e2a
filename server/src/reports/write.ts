// Writing report files without ever destroying someone's work, and only where the user asked:
// - a file is replaced only when isms wrote it and nobody changed it since (its hash is kept in the
//   ledger `.isms-reports.json` beside it), or with force;
// - nothing is written through a symbolic link, nor outside the folder the report goes to (and, when a
//   root is given, a folder that leads outside it: a reports folder in a hostile repository may be a
//   link to a home directory);
// - every file is written to a temporary file in the same folder and renamed into place, and the ledger
//   names the old and the new hash while a replacement is under way, so a crash at any point leaves the
//   report replaceable and nothing half-written;
// - the ledger is untrusted input (hand-edited, corrupted, hostile): a bad one is reported, not followed;
// - concurrent writers into one folder take turns on a lock file.
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

export const LEDGER = ".isms-reports.json";
const LOCK = `${LEDGER}.lock`;
/** The largest ledger or existing report isms reads (to hash it). */
const MAX_READ = 256 * 1024 * 1024;
/** How long a writer waits for another one's lock, and when a lock is stale (its writer died). */
const LOCK_WAIT_MS = 15_000;
const LOCK_STALE_MS = 120_000;

const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const HASH = /^[0-9a-f]{64}$/;

/** Written, or why not; `forceable` when forcing would write it (a changed file, a bad ledger). */
export type WriteResult = { ok: true } | { ok: false; reason: string; forceable: boolean };

/** Ledger entries: file name -> the hashes a file isms wrote may have (one, or two during a replacement). */
type Ledger = Map<string, string[]>;

/** Reads a regular file (never through a link, never a device or a FIFO) up to the cap; undefined if absent. */
function readRegular(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      cause: e,
    });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > MAX_READ) throw new Error(`${path} is larger than ${MAX_READ >> 20} MiB`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The ledger of a folder; a reason when it is there but not a ledger isms could have written. */
function readLedger(dir: string): { ledger: Ledger } | { bad: string } {
  const path = join(dir, LEDGER);
  let buf: Buffer | undefined;
  try {
    buf = readRegular(path);
  } catch (e) {
    return { bad: (e as Error).message };
  }
  const ledger: Ledger = new Map();
  if (buf === undefined) return { ledger };
  let v: unknown;
  try {
    v = JSON.parse(buf.toString("utf8"));
  } catch {
    return { bad: `${path} is not valid JSON` };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { bad: `${path} is not a JSON object` };
  for (const [name, h] of Object.entries(v)) {
    const hashes = Array.isArray(h) ? h : [h];
    if (
      !hashes.length ||
      !hashes.every((x) => typeof x === "string" && HASH.test(x)) ||
      name !== basename(name)
    )
      return { bad: `${path} has an entry isms did not write ('${name.slice(0, 80)}')` };
    ledger.set(name, hashes as string[]);
  }
  return { ledger };
}

/** Writes a file atomically: a new temporary file in the same folder (never following a link), renamed into place. */
export function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o644,
  );
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let done = 0;
    while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeLedger(dir: string, ledger: Ledger): void {
  const entries = [...ledger].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const json = Object.fromEntries(entries.map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  writeAtomic(join(dir, LEDGER), JSON.stringify(json, null, 2) + "\n");
}

/** A lock left by a writer that died (its process is gone), or older than a writer takes. */
function staleLock(path: string): boolean {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || Date.now() - st.mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(readRegular(path)?.toString("utf8").trim());
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: wait
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "ESRCH";
    }
  } catch {
    return false; // gone meanwhile
  }
}

/** Takes the folder's lock (waiting for another writer, breaking a stale lock); returns its release. */
function lock(dir: string): () => void {
  const path = join(dir, LOCK);
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(
        path,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o644,
      );
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (staleLock(path)) rmSync(path, { force: true });
      if (Date.now() > until)
        throw new Error(`another isms is writing reports in ${dir} (${path}); try again`, { cause: e });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.floor(Math.random() * 30));
    }
  }
}

/** Why a folder cannot take a report: it leaves `root` (through a link) or is not a folder. */
function folderProblem(dir: string, root: string | undefined): string | undefined {
  if (root) {
    const r = relative(resolve(root), resolve(dir));
    if (r.startsWith("..") || resolve(r) === r) return `${dir} is outside ${root}`;
    // Every existing step from the root down must be a real folder, not a link.
    let at = resolve(root);
    for (const step of r.split(sep).filter(Boolean)) {
      at = join(at, step);
      let st;
      try {
        st = lstatSync(at);
      } catch {
        break; // created below
      }
      if (st.isSymbolicLink())
        return `${at} is a symbolic link; isms writes reports only into real folders of the workspace`;
      if (!st.isDirectory()) return `${at} is not a folder`;
    }
  }
  return undefined;
}

/**
 * Writes `data` to `path` unless that would replace a file changed by someone else (then: force). With
 * `root`, the folder must lie inside it without links (the extension's reports folder).
 */
export function writeReport(
  path: string,
  data: string | Buffer,
  force = false,
  opts: { root?: string } = {},
): WriteResult {
  const dir = dirname(resolve(path));
  const name = basename(path);
  const refused = (reason: string, forceable = false): WriteResult => ({ ok: false, reason, forceable });
  if (name === LEDGER || name === LOCK) return refused(`${name} is isms's own ledger`);
  const problem = folderProblem(dir, opts.root);
  if (problem) return refused(problem);
  try {
    mkdirSync(dir, { recursive: true });
    if (
      opts.root &&
      realpathSync(dir) !== join(realpathSync(resolve(opts.root)), relative(resolve(opts.root), dir))
    )
      return refused(`${dir} leads outside ${opts.root} through a symbolic link`);
    if (!statSync(dir).isDirectory()) return refused(`${dir} is not a folder`);
  } catch (e) {
    return refused(
      `cannot create the folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let release: () => void;
  try {
    release = lock(dir);
  } catch (e) {
    return refused((e as Error).message);
  }
  try {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink()) return refused(`${path} is a symbolic link; isms does not write through links`);
    if (st && !st.isFile()) return refused(`${path} exists and is not a regular file`);
    const read = readLedger(dir);
    if ("bad" in read && !force)
      return refused(
        `${read.bad}: it is not a ledger isms wrote; fix or delete it, or use --force (which replaces it)`,
        true,
      );
    const ledger = "ledger" in read ? read.ledger : new Map<string, string[]>();
    let before: string | undefined;
    if (st) {
      const current = readRegular(path);
      before = current && sha(current);
      const recorded = ledger.get(name);
      if (!force && (!before || !recorded?.includes(before)))
        return refused(
          recorded
            ? `${path} was changed since isms wrote it; use --force to replace it`
            : `${path} exists and was not written by isms; use --force to replace it`,
          true,
        );
    }
    const after = sha(data);
    // While the file is replaced, both its hashes are isms's: a crash before the rename leaves it replaceable.
    ledger.set(name, before && before !== after ? [before, after] : [after]);
    writeLedger(dir, ledger);
    writeAtomic(path, data);
    ledger.set(name, [after]);
    writeLedger(dir, ledger);
    return { ok: true };
  } catch (e) {
    return refused(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    release();
  }
}
