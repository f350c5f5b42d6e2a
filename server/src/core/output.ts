// Output formats of `isms check`: text for people, JSON for scripts, SARIF 2.1.0 for code scanning.
import { relative, sep } from "node:path";
import type { Finding } from "./check";
import { allRules } from "./registry";
import type { Severity } from "./rules/api";

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export const relPath = (root: string, file: string): string => relative(root, file).split(sep).join("/");

/**
 * Text for a terminal: control characters (escape sequences, line breaks, carriage returns that would
 * draw over a line) are shown escaped, so a value cannot forge output.
 */
export const terminalSafe = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 10
      ? "\\n"
      : code === 13
        ? "\\r"
        : code === 9
          ? "\\t"
          : `\\u${code.toString(16).padStart(4, "0")}`;
  });

/** A relative path as a URI reference (SARIF's artifactLocation.uri): each segment percent-encoded. */
export const uriOfPath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

export function toJson(root: string, findings: Finding[]): JsonFinding[] {
  return findings.map((f) => ({
    file: relPath(root, f.file),
    line: f.start.line + 1,
    column: f.start.character + 1,
    endLine: f.end.line + 1,
    endColumn: f.end.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
}

export function countBySeverity(findings: { severity: Severity }[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatText(root: string, findings: Finding[], fileCount: number): string {
  const rows = toJson(root, findings);
  const lines: string[] = [];
  let current: string | undefined;
  for (const r of rows) {
    if (r.file !== current) {
      if (current !== undefined) lines.push("");
      current = r.file;
    }
    lines.push(
      `${terminalSafe(r.file)}:${r.line}:${r.column}  ${r.severity}  ${r.code}  ${terminalSafe(r.message)}`,
    );
  }
  if (rows.length) lines.push("");
  const c = countBySeverity(rows);
  const files = new Set(rows.map((r) => r.file)).size;
  lines.push(
    rows.length === 0
      ? `No problems in ${plural(fileCount, "ISMS file")}.`
      : `${plural(rows.length, "problem")} (${[
          plural(c.error, "error"),
          plural(c.warning, "warning"),
          ...(c.information ? [`${c.information} information`] : []),
          ...(c.hint ? [plural(c.hint, "hint")] : []),
        ].join(", ")}) in ${files} of ${plural(fileCount, "ISMS file")}.`,
  );
  return lines.join("\n") + "\n";
}

const SARIF_LEVEL: Record<Severity, string> = {
  error: "error",
  warning: "warning",
  information: "note",
  hint: "note",
};

export function formatSarif(root: string, findings: Finding[], version: string): object {
  const rules = allRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "isms",
            version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.doc.split(". ")[0].replace(/\.?$/, ".") },
              fullDescription: { text: r.doc },
              help: {
                text: `${r.doc}\n\nHow to fix: ${r.fix}`,
                markdown: `${r.doc}\n\n**How to fix:** ${r.fix}`,
              },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: toJson(root, findings).map((f) => ({
          ruleId: f.code,
          ruleIndex: ruleIndex.get(f.code),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOfPath(f.file) },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  endLine: f.endLine,
                  endColumn: f.endColumn,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
