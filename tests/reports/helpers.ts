// Helpers of the report tests: running `isms report` in-process, a copy of the example outside git (so
// no commit hash makes the output change), and reading a file out of a ZIP (DOCX).
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { runCli } from "../../server/src/cli";

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

/** One file of a ZIP archive (read through its central directory). */
export function unzipFile(zip: Buffer, name: string): string | undefined {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a ZIP file");
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entryName = zip.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    if (entryName === name) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + size);
      return (method === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  return undefined;
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
