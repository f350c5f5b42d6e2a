// Findings as LSP diagnostics: the rule id as the code, a link to the rule's page shipped with the server
// (docs/rules/<id>.md, so the reference works offline in any editor), and the rule's message id and data
// in Diagnostic.data. The quick fixes take those from the current finding the diagnostic matches, not
// from what a client sends back (codeactions.ts).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver/node";
import type { Finding } from "../core/check";
import { ruleById } from "../core/registry";
import { ruleDocPath, type MessageData, type Severity } from "../core/rules/api";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The package root: the folder above the bundle (dist/..) or the sources that holds docs/rules. */
function findRoot(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = dirname(dir))
    if (existsSync(join(dir, "docs", "rules"))) return dir;
  return undefined;
}

const ROOT = findRoot();

const docUris = new Map<string, string | undefined>();

export function ruleDocUri(code: string): string | undefined {
  if (!docUris.has(code)) {
    const rule = ruleById(code);
    docUris.set(code, ROOT && rule ? pathToFileURL(join(ROOT, ruleDocPath(rule))).href : undefined);
  }
  return docUris.get(code);
}

/** What a diagnostic carries for its quick fixes. */
export interface DiagnosticData {
  rule: string;
  messageId: string;
  data: MessageData;
  entry?: string;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const href = ruleDocUri(f.code);
  const data: DiagnosticData = { rule: f.code, messageId: f.messageId, data: f.data };
  if (f.entryId !== undefined) data.entry = f.entryId;
  return {
    range: { start: f.start, end: f.end },
    severity: SEVERITY[f.severity],
    code: f.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: "isms",
    message: f.message,
    data,
  };
}
