// A real JSON-RPC client for the built server (dist/server.js --stdio): what an editor does, minus the UI.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type ProtocolConnection,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { ChangedNotification } from "../../server/src/protocol";

export const ROOT = join(__dirname, "..", "..");
export const SERVER = join(ROOT, "dist", "server.js");
export const EXAMPLE = join(ROOT, "examples", "acme-isms");
export const TODAY = "2026-11-29";

export const uriOf = (path: string) => pathToFileURL(path).href;

/** A copy of a folder in a temporary directory (tests edit files on disk). */
export function copyOf(dir: string): string {
  const target = mkdtempSync(join(tmpdir(), "isms-lsp-"));
  cpSync(dir, target, { recursive: true });
  return target;
}

export interface Client {
  conn: ProtocolConnection;
  proc: ChildProcess;
  /** Latest diagnostics per URI. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Resolves when the diagnostics of `uri` match `pred` (at once when they already do). */
  diagnosticsOf(uri: string, pred?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Resolves after the next isms/changed notification. */
  nextChange(timeoutMs?: number): Promise<void>;
  open(path: string, text?: string): Promise<void>;
  change(path: string, range: Range, text: string): Promise<void>;
  close(path: string): Promise<void>;
  text(path: string): string;
  stderr(): string;
  shutdown(): Promise<void>;
}

export async function startClient(
  folder: string,
  opts: { snippets?: boolean; today?: string; progress?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Client> {
  const proc = spawn(process.execPath, [SERVER, "--stdio"], {
    env: { ...process.env, ...opts.env, ISMS_TODAY: opts.today ?? TODAY },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (b) => (stderr += b));
  const conn = createProtocolConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiters: { uri: string; pred: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] =
    [];
  const changeWaiters: (() => void)[] = [];
  const texts = new Map<string, { text: string; version: number; pending: TextEdit[] }>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of [...waiters])
      if (w.uri === p.uri && w.pred(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
  });
  conn.onNotification(ChangedNotification, () => changeWaiters.splice(0).forEach((r) => r()));
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onNotification("window/logMessage", () => undefined);
  conn.onNotification("$/progress", () => undefined);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(folder),
    workspaceFolders: [{ uri: uriOf(folder), name: "isms" }],
    capabilities: {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      window: { workDoneProgress: opts.progress ?? true },
      textDocument: {
        completion: { completionItem: { snippetSupport: opts.snippets ?? true } },
        publishDiagnostics: { versionSupport: true },
      },
    },
  });
  const firstChange = new Promise<void>((r) => changeWaiters.push(r));
  await conn.sendNotification(InitializedNotification.type, {});
  const client: Client = {
    conn,
    proc,
    diagnostics,
    diagnosticsOf(uri, pred = () => true, timeoutMs = 10_000) {
      const now = diagnostics.get(uri);
      if (now && pred(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(diagnostics.get(uri))}`)),
          timeoutMs,
        );
        waiters.push({
          uri,
          pred,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
    },
    nextChange(timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no isms/changed")), timeoutMs);
        changeWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async open(path, text) {
      const t = text ?? readFileSync(path, "utf8");
      texts.set(path, { text: t, version: 1, pending: [] });
      await conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path), languageId: "yaml", version: 1, text: t },
      });
    },
    async change(path, range, text) {
      const doc = texts.get(path)!;
      // Applied to the local copy when it is next read: like an editor's buffer, that costs nothing here
      // (the benchmark times keystrokes in files of millions of characters through this).
      doc.pending.push({ range, newText: text });
      doc.version++;
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path), version: doc.version },
        contentChanges: [{ range, text }],
      });
    },
    async close(path) {
      texts.delete(path);
      await conn.sendNotification(DidCloseTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path) },
      });
    },
    text: (path) => {
      const doc = texts.get(path)!;
      for (const edit of doc.pending.splice(0)) doc.text = applyEdits(doc.text, [edit]);
      return doc.text;
    },
    stderr: () => stderr,
    async shutdown() {
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once("exit", r)));
      conn.dispose();
    },
  };
  await firstChange;
  return client;
}

export async function watched(client: Client, changes: { path: string; type: 1 | 2 | 3 }[]) {
  await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: changes.map((c) => ({ uri: uriOf(c.path), type: c.type })),
  });
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = edits
    .map((e, i) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText, i }))
    .sort((a, b) => b.s - a.s || b.i - a.i);
  for (const e of sorted) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}

/** The edits of a WorkspaceEdit for one file. */
export function editsFor(edit: WorkspaceEdit | null, path: string): TextEdit[] {
  return edit?.changes?.[uriOf(path)] ?? [];
}

/** "code:line" (1-based) of each diagnostic, sorted. */
export const codesAndLines = (ds: Diagnostic[]) =>
  ds.map((d) => `${d.code}:${d.range.start.line + 1}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The 0-based position of the first occurrence of `needle` in `text` (offset `delta` characters in). */
export function positionOf(text: string, needle: string, delta = 0) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, i + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}
