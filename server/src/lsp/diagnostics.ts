// Findings as LSP diagnostics: the rule id as the code, a link to the rule's page shipped with the server
// (docs/rules/<id>.md, so the reference works offline in any editor), and the rule's message id and data
// in Diagnostic.data. The quick fixes take those from the current finding the diagnostic matches, not
// from what a client sends back (codeactions.ts).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  DiagnosticSeverity,
  Message,
  PublishDiagnosticsNotification,
  type Diagnostic,
} from "vscode-languageserver/node";
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

// Publishing a large file's diagnostics after a keystroke serialised thousands of them again although the
// edit changed a few: a finding the edit did not touch is the same object as before, or a copy moved to
// other lines that shares its message data. So a file's diagnostics are kept as JSON from one publish to
// the next: a finding published before is written as it was, a moved one gets only its range anew.

const position = (p: { line: number; character: number }) => `{"line":${p.line},"character":${p.character}}`;
const withRange = (f: Finding, tail: string) =>
  `{"range":{"start":${position(f.start)},"end":${position(f.end)}}${tail === "}" ? "" : ","}${tail}`;
/** A diagnostic's JSON after its range: `"severity":…}`. */
function tailOf(f: Finding): string {
  return JSON.stringify({ ...toDiagnostic(f), range: undefined }).slice(1);
}
/** Whether two findings have the same positions (a finding moved within its line's text keeps them). */
const samePlace = (a: Finding, b: Finding) =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;
/** Whether two findings make the same diagnostic but for its range. */
const sameBut = (a: Finding, b: Finding) =>
  a.data === b.data &&
  a.code === b.code &&
  a.message === b.message &&
  a.severity === b.severity &&
  a.messageId === b.messageId &&
  a.entryId === b.entryId;

/** How far ahead in the previous publish a finding is looked for (an edit adds or removes a few). */
const LOOK_AHEAD = 8;

/** One file's diagnostics as JSON, each kept from the file's previous publish (see above). */
export class DiagnosticsEncoder {
  private last: { findings: readonly Finding[]; parts: string[]; bytes: number[]; tails: string[] } = {
    findings: [],
    parts: [],
    bytes: [],
    tails: [],
  };

  encode(findings: readonly Finding[]): EncodedDiagnostics {
    const last = this.last;
    const parts = new Array<string>(findings.length);
    const bytes = new Array<number>(findings.length);
    const tails = new Array<string>(findings.length);
    // Both lists are in text order: walk them together, a finding of the previous publish matched when
    // it is the same one or the same but for its range (moved).
    let j = 0;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      let k = j;
      const stop = Math.min(last.findings.length, j + LOOK_AHEAD);
      while (k < stop && last.findings[k] !== f && !sameBut(last.findings[k], f)) k++;
      if (k < stop) {
        j = k + 1;
        tails[i] = last.tails[k];
        if (last.findings[k] === f || samePlace(last.findings[k], f)) {
          parts[i] = last.parts[k];
          bytes[i] = last.bytes[k];
          continue;
        }
      } else tails[i] = tailOf(f);
      parts[i] = withRange(f, tails[i]);
      bytes[i] = Buffer.byteLength(parts[i], "utf8");
    }
    this.last = { findings, parts, bytes, tails };
    return new EncodedDiagnostics(findings, parts, bytes);
  }
}

/**
 * Diagnostics the stdio transport writes from their JSON (encodeMessage); any other writer serialises
 * them with JSON.stringify, which asks toJSON.
 */
export class EncodedDiagnostics {
  constructor(
    private readonly findings: readonly Finding[],
    readonly parts: readonly string[],
    /** Each part's length in UTF-8 bytes. */
    readonly bytes: readonly number[],
  ) {}

  toJSON(): Diagnostic[] {
    return this.findings.map(toDiagnostic);
  }
}

/**
 * A message as UTF-8 JSON: JSON.stringify's, with encoded diagnostics written from their JSON straight
 * into the message's bytes (a large file's diagnostics are not joined into one string first).
 */
export function encodeMessage(msg: Message): Buffer {
  if (!Message.isNotification(msg) || msg.method !== PublishDiagnosticsNotification.method)
    return Buffer.from(JSON.stringify(msg), "utf8");
  const p = msg.params as { uri: string; version?: number; diagnostics: unknown };
  const d = p.diagnostics;
  if (!(d instanceof EncodedDiagnostics)) return Buffer.from(JSON.stringify(msg), "utf8");
  const version = p.version === undefined ? "" : `,"version":${JSON.stringify(p.version)}`;
  const head = `{"jsonrpc":"2.0","method":${JSON.stringify(msg.method)},"params":{"uri":${JSON.stringify(p.uri)}${version},"diagnostics":[`;
  const tail = "]}}";
  let size = Buffer.byteLength(head, "utf8") + tail.length + Math.max(0, d.parts.length - 1);
  for (const n of d.bytes) size += n;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head, 0, "utf8");
  for (let i = 0; i < d.parts.length; i++) {
    if (i) out[at++] = 0x2c; // ,
    at += out.write(d.parts[i], at, "utf8");
  }
  at += out.write(tail, at, "utf8");
  // Counted and written alike (both replace a lone surrogate by U+FFFD); were they not, write it whole.
  return at === size ? out : Buffer.from(JSON.stringify(msg), "utf8");
}
