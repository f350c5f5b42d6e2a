// The language server's side of "ISMS: Build Audit Pack...": the tags to choose from, and the pack built
// and written as a ZIP file into the reports folder of the first workspace folder. Only in a folder the
// editor trusts (it runs git and writes a file); the reports folder must be a real folder inside the
// workspace folder (writeReport's root check).
import { join } from "node:path";
import { ignoreFilter } from "../core/files";
import { GitError, tagsOf } from "../core/git";
import { isAbsoluteAnywhere } from "../core/paths";
import type { AuditPackTag, BuildAuditPackParams, BuildAuditPackResult } from "../protocol";
import { PdfError } from "../reports/pdf";
import { refFileName } from "./command";
import { MANIFEST, sha256 } from "./manifest";
import { buildPack } from "./pack";
import { writePack } from "./write";
import type { Day } from "../core/values";

export interface PackSession {
  roots: string[];
  trusted: boolean;
  today: Day;
  uriFor(path: string): string;
}

export function auditPackTags(session: PackSession): AuditPackTag[] {
  const dir = session.roots[0];
  if (!dir || !session.trusted) return [];
  return tagsOf(dir).map((t) => ({ tag: t.tag, short: t.short, date: t.date }));
}

export async function buildAuditPack(
  session: PackSession,
  p: BuildAuditPackParams,
  version: string,
): Promise<BuildAuditPackResult> {
  const none = { written: false, files: 0, missing: 0, refused: 0 };
  const root = session.roots[0];
  if (!root) return { ...none, reason: "no workspace folder is open" };
  if (!session.trusted)
    return { ...none, reason: "in Restricted Mode isms writes no files and reads no git history" };
  const folder = typeof p?.folder === "string" && p.folder.trim() ? p.folder : "reports";
  if (isAbsoluteAnywhere(folder) || folder.startsWith("~"))
    return { ...none, reason: `the reports folder '${folder}' must be relative to the workspace folder` };
  const ref = typeof p?.ref === "string" && p.ref !== "" ? p.ref : undefined;
  let pack;
  try {
    // A tag or commit is as of its commit day (the same bytes on any day), as the CLI does.
    const today = ref === undefined ? session.today : undefined;
    pack = await buildPack({ dir: root, at: ref, today, ignore: ignoreFilter(root), version });
  } catch (e) {
    if (e instanceof GitError || e instanceof PdfError) return { ...none, reason: e.message };
    throw e;
  }
  const out = join(root, folder, `audit-pack-${refFileName(ref)}.zip`);
  const m = pack.manifest;
  const counts = { files: m.files.length, missing: m.missing.length, refused: m.refused.length };
  const manifest = pack.entries.find((e) => e.name === MANIFEST);
  const written = writePack(pack, out, "zip", p?.force === true, { root });
  if (!written.ok)
    return {
      ...none,
      ...counts,
      uri: session.uriFor(out),
      reason: written.reason,
      forceable: written.forceable,
    };
  return {
    written: true,
    uri: session.uriFor(out),
    ...counts,
    manifestSha256: manifest ? sha256(manifest.data) : undefined,
  };
}
