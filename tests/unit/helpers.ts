// Shared test helpers: load a fixture folder and check it as the CLI would; read a fail fixture's marks.
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ruleFixtureDir } from "../../scripts/generate";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory, MAX_FILE_BYTES, walkYaml } from "../../server/src/core/files";
import { allRules } from "../../server/src/core/registry";
import type { FileHistory } from "../../server/src/core/revisions";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";

export const ROOT = join(__dirname, "..", "..");
/** The date every rule fixture is checked on. */
export const FIXTURE_TODAY = "2026-06-01";

/** The fixture folder of every rule (each holds pass/ and fail/). */
export const fixtureDirs = (): string[] => allRules().map((r) => ruleFixtureDir(r.id));

export function checkDir(
  dir: string,
  today = FIXTURE_TODAY,
  maxBytes = MAX_FILE_BYTES,
  history?: FileHistory,
): Finding[] {
  const ws = loadDirectory(dir, new Workspace(), maxBytes);
  return checkWorkspace(ws, { today: parseDay(today)!, roots: [dir], fileExists, history });
}

/**
 * A fixture's git history, from its fixture.json: `"history": { "<file>": [{ commit, date, author,
 * subject }] }` lists, per file, the commits that changed it without recording a revision (what
 * GitHistory reads from a real repository; tests/reports/revisions.test.ts tests that on one).
 */
export function fixtureHistory(dir: string): FileHistory | undefined {
  const f = join(dir, "fixture.json");
  const json = existsSync(f)
    ? (JSON.parse(readFileSync(f, "utf8")) as {
        history?: Record<string, { commit: string; date: string; author: string; subject: string }[]>;
      })
    : {};
  const given = json.history;
  if (!given) return undefined;
  return {
    unrecorded: (files) =>
      new Map(
        files.map((x) => [
          x.path,
          (given[rel(dir, x.path)] ?? [])
            .map((c) => ({
              short: c.commit,
              author: c.author,
              date: c.date,
              day: parseDay(c.date)!,
              subject: c.subject,
            }))
            .filter((c) => c.day > x.after),
        ]),
      ),
  };
}

export const rel = (dir: string, file: string) => relative(dir, file).split(sep).join("/");

/** What a fail fixture expects of one finding; message id and column only when the mark pins them. */
export interface Expected {
  at: string; // file:line
  code: string;
  messageId?: string;
  column?: number;
}

const key = (e: Expected) =>
  `${e.at} ${e.code}${e.messageId ? `(${e.messageId})` : ""}${e.column ? `@${e.column}` : ""}`;

/** `file:line code` for each finding (1-based line), sorted; with the message id and column a mark pins. */
export function keys(dir: string, findings: Finding[], pins?: Expected[]): string[] {
  return findings
    .map((f) => {
      const at = `${rel(dir, f.file)}:${f.start.line + 1}`;
      const pin = pins?.find((p) => p.at === at && p.code === f.code);
      return key({
        at,
        code: f.code,
        messageId: pin?.messageId ? f.messageId : undefined,
        column: pin?.column ? f.start.character + 1 : undefined,
      });
    })
    .sort();
}

/**
 * The `# expect: code[(messageId)][@column]` marks of a fixture folder (`code, code` for several on one
 * line), plus `# expect-file: path code` lines of its EXPECT file.
 */
export function expected(dir: string): Expected[] {
  const out: Expected[] = [];
  for (const file of walkYaml(dir)) {
    if (!existsSync(file)) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const m = /#\s*expect:\s*(.+)$/.exec(line);
        if (!m) return;
        for (const mark of m[1].split(/[\s,]+/).filter(Boolean)) {
          const p = /^([\w.-]+)(?:\(([\w-]+)\))?(?:@(\d+))?$/.exec(mark);
          if (!p) throw new Error(`${file}:${i + 1}: bad expect mark '${mark}'`);
          out.push({
            at: `${rel(dir, file)}:${i + 1}`,
            code: p[1],
            messageId: p[2],
            column: p[3] ? +p[3] : undefined,
          });
        }
      });
  }
  const extra = join(dir, "EXPECT");
  if (existsSync(extra))
    for (const line of readFileSync(extra, "utf8").split("\n")) {
      const m = /^#\s*expect-file:\s*(\S+)\s+(\S+)/.exec(line);
      if (m) out.push({ at: `${m[1]}:1`, code: m[2] });
    }
  return out;
}

/** The expected findings of a fail fixture as `keys` prints them, sorted. */
export const expectations = (dir: string, code?: string): string[] =>
  expected(dir)
    .filter((e) => code === undefined || e.code === code)
    .map(key)
    .sort();
