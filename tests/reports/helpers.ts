// Helpers of the report tests: running `isms report` in-process, a copy of the example outside git (so
// no commit hash makes the output change), and reading a file out of a ZIP (DOCX).
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../server/src/cli";
import { unzipFile } from "../zip";

export const ROOT = join(__dirname, "..", "..");
export const EXAMPLE = join(ROOT, "examples", "acme-isms");
export const GOLDEN = join(__dirname, "golden");
export const TODAY = "2026-11-29";

export function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "isms-report-"));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

export async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { ISMS_TODAY: TODAY, ...env },
    cwd,
  });
  return { code, stdout, stderr };
}

/** The text of a DOCX's body, paragraph by paragraph. */
export function docxText(zip: Buffer): string {
  const xml = unzipFile(zip, "word/document.xml") ?? "";
  return xml
    .replace(/<\/w:p>/g, "\n")
    .replace(/<w:tab\/>/g, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
