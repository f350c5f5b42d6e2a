// A real JSON-RPC client for the built server (dist/server.js --stdio): what an editor does, minus the UI.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  ConfigurationRequest,
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
import assert from "node:assert/strict";
import { checkWorkspace } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
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
  /** The whole text replaced (what an editor sends when a clean document is reloaded from disk). */
  replace(path: string, text: string): Promise<void>;
  /** The version of an open document. */
  version(path: string): number | undefined;
  close(path: string): Promise<void>;
  text(path: string): string;
  stderr(): string;
  shutdown(): Promise<void>;
  /** Resolves with the server's exit code (null: killed by a signal). */
  exited: Promise<number | null>;
}

export async function startClient(
  folder: string,
  opts: {
    snippets?: boolean;
    today?: string;
    progress?: boolean;
    env?: NodeJS.ProcessEnv;
    /** More workspace folders after `folder`. */
    folders?: string[];
    /** Declare workspace.workspaceEdit.documentChanges (versioned edits). */
    documentChanges?: boolean;
    /** Run the server as this user and group (tests running as root that need permissions to count). */
    user?: { uid: number; gid: number };
    /** Declare dynamic registration of watched files (default true; Helix and Neovim 0.7 do not). */
    watchedFiles?: boolean;
    initializationOptions?: Record<string, unknown>;
    /**
     * Answer workspace/configuration with the `isms` section this returns (and declare the pull model:
     * workspace.configuration and dynamic registration of didChangeConfiguration, as VS Code does).
     */
    configuration?: () => unknown;
  } = {},
): Promise<Client> {
  const proc = spawn(process.execPath, [SERVER, "--stdio"], {
    env: { ...process.env, ...opts.env, ISMS_TODAY: opts.today ?? TODAY },
    stdio: ["pipe", "pipe", "pipe"],
    ...opts.user,
  });
  let stderr = "";
  proc.stderr.on("data", (b) => (stderr += b));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
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
  if (opts.configuration) {
    const section = opts.configuration;
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => section()));
  }
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onNotification("window/logMessage", () => undefined);
  conn.onNotification("$/progress", () => undefined);
  conn.listen();
  // A server that exits before answering (e.g. it cannot read its bundle) fails the test instead of hanging it.
  const died = exited.then((code) => {
    throw new Error(`the server exited (${code}) before initialize: ${stderr}`);
  });
  const initialize = conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(folder),
    workspaceFolders: [folder, ...(opts.folders ?? [])].map((f, i) => ({
      uri: uriOf(f),
      name: i ? `isms-${i}` : "isms",
    })),
    initializationOptions: opts.initializationOptions,
    capabilities: {
      workspace: {
        didChangeWatchedFiles: { dynamicRegistration: opts.watchedFiles ?? true },
        workspaceFolders: true,
        ...(opts.configuration
          ? { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }
          : {}),
        ...(opts.documentChanges ? { workspaceEdit: { documentChanges: true } } : {}),
      },
      window: { workDoneProgress: opts.progress ?? true },
      textDocument: {
        completion: { completionItem: { snippetSupport: opts.snippets ?? true } },
        publishDiagnostics: { versionSupport: true },
      },
    },
  });
  await Promise.race([initialize, died]);
  died.catch(() => undefined);
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
    async replace(path, text) {
      const doc = texts.get(path)!;
      doc.pending = [];
      doc.text = text;
      doc.version++;
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uriOf(path), version: doc.version },
        contentChanges: [{ text }],
      });
    },
    version: (path) => texts.get(path)?.version,
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
    exited,
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

/** The edits of a WorkspaceEdit for one file (from `changes` or from `documentChanges`). */
export function editsFor(edit: WorkspaceEdit | null, path: string): TextEdit[] {
  const uri = uriOf(path);
  if (edit?.documentChanges)
    return edit.documentChanges.flatMap((d) =>
      "textDocument" in d && d.textDocument.uri === uri ? (d.edits as TextEdit[]) : [],
    );
  return edit?.changes?.[uri] ?? [];
}

/** The document versions a WorkspaceEdit's documentChanges name, by path. */
export function versionsOf(edit: WorkspaceEdit | null | undefined): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const d of edit?.documentChanges ?? [])
    if ("textDocument" in d) out.set(fileURLToPath(d.textDocument.uri), d.textDocument.version);
  return out;
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

/** "code line:character message" of a diagnostic: what comparisons with a fresh check look at. */
const keyOf = (code: unknown, line: number, character: number, message: string) =>
  `${String(code)} ${line + 1}:${character} ${message}`;

/**
 * What a fresh `isms check` of the folders says, by file (files without findings left out); `open` gives
 * the editor's text of open documents.
 */
export function freshCheck(roots: string[], open = new Map<string, string>()): Map<string, string[]> {
  const ws = new Workspace();
  for (const r of roots) loadDirectory(r, ws);
  for (const [path, text] of open) ws.setText(path, text);
  const out = new Map<string, string[]>();
  for (const f of checkWorkspace(ws, { today: parseDay(TODAY), fileExists, roots }))
    (out.get(f.file) ?? out.set(f.file, []).get(f.file)!).push(
      keyOf(f.code, f.start.line, f.start.character, f.message),
    );
  for (const v of out.values()) v.sort();
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The client's latest diagnostics in the same shape (files whose latest list is empty left out). */
export function published(c: Client): Map<string, string[]> {
  const out: [string, string[]][] = [];
  for (const [uri, ds] of c.diagnostics)
    if (ds.length)
      out.push([
        fileURLToPath(uri),
        ds
          .map((d) =>
            keyOf(
              d.code,
              d.range.start.line,
              d.range.start.character,
              typeof d.message === "string" ? d.message : "",
            ),
          )
          .sort(),
      ]);
  return new Map(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Waits until the client's diagnostics equal `expected` (then returns the ms it took); else fails. */
export async function converge(
  c: Client,
  expected: Map<string, string[]>,
  timeoutMs = 20_000,
): Promise<number> {
  const start = Date.now();
  const want = JSON.stringify([...expected]);
  while (JSON.stringify([...published(c)]) !== want) {
    if (Date.now() - start > timeoutMs) {
      assert.deepEqual(published(c), expected, `diagnostics did not converge in ${timeoutMs} ms`);
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}
