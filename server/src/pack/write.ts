// Writing an audit pack without destroying anyone's work. A ZIP file is one report file: written
// atomically, and replaced only when isms wrote it and nobody changed it since (the reports ledger), or
// with force. A pack folder is replaced only when it is empty, or is an earlier pack that is intact
// (verify finds nothing changed, added or missing): its files are removed and the new ones written,
// each atomically, manifest.json and index.html last. With force, a changed earlier pack is replaced
// too, but files the earlier manifest did not list are never deleted (they are named instead).
import { lstatSync, mkdirSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { writeAtomic, writeReport, type WriteResult } from "../reports/write";
import { INDEX, MANIFEST } from "./manifest";
import type { BuiltPack } from "./pack";
import { folderFiles, verifyFiles } from "./verify";
import { writeZip } from "./zip";

export type PackFormat = "zip" | "dir";

export type PackWrite = WriteResult & { kept?: string[] };

/** The ZIP file of a pack: its bytes (deterministic). */
export const packZip = (pack: BuiltPack): Buffer =>
  writeZip(
    pack.entries.map((e) => ({ name: e.name, data: e.data })),
    pack.when,
  );

/** Removes folders left empty below `root` (deepest first), never `root` itself. */
function pruneEmpty(root: string, dir: string): void {
  for (let d = dir; d !== root && d.startsWith(root + sep); d = dirname(d)) {
    try {
      if (readdirSync(d).length) return;
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** Writes a pack as a folder (see above); `root`: every folder on the way must be a real folder inside it. */
function writeFolder(pack: BuiltPack, out: string, force: boolean): PackWrite {
  const refused = (reason: string, forceable = false): PackWrite => ({ ok: false, reason, forceable });
  let st;
  try {
    st = lstatSync(out);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) return refused(`${out} is a symbolic link; isms does not write through links`);
  if (st && !st.isDirectory()) return refused(`${out} exists and is not a folder`);
  const kept: string[] = [];
  if (st) {
    const old = folderFiles(out);
    if (old.size) {
      const check = verifyFiles(old);
      if (check.problem)
        return refused(
          `${out} is not empty and is not an isms audit pack (${check.problem}); choose another --out`,
        );
      const touched = [...check.changed, ...check.added, ...check.missing];
      if (touched.length && !force)
        return refused(
          `${out} was changed since isms wrote it (${touched.slice(0, 5).join(", ")}${touched.length > 5 ? ", ..." : ""}); use --force to replace it`,
          true,
        );
      const listed = new Set([MANIFEST, INDEX, ...(check.manifest?.files.map((f) => f.path) ?? [])]);
      for (const name of old.keys()) {
        if (!listed.has(name)) {
          kept.push(name);
          continue;
        }
        rmSync(join(out, ...name.split("/")), { force: true });
        pruneEmpty(out, dirname(join(out, ...name.split("/"))));
      }
    }
  }
  try {
    mkdirSync(out, { recursive: true });
    // manifest.json and index.html last: a pack cut short by a crash fails verify.
    const last = new Set([MANIFEST, INDEX]);
    const order = [
      ...pack.entries.filter((e) => !last.has(e.name)),
      ...pack.entries.filter((e) => last.has(e.name)),
    ];
    for (const e of order) {
      const path = join(out, ...e.name.split("/"));
      // Every folder on the way inside the pack is a real folder (a link left there is not followed).
      let at = resolve(out);
      for (const step of relative(out, dirname(path)).split(sep).filter(Boolean)) {
        at = join(at, step);
        try {
          if (!lstatSync(at).isDirectory()) return refused(`${at} is in the way: it is not a folder`);
        } catch {
          mkdirSync(at);
        }
      }
      writeAtomic(path, e.data);
    }
  } catch (e) {
    return refused(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { ok: true, kept };
}

/** Writes a pack as a ZIP file or a folder at `out`. */
export function writePack(
  pack: BuiltPack,
  out: string,
  format: PackFormat,
  force: boolean,
  opts: { root?: string } = {},
): PackWrite {
  if (format === "zip") return writeReport(out, packZip(pack), force, opts);
  return writeFolder(pack, resolve(out), force);
}
