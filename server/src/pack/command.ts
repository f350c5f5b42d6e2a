// `isms audit-pack [DIR] [--at REF] [--out PATH] [--today D] [--format zip|dir] [--pdf]` and
// `isms audit-pack verify PATH`: the command line of the audit pack (cli.ts dispatches here).
import { resolve } from "node:path";
import type { IgnoreFilter } from "../core/files";
import { within } from "../core/paths";
import type { Day } from "../core/values";
import { findBrowser, PdfError } from "../reports/pdf";
import { buildPack } from "./pack";
import { intact, verifyPack } from "./verify";
import { writePack, type PackFormat } from "./write";
import { sha256, type Manifest } from "./manifest";

export interface PackIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What cli.ts lends the command: its usage error, option readers and the tool's identity. */
export interface PackCli {
  usage: (message: string) => Error;
  /** --today or $ISMS_TODAY, else today (a usage error when malformed). */
  today: () => Day;
  /** The folder argument resolved, or undefined after saying it is not a folder. */
  folder: (arg: string | undefined) => string | undefined;
  ignore: (dir: string) => IgnoreFilter;
  version: string;
  helpBase?: string;
}

export interface PackValues {
  format?: string[];
  out?: string;
  at?: string;
  today?: string;
  force?: boolean;
  pdf?: boolean;
  browser?: string;
}

/** A ref as part of a file name: "v1.0" stays, "release/2026 Q1" becomes "release-2026-Q1". */
export const refFileName = (ref: string | undefined): string =>
  ref === undefined ? "working-tree" : ref.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+/, "") || "ref";

/** One line per missing or refused path, for stderr. */
export function packNotes(m: Manifest): string[] {
  const by = (rs: Manifest["missing"][number]["referencedBy"]) =>
    rs.map((r) => `${r.file} ${r.entry} ${r.field}`).join("; ");
  return [
    ...m.missing.map((x) => `missing: ${x.path} (named by ${by(x.referencedBy)})`),
    ...m.refused.map((x) =>
      x.referencedBy.length
        ? `refused: ${x.path}: ${x.problem} (named by ${by(x.referencedBy)}); not read`
        : `refused: ${x.path}: a YAML file that is a link leading outside the workspace; not read`,
    ),
  ];
}

export async function auditPack(
  args: string[],
  values: PackValues,
  io: PackIo,
  cli: PackCli,
): Promise<number> {
  if (args[0] === "verify") return verify(args.slice(1), values, io, cli);
  const [folder, ...extra] = args;
  if (extra.length) throw cli.usage(`audit-pack takes one folder, got ${extra.length + 1}`);
  if ((values.format?.length ?? 0) > 1) throw cli.usage("audit-pack takes one --format");
  const format = (values.format?.[0] ?? "zip") as PackFormat;
  if (format !== "zip" && format !== "dir") throw cli.usage(`--format must be zip or dir, not '${format}'`);
  if (values.browser !== undefined && !values.pdf) throw cli.usage("--browser is an option of --pdf");
  // A bad --today is a usage error before git runs; with --at and no --today, the commit's day.
  const today = values.today !== undefined || values.at === undefined ? cli.today() : undefined;
  const dir = cli.folder(folder);
  if (!dir) return 2;
  const render = { browser: values.browser, env: io.env, cwd: io.cwd };
  if (values.pdf)
    try {
      findBrowser(io.env, values.browser, io.cwd); // no browser: say so before anything is built
    } catch (e) {
      if (!(e instanceof PdfError)) throw e;
      io.stderr(`isms: ${e.message}\n`);
      return 2;
    }
  const ignore = cli.ignore(dir);
  const out = resolve(
    io.cwd,
    values.out ?? `isms-audit-pack-${refFileName(values.at)}${format === "zip" ? ".zip" : ""}`,
  );
  // A pack folder inside the ISMS holds copies of its YAML files: they would be read as the ISMS again.
  if (format === "dir" && within(dir, out) && !ignore.ignores(out, true)) {
    io.stderr(
      `isms: the pack folder ${values.out ?? out} lies inside the ISMS folder, whose checks would read the copies of its records; write it elsewhere, as a ZIP file, or leave the folder out in .ismsignore\n`,
    );
    return 2;
  }
  let pack;
  try {
    pack = await buildPack({
      dir,
      at: values.at,
      today,
      ignore,
      pdf: values.pdf === true,
      render,
      version: cli.version,
      helpBase: cli.helpBase,
    });
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    io.stderr(`isms: ${e.message}\n`);
    return 2;
  }
  const written = writePack(pack, out, format, values.force === true);
  if (!written.ok) {
    io.stderr(`isms: ${written.reason}\n`);
    return 2;
  }
  for (const line of packNotes(pack.manifest)) io.stderr(`isms: ${line}\n`);
  for (const name of written.kept ?? [])
    io.stderr(`isms: warning: ${name} is in the pack folder but not in the pack (verify names it)\n`);
  const m = pack.manifest;
  const manifest = pack.entries.find((e) => e.name === "manifest.json");
  io.stderr(
    `isms: wrote ${values.out ?? out} (${m.files.length} files, ${m.missing.length} missing, ${m.refused.length} refused; ${m.ref === null ? "the working tree" : `${m.ref} at ${m.commit?.slice(0, 7)}`}, as of ${m.today})\n`,
  );
  if (manifest) io.stdout(`${sha256(manifest.data)}  manifest.json\n`);
  return 0;
}

function verify(args: string[], values: PackValues, io: PackIo, cli: PackCli): number {
  for (const k of Object.keys(values))
    if (values[k as keyof PackValues] !== undefined)
      throw cli.usage(`--${k} is not an option of isms audit-pack verify`);
  if (args.length !== 1) throw cli.usage("audit-pack verify takes one PATH: a pack's ZIP file or folder");
  const path = resolve(io.cwd, args[0]);
  const r = verifyPack(path);
  if (r.problem?.startsWith("cannot read it")) {
    io.stderr(`isms: ${args[0]}: ${r.problem}\n`);
    return 2;
  }
  if (r.problem) {
    io.stdout(`${args[0]}: not verified: ${r.problem}\n`);
    return 1;
  }
  for (const name of r.changed) io.stdout(`changed: ${name}\n`);
  for (const name of r.added) io.stdout(`added: ${name}\n`);
  for (const name of r.missing) io.stdout(`missing: ${name}\n`);
  if (intact(r)) {
    io.stdout(`${args[0]}: intact (${r.files} files; manifest.json sha256 ${r.manifestSha256})\n`);
    return 0;
  }
  io.stdout(
    `${args[0]}: not intact: ${r.changed.length} changed, ${r.added.length} added, ${r.missing.length} missing\n`,
  );
  return 1;
}
