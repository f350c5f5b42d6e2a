// Shared test helpers: load a fixture folder and check it as the CLI would.
import { readFileSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory, MAX_FILE_BYTES, walkYaml } from "../../server/src/core/files";
import { Workspace } from "../../server/src/core/workspace";
import { parseDay } from "../../server/src/core/values";

export const ROOT = join(__dirname, "..", "..");
export const FIXTURES = join(ROOT, "tests", "fixtures");
/** The date every rule fixture is checked on. */
export const FIXTURE_TODAY = "2026-06-01";

export function checkDir(dir: string, today = FIXTURE_TODAY, maxBytes = MAX_FILE_BYTES): Finding[] {
  const ws = loadDirectory(dir, new Workspace(), maxBytes);
  return checkWorkspace(ws, { today: parseDay(today)!, fileExists });
}

export const rel = (dir: string, file: string) => relative(dir, file).split(sep).join("/");

/** `file:line code` for each finding (1-based line), sorted. */
export const keys = (dir: string, findings: Finding[]) =>
  findings.map((f) => `${rel(dir, f.file)}:${f.start.line + 1} ${f.code}`).sort();

/** The `# expect: code[, code]` markers of a fixture folder, as `file:line code`, sorted. */
export function expectations(dir: string): string[] {
  const out: string[] = [];
  for (const file of walkYaml(dir)) {
    if (!existsSync(file)) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const m = /#\s*expect:\s*(.+)$/.exec(line);
        if (m)
          for (const code of m[1].split(/[\s,]+/).filter(Boolean))
            out.push(`${rel(dir, file)}:${i + 1} ${code}`);
      });
  }
  const extra = join(dir, "EXPECT");
  if (existsSync(extra))
    for (const line of readFileSync(extra, "utf8").split("\n")) {
      const m = /^#\s*expect-file:\s*(\S+)\s+(\S+)/.exec(line);
      if (m) out.push(`${m[1]}:1 ${m[2]}`);
    }
  return out.sort();
}
