// The audit pack's manifest: manifest.json lists every file of the pack with its sha256, where it came
// from (its path in the repository and the commit it was read from) and what it is, plus what the ISMS
// names but the pack could not hold (missing files, refused paths). index.html is the same list for
// people, rendered from the manifest alone, so verify can render it again and compare.
import { createHash } from "node:crypto";

export const MANIFEST = "manifest.json";
export const INDEX = "index.html";
export const PACK_FORMAT = "isms-audit-pack/1";

export type PackFileKind = "report" | "findings" | "record" | "evidence";

export interface PackFile {
  /** The file's name in the pack ("reports/soa.html", "evidence/policies/access-control-policy.md"). */
  path: string;
  kind: PackFileKind;
  sha256: string;
  size: number;
  /** The file it is a copy of, relative to the repository root (records and evidence); null when generated. */
  source: string | null;
  /** The commit it was read from (records, evidence) or generated from; null: the working tree as it was. */
  commit: string | null;
  /** Reports: the report type and format. */
  report?: string;
  format?: string;
}

/** Where the ISMS names a file: the YAML file (relative to the repository root), the entry and the field. */
export interface PackReference {
  file: string;
  entry: string;
  field: string;
}

export interface PackMissing {
  /** Relative to the repository root. */
  path: string;
  referencedBy: PackReference[];
}

export interface PackRefused {
  /** The path as the ISMS wrote it (never resolved, never read). */
  path: string;
  problem: string;
  referencedBy: PackReference[];
}

export interface Manifest {
  format: string;
  tool: { name: string; version: string };
  organisation: string;
  /** The ISMS folder, relative to the repository root ("." for the root; the folder's name outside one). */
  folder: string;
  /** The tag, branch or commit given (--at); null for the working tree. */
  ref: string | null;
  /** The commit: REF's, or HEAD's for the working tree (null outside a repository or before a commit). */
  commit: string | null;
  /** The commit's committer date, ISO 8601 with the committer's offset. */
  commitDate: string | null;
  /** Whether files of the working tree differ from the commit (always false for --at). */
  localChanges: boolean;
  /** The as-of date of the reports and findings (YYYY-MM-DD). */
  today: string;
  findings: { errors: number; warnings: number; information: number; hints: number };
  files: PackFile[];
  missing: PackMissing[];
  refused: PackRefused[];
}

export const sha256 = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");

/** The manifest as manifest.json holds it: two-space JSON, a final newline. */
export const manifestJson = (m: Manifest): string => JSON.stringify(m, null, 2) + "\n";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A pack path as a relative link: each segment percent-encoded. */
const href = (p: string): string => p.split("/").map(encodeURIComponent).join("/");

const KIND_TITLES: Record<PackFileKind, string> = {
  report: "Reports",
  findings: "Findings of isms check",
  record: "ISMS records (the YAML files)",
  evidence: "Evidence the records name",
};

const refs = (rs: PackReference[]): string =>
  rs.map((r) => `${esc(r.file)} ${esc(r.entry)} <code>${esc(r.field)}</code>`).join("<br>");

/** index.html: the manifest for people. Self-contained (no script, no remote content), deterministic. */
export function renderIndex(m: Manifest): string {
  const when = m.ref === null ? "the working tree" : esc(m.ref);
  const stood = m.ref === null ? "in the working tree" : `at ${esc(m.ref)}`;
  const facts: [string, string][] = [
    ["Organisation", esc(m.organisation)],
    ["State", m.ref === null ? `working tree${m.localChanges ? " (with local changes)" : ""}` : esc(m.ref)],
    ["Commit", m.commit === null ? "none" : `<code>${esc(m.commit)}</code>`],
    ["Commit date", m.commitDate === null ? "none" : esc(m.commitDate)],
    ["As of", esc(m.today)],
    ["ISMS folder", esc(m.folder)],
    ["Tool", `${esc(m.tool.name)} ${esc(m.tool.version)}`],
    [
      "Findings",
      `${m.findings.errors} errors, ${m.findings.warnings} warnings, ${m.findings.information} information, ${m.findings.hints} hints`,
    ],
    ["Files", `${m.files.length} (${m.missing.length} missing, ${m.refused.length} refused)`],
  ];
  const sections: string[] = [];
  for (const kind of ["report", "findings", "record", "evidence"] as const) {
    const files = m.files.filter((f) => f.kind === kind);
    if (!files.length) continue;
    const rows = files
      .map(
        (f) =>
          `<tr><td><a href="${esc(href(f.path))}">${esc(f.path)}</a></td><td>${esc(f.source ?? "generated")}</td><td>${f.commit === null ? "working tree" : `<code>${esc(f.commit.slice(0, 12))}</code>`}</td><td class="n">${f.size}</td><td><code>${esc(f.sha256)}</code></td></tr>`,
      )
      .join("\n");
    sections.push(
      `<h2>${KIND_TITLES[kind]} (${files.length})</h2>\n<table><thead><tr><th>File</th><th>Source</th><th>Commit</th><th>Bytes</th><th>SHA-256</th></tr></thead><tbody>\n${rows}\n</tbody></table>`,
    );
  }
  if (m.missing.length)
    sections.push(
      `<h2>Missing: named by the ISMS, not in the repository (${m.missing.length})</h2>\n<table><thead><tr><th>Path</th><th>Named by</th></tr></thead><tbody>\n${m.missing
        .map((x) => `<tr><td>${esc(x.path)}</td><td>${refs(x.referencedBy)}</td></tr>`)
        .join("\n")}\n</tbody></table>`,
    );
  if (m.refused.length)
    sections.push(
      `<h2>Refused: paths that leave the workspace, never read (${m.refused.length})</h2>\n<table><thead><tr><th>Path as written</th><th>Why</th><th>Named by</th></tr></thead><tbody>\n${m.refused
        .map(
          (x) =>
            `<tr><td><code>${esc(x.path)}</code></td><td>${esc(x.problem)}</td><td>${refs(x.referencedBy)}</td></tr>`,
        )
        .join("\n")}\n</tbody></table>`,
    );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Audit pack: ${esc(m.organisation)}, ${when}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.n { text-align: right; }
code { font-size: 12px; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1.5rem; }
dt { font-weight: 600; }
dd { margin: 0; }
</style>
</head>
<body>
<h1>Audit pack: ${esc(m.organisation)}</h1>
<p>The ISMS as it stood ${stood}, with its reports, the findings of <code>isms check</code>, its records and the evidence they name. Every file's SHA-256 is in <code>manifest.json</code>; <code>isms audit-pack verify</code> re-hashes them.</p>
<dl>
${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("\n")}
</dl>
${sections.join("\n")}
</body>
</html>
`;
}

/** The manifest in a pack's manifest.json, or why it is not one. */
export function parseManifest(
  text: string,
): { ok: true; manifest: Manifest } | { ok: false; reason: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${MANIFEST} is not valid JSON` };
  }
  const m = v as Partial<Manifest> | null;
  if (!m || typeof m !== "object" || m.format !== PACK_FORMAT || !Array.isArray(m.files))
    return { ok: false, reason: `${MANIFEST} is not an isms audit pack manifest (${PACK_FORMAT})` };
  for (const f of m.files as unknown[]) {
    const x = f as Partial<PackFile> | null;
    if (!x || typeof x.path !== "string" || typeof x.sha256 !== "string")
      return { ok: false, reason: `${MANIFEST} lists a file without a path and sha256` };
  }
  return { ok: true, manifest: m as Manifest };
}
