// Runs a fuzz case through the language server's incremental path, in process: a real Session with a stub
// connection that records what it publishes, documents opened and edited with ranged contentChanges
// (DocumentStore.change, then the session's reload and check). At every check the diagnostics published
// for each file must equal those of a fresh full check of the same texts (a new Workspace, checkWorkspace,
// the same today, roots and file paths).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  FileChangeType,
  PublishDiagnosticsNotification,
  type Connection,
  type Diagnostic,
  type NotificationMessage,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver/node";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { encodeMessage, toDiagnostic } from "../../server/src/lsp/diagnostics";
import { Session } from "../../server/src/lsp/session";
import { applyChange, EditorState, positionOf, type FuzzCase } from "./case";
import { EXISTING_FILES } from "./generate";

export interface Failure {
  /** The index of the step after which it failed (-1: after opening the files). */
  step: number;
  /** mismatch: published != fresh; crash: an exception; log: the session logged a caught exception;
   * rule-crash: a rule threw (an internal-error finding); harness: the harness's own text disagrees. */
  kind: "mismatch" | "crash" | "log" | "rule-crash" | "harness";
  message: string;
}

let root: string | undefined;

/** The workspace folder of every case (its files stay in memory; only EXISTING_FILES are on disk). */
export function fuzzRoot(): string {
  if (root) return root;
  const dir = (root = mkdtempSync(join(tmpdir(), "isms-fuzz-")));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const f of EXISTING_FILES) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "x\n");
  }
  return root;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const key = (d: Diagnostic, data: boolean) =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ` +
  `${d.severity} ${String(d.code)} ${d.message}${data ? ` ${JSON.stringify(d.data)}` : ""}`;

export interface RunOptions {
  /**
   * Compare Diagnostic.data too (the rule's message id and data, the entry's id). Off by default: the
   * session does not publish again when only the data changed (see the todo in tests/unit/fuzz.test.ts).
   */
  data?: boolean;
}

/** What differs between two lists of keys, for a message. */
function diff(published: string[], fresh: string[]): string {
  const a = [...published];
  const missing: string[] = [];
  for (const k of fresh) {
    const i = a.indexOf(k);
    if (i >= 0) a.splice(i, 1);
    else missing.push(k);
  }
  return [
    ...missing.slice(0, 5).map((k) => `  missing (in a fresh check): ${k}`),
    ...a.slice(0, 5).map((k) => `  extra (published only):     ${k}`),
  ].join("\n");
}

/** Runs a case; the first failure, or undefined when the session agreed with fresh checks throughout. */
export async function runCase(c: FuzzCase, opts: RunOptions = {}): Promise<Failure | undefined> {
  const data = opts.data ?? false;
  // On disk, each case has a folder of its own (with the files path fields name).
  const dir = c.disk ? mkdtempSync(join(fuzzRoot(), "case-")) : fuzzRoot();
  if (c.disk)
    for (const f of EXISTING_FILES) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), "x\n");
    }
  const published = new Map<string, Diagnostic[]>();
  const logs: string[] = [];
  const connection = {
    console: { log: (m: string) => logs.push(m) },
    sendDiagnostics: (p: PublishDiagnosticsParams) => {
      // What a client reads over stdio: the session's diagnostics written from their kept JSON.
      const method = PublishDiagnosticsNotification.method;
      const message: NotificationMessage = { jsonrpc: "2.0", method, params: p };
      const read = JSON.parse(encodeMessage(message).toString("utf8")) as {
        params: PublishDiagnosticsParams;
      };
      published.set(p.uri, read.params.diagnostics);
      return Promise.resolve();
    },
    sendNotification: () => Promise.resolve(),
  } as unknown as Connection;
  const s = new Session(connection);
  s.init({
    processId: null,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    initializationOptions: { today: c.today, debounceMs: 0 },
  });
  const today = parseDay(c.today);
  const state = new EditorState(c);
  const texts = state.texts;
  const versions = new Map<string, number>();
  const pathOf = (name: string) => join(dir, ...name.split("/"));
  const uriOf = (name: string) => pathToFileURL(pathOf(name)).href;
  const open = (name: string, text: string) => {
    const version = (versions.get(name) ?? 0) + 1;
    versions.set(name, version);
    s.docs.open({ textDocument: { uri: uriOf(name), languageId: "yaml", version, text } });
    s.opened(uriOf(name));
  };
  const write = (name: string, text: string) => {
    mkdirSync(dirname(pathOf(name)), { recursive: true });
    writeFileSync(pathOf(name), text);
  };

  const compare = (step: number): Failure | undefined => {
    if (logs.length) return { step, kind: "log", message: logs.join("\n") };
    const fresh = new Workspace();
    for (const [name, text] of texts) fresh.setText(pathOf(name), text);
    const findings = checkWorkspace(fresh, { today, roots: s.roots, fileExists });
    const crashed = findings.find((f) => f.messageId === "internal-error");
    if (crashed) return { step, kind: "rule-crash", message: `${crashed.file}: ${crashed.message}` };
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    const problems: string[] = [];
    for (const name of texts.keys()) {
      const path = pathOf(name);
      const want = (byFile.get(path) ?? []).map((f) => key(toDiagnostic(f), data)).sort();
      const got = (published.get(uriOf(name)) ?? []).map((d) => key(d, data)).sort();
      if (want.join("\n") !== got.join("\n")) problems.push(`${name}:\n${diff(got, want)}`);
      // The session's own findings (offsets) agree too.
      const offsets = (fs: Finding[]) =>
        fs.map((f) => `${f.range[0]}-${f.range[1]} ${f.code} ${f.message}`).sort();
      const mine = offsets(s.findingsOf(path));
      const theirs = offsets(byFile.get(path) ?? []);
      if (mine.join("\n") !== theirs.join("\n") && want.join("\n") === got.join("\n"))
        problems.push(`${name} (finding offsets):\n${diff(mine, theirs)}`);
    }
    for (const uri of published.keys())
      if (![...texts.keys()].some((n) => uriOf(n) === uri) && published.get(uri)?.length)
        problems.push(`${uri}: diagnostics published for a file that is not open`);
    return problems.length ? { step, kind: "mismatch", message: problems.join("\n") } : undefined;
  };

  let at = -1;
  try {
    if (c.disk) {
      for (const f of c.files) write(f.name, f.text);
      await s.scan(s.roots);
    }
    for (const name of state.open) open(name, texts.get(name) ?? "");
    s.scanning = false;
    // The first check loads every file in full: what a fresh check does, so it is not compared.
    s.runCheck();
    for (let i = 0; i < c.steps.length; i++) {
      const step = c.steps[i];
      at = i;
      if (step.op === "check") {
        if (step.via === "run") s.runCheck();
        else {
          // The debounce timer (0 ms) was set before this one: it fires first.
          await sleep(1);
          await new Promise((r) => setImmediate(r));
        }
        const f = step.compare === false ? undefined : compare(i);
        if (f) return f;
        continue;
      }
      if (step.op === "request") {
        void s.index;
        continue;
      }
      for (const e of state.apply(step)) {
        const uri = uriOf(e.file);
        if (e.do === "open") open(e.file, e.text);
        else if (e.do === "close") {
          s.docs.close(uri);
          s.closed(uri);
        } else if (e.do === "write") {
          write(e.file, e.text);
          if (e.watched) s.watched([{ uri, type: FileChangeType.Changed }]);
        } else {
          let text = e.before;
          const contentChanges: TextDocumentContentChangeEvent[] = e.changes.map((ch) => {
            const lsp =
              "full" in ch
                ? { text: ch.full }
                : {
                    range: { start: positionOf(text, ch.start), end: positionOf(text, ch.end) },
                    text: ch.text,
                  };
            text = applyChange(text, ch);
            return lsp;
          });
          const version = (versions.get(e.file) ?? 0) + 1;
          versions.set(e.file, version);
          s.docs.change({ textDocument: { uri, version }, contentChanges });
          s.changed(uri);
          if (s.docs.get(uri)?.lines.text !== e.after)
            return {
              step: i,
              kind: "harness",
              message: `${e.file}: the document's text is not the harness's`,
            };
        }
      }
    }
    s.runCheck();
    return compare(c.steps.length);
  } catch (e) {
    return { step: at, kind: "crash", message: (e as Error).stack ?? String(e) };
  } finally {
    // Let a pending debounce timer fire now rather than during another case.
    await sleep(1);
    if (c.disk) rmSync(dir, { recursive: true, force: true });
  }
}
