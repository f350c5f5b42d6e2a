// The audit pack: the ISMS as it stood at a git reference (or the working tree), in files an auditor
// opens: every report in the formats it comes in, the findings of `isms check` as JSON and SARIF, the
// ISMS records themselves and the evidence files they name, read from git by object id (never from the
// working tree when a reference is given), and a manifest (manifest.json, index.html) with each file's
// sha256, source path and commit. Built twice from the same reference and as-of date, it is the same
// bytes: files in sorted order, one fixed timestamp (the commit's date), no random ids.
import { readFileSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { checkWorkspace, type Finding } from "../core/check";
import { fileExists, loadDirectory, type IgnoreFilter } from "../core/files";
import { blobId, blobsAt, findRepo, readBlobBytes, resolveCommit, sourceOf, workspaceAt } from "../core/git";
import type { RefCommit } from "../core/git";
import { ciBase, formatSarif, toJson, type CiContext } from "../core/output";
import { diskPaths, type PathResolver } from "../core/paths";
import { GitHistory } from "../core/revisions";
import { addDuration, formatDay, months, parseDay, type Day } from "../core/values";
import type { Workspace } from "../core/workspace";
import { produce, REPORTS, type Format, type RenderOptions, type ReportType } from "../reports/index";
import { evidenceOf, type Reference } from "./evidence";
import {
  INDEX,
  MANIFEST,
  manifestJson,
  PACK_FORMAT,
  renderIndex,
  sha256,
  type Manifest,
  type PackFile,
  type PackFileKind,
  type PackReference,
} from "./manifest";
import type { ZipTime } from "./zip";

export interface PackOptions {
  /** The ISMS folder (absolute). */
  dir: string;
  /** A tag, branch or commit: the ISMS as it stood there, read from git. Undefined: the working tree. */
  at?: string;
  /** The as-of date; default: the day of the --at commit (in its committer's time zone). */
  today?: Day;
  /** What .ismsignore and --exclude leave out (of the working tree, and of the past too). */
  ignore?: IgnoreFilter;
  /** Also print each report as PDF (needs a browser; PDF bytes are the browser's, not reproducible). */
  pdf?: boolean;
  /** How PDFs are printed (the browser, and the environment it is found in). */
  render?: RenderOptions;
  version: string;
  /** The web address of the rule pages for SARIF, when the repository's is known. */
  helpBase?: string;
}

export interface PackEntry {
  name: string;
  data: Buffer;
}

export interface BuiltPack {
  /** Every file of the pack, sorted by name, manifest.json and index.html included. */
  entries: PackEntry[];
  manifest: Manifest;
  /** The timestamp of every ZIP entry. */
  when: ZipTime;
}

/** The largest evidence file copied from the working tree (git's output is capped likewise). */
const MAX_EVIDENCE = 512 * 1024 * 1024;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The formats a report goes into the pack in: Markdown only when there is no HTML; PDF only on request. */
export function packFormats(type: ReportType, pdf: boolean): Format[] {
  const formats = type.formats as readonly string[];
  return formats.filter((f) => !(f === "md" && formats.includes("html")) && (f !== "pdf" || pdf)) as Format[];
}

/** "2026-01-10T10:00:00+01:00" as the committer's wall-clock time. */
function wallClock(iso: string): ZipTime | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(iso);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  return { year, month, day, hour, minute, second };
}

interface Source {
  ws: Workspace;
  paths: PathResolver;
  commit?: RefCommit;
  /** The report's source line: "v1.0 (a1b2c3d)", "a1b2c3d + local changes". */
  source?: string;
  /** The bytes of a file of the ISMS (absolute path) and the commit they are from (null: working tree). */
  read(abs: string): { data: Buffer; commit: string | null } | undefined;
  /** Reads these files ahead, all at once (one git process for a commit's blobs). */
  prefetch(abs: readonly string[]): void;
}

/** The ISMS as it stood at `at`: texts, paths and file bytes all from git's objects. */
function fromCommit(dir: string, at: string, ignore: IgnoreFilter | undefined): Source {
  const commit = resolveCommit(dir, at);
  const state = workspaceAt(dir, commit.hash);
  for (const p of state.ws.paths()) if (ignore?.ignores(p, false)) state.ws.delete(p);
  const blobs = blobsAt(dir, commit.hash);
  const cache = new Map<string, Buffer>();
  return {
    ws: state.ws,
    paths: state.paths,
    commit,
    source: state.commit === at ? state.commit : `${at} (${state.commit})`,
    read(abs) {
      const oid = blobs.get(abs);
      if (oid === undefined) return undefined;
      let data = cache.get(oid);
      if (!data) {
        data = readBlobBytes(dir, [oid]).get(oid);
        if (data) cache.set(oid, data);
      }
      return data ? { data, commit: commit.hash } : undefined;
    },
    prefetch(abs) {
      const oids = abs.map((p) => blobs.get(p)).filter((o): o is string => o !== undefined && !cache.has(o));
      for (const [oid, data] of readBlobBytes(dir, oids)) cache.set(oid, data);
    },
  };
}

/** The working tree: files from disk, each attributed to HEAD when it is as HEAD has it. */
function fromWorkingTree(dir: string, ignore: IgnoreFilter | undefined): Source {
  const ws = loadDirectory(dir, undefined, undefined, ignore);
  let head: RefCommit | undefined;
  let blobs = new Map<string, string>();
  if (findRepo(dir))
    try {
      head = resolveCommit(dir, "HEAD");
      blobs = blobsAt(dir, head.hash);
    } catch {
      head = undefined; // a repository without commits
    }
  const sameAsHead = (abs: string, data: Buffer): boolean => {
    const oid = blobs.get(abs);
    if (oid === undefined) return false;
    if (blobId(data, oid.length) === oid) return true;
    const lf = Buffer.from(data.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
    return blobId(lf, oid.length) === oid;
  };
  return {
    ws,
    paths: diskPaths([dir], fileExists),
    commit: head,
    source: sourceOf(
      dir,
      ws.paths().map((path) => ({ path })),
    ),
    read(abs) {
      try {
        const st = statSync(abs);
        if (!st.isFile() || st.size > MAX_EVIDENCE) return undefined;
        const data = readFileSync(abs);
        return { data, commit: head && sameAsHead(abs, data) ? head.hash : null };
      } catch {
        return undefined;
      }
    },
    prefetch() {
      // files on disk are read as they are needed
    },
  };
}

const countOf = (findings: Finding[], s: string) => findings.filter((f) => f.severity === s).length;

/** Builds the pack in memory: every file with its bytes, and the manifest. */
export async function buildPack(opts: PackOptions): Promise<BuiltPack> {
  const dir = resolve(opts.dir);
  const src =
    opts.at === undefined ? fromWorkingTree(dir, opts.ignore) : fromCommit(dir, opts.at, opts.ignore);
  const at = opts.at === undefined ? undefined : src.commit;
  const atDay = at ? parseDay(at.date.slice(0, 10)) : undefined;
  const today = opts.today ?? atDay;
  if (today === undefined) throw new Error("buildPack: an as-of date is needed for the working tree");
  const repo = findRepo(dir);
  const base = repo?.root ?? dir;
  const repoRel = (abs: string): string => relative(base, abs).split(sep).join("/");
  const packRel = (abs: string): string => relative(dir, abs).split(sep).join("/");
  const ref = (r: Reference): PackReference => ({ file: repoRel(r.file), entry: r.entry, field: r.field });

  const findings = checkWorkspace(
    src.ws,
    at ? { today, paths: src.paths } : { today, roots: [dir], paths: src.paths, history: new GitHistory() },
  );
  const index = src.ws.index;
  const files: PackFile[] = [];
  const entries: PackEntry[] = [];
  const add = (
    name: string,
    data: Buffer,
    kind: PackFileKind,
    source: string | null,
    commit: string | null,
    extra: Partial<PackFile> = {},
  ) => {
    entries.push({ name, data });
    files.push({ path: name, kind, sha256: sha256(data), size: data.length, source, commit, ...extra });
  };
  const generatedFrom = at ? at.hash : (src.commit?.hash ?? null);
  let localChanges = at === undefined && (src.source ?? "").endsWith("+ local changes");

  // Reports: every type, in each format it comes in (the changes report needs git history).
  const end = atDay ?? today;
  const period = { from: addDuration(end, months(12), -1), to: at ? undefined : today, until: at };
  for (const type of REPORTS) {
    if (type.id === "changes" && !src.commit) continue;
    for (const format of packFormats(type, opts.pdf === true)) {
      const data = await produce(type, format, {
        ...{ index, today, findings, dir, source: src.source, period },
        render: opts.render,
      });
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      add(`reports/${type.id}.${format}`, bytes, "report", null, generatedFrom, { report: type.id, format });
    }
  }

  // The findings, as `isms check --format json` and `--format sarif` print them.
  const checked = [...index.files.map((f) => f.path), ...index.unreadable.map((u) => u.path)];
  const ctx: CiContext = {
    dir,
    ...ciBase(dir),
    index,
    files: checked,
    version: opts.version,
    helpBase: opts.helpBase,
  };
  const sarif = formatSarif(ctx.base, findings, opts.version, ctx) as {
    runs: { originalUriBaseIds?: Record<string, { uri?: string }> }[];
  };
  // The pack names no folder of the machine that built it: SARIF's base is the repository root, unnamed.
  for (const run of sarif.runs) for (const b of Object.values(run.originalUriBaseIds ?? {})) delete b.uri;
  const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + "\n", "utf8");
  add("findings/isms-check.json", json(toJson(dir, findings)), "findings", null, generatedFrom);
  add("findings/isms-check.sarif", json(sarif), "findings", null, generatedFrom);

  // The records: the ISMS files, byte for byte.
  const evidence = evidenceOf(index, src.paths);
  src.prefetch([...index.files.map((f) => f.path), ...evidence.found.keys()]);
  for (const f of [...index.files].sort((a, b) => byName(a.path, b.path))) {
    const got = src.read(f.path);
    if (!got) continue;
    if (got.commit === null && src.commit) localChanges = true;
    add(`records/${packRel(f.path)}`, got.data, "record", repoRel(f.path), got.commit);
  }

  // The evidence the records name: copied when found, listed when missing or refused.
  const missing = [...evidence.missing].map(([abs, m]) => ({
    path: repoRel(abs),
    referencedBy: m.refs.map(ref),
  }));
  for (const [abs, refs] of [...evidence.found].sort(([a], [b]) => byName(a, b))) {
    const got = src.read(abs);
    if (!got) {
      missing.push({ path: repoRel(abs), referencedBy: refs.map(ref) });
      continue;
    }
    if (got.commit === null && src.commit) localChanges = true;
    add(`evidence/${packRel(abs)}`, got.data, "evidence", repoRel(abs), got.commit);
  }
  const refused = [...evidence.refused].map(([path, r]) => ({
    path,
    problem: r.problem,
    referencedBy: r.refs.map(ref),
  }));
  // A YAML file of the workspace that is a link leading outside it: not read, so not a record either.
  for (const u of index.unreadable)
    if (u.code === "path-outside-workspace")
      refused.push({ path: repoRel(u.path), problem: "link", referencedBy: [] });
  const sortRefs = (rs: PackReference[]) =>
    rs.sort((a, b) => byName(a.file, b.file) || byName(a.entry, b.entry) || byName(a.field, b.field));
  for (const x of [...missing, ...refused]) sortRefs(x.referencedBy);
  missing.sort((a, b) => byName(a.path, b.path));
  refused.sort((a, b) => byName(a.path, b.path));

  // What was generated from a working tree with local changes comes from no commit.
  if (localChanges) for (const f of files) if (f.source === null) f.commit = null;
  files.sort((a, b) => byName(a.path, b.path));
  const manifest: Manifest = {
    format: PACK_FORMAT,
    tool: { name: "isms", version: opts.version },
    organisation: index.settings.organisation ?? "",
    folder: repo ? repoRel(dir) || "." : (dir.split(sep).pop() ?? "."),
    ref: opts.at ?? null,
    commit: src.commit?.hash ?? null,
    commitDate: src.commit?.date ?? null,
    localChanges,
    today: formatDay(today),
    findings: {
      errors: countOf(findings, "error"),
      warnings: countOf(findings, "warning"),
      information: countOf(findings, "information"),
      hints: countOf(findings, "hint"),
    },
    files,
    missing,
    refused,
  };
  entries.push({ name: MANIFEST, data: Buffer.from(manifestJson(manifest), "utf8") });
  entries.push({ name: INDEX, data: Buffer.from(renderIndex(manifest), "utf8") });
  entries.sort((a, b) => byName(a.name, b.name));
  const when = (src.commit && opts.at !== undefined ? wallClock(src.commit.date) : undefined) ?? {
    ...(wallClock(`${formatDay(today)}T00:00:00`) as ZipTime),
  };
  return { entries, manifest, when };
}
