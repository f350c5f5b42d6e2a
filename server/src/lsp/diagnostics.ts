// Findings as LSP diagnostics: the rule id as the code, and a link to the rule's page shipped with the
// server (docs/rules/<id>.md), so the reference works offline in any editor.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver/node";
import type { Finding } from "../core/check";
import type { Severity } from "../core/rules/api";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The folder of the rule pages: next to the bundle (dist/../docs/rules) or the sources. */
function findDocs(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, "docs", "rules");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const DOCS = findDocs();

const docUris = new Map<string, string | undefined>();

export function ruleDocUri(code: string): string | undefined {
  if (!docUris.has(code)) docUris.set(code, DOCS ? pathToFileURL(join(DOCS, `${code}.md`)).href : undefined);
  return docUris.get(code);
}

export function toDiagnostic(f: Finding): Diagnostic {
  const href = ruleDocUri(f.code);
  return {
    range: { start: f.start, end: f.end },
    severity: SEVERITY[f.severity],
    code: f.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: "isms",
    message: f.message,
  };
}
