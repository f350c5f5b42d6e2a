// The server's state: the workspace folders, the engine's Workspace (every ISMS file, open or not), the
// open documents, and the findings last published. Edits mark a file dirty; a short debounce later the
// dirty files are reloaded (only their changed chunks are re-parsed), the workspace is checked, and
// only the files whose diagnostics changed are published again, the edited file first.
import { lstatSync, realpathSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { basename, dirname, sep } from "node:path";
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from "vscode-languageserver/node";
import { checkByFile, resolveToday, type Finding } from "../core/check";
import { refuseGit, type ReadFile } from "../core/git";
import { GitHistory } from "../core/revisions";
import { nodeStats } from "../core/yaml";
import { afterEdits } from "./memory";
import {
  fileExists,
  isYamlPath,
  loadPath,
  MAX_FILE_BYTES,
  outsideMessage,
  tooLargeMessage,
  walkYaml,
  ignoredIn,
  IGNORE_FILE,
  type OutsideLink,
} from "../core/files";
import { within } from "../core/paths";
import type { IsmsFile } from "../core/model";
import { sniffKind } from "../core/registry";
import type { Day } from "../core/values";
import { Workspace, type WorkspaceIndex } from "../core/workspace";
import { ChangedNotification } from "../protocol";
import { DiagnosticsEncoder } from "./diagnostics";
import { DocumentStore } from "./documents";
import { TreeWatcher, type WatchEvent } from "./watcher";

/** Why git-reading features are off in a folder the editor does not trust. */
export const UNTRUSTED_GIT =
  "Trust this folder to read its git history: in Restricted Mode isms runs no program, git included";

export interface InitOptions {
  /** Fixes today's date (YYYY-MM-DD), as ISMS_TODAY does. */
  today?: string;
  /** Delay between the last edit and the re-check, in ms (default 5). */
  debounceMs?: number;
  /**
   * Whether the editor trusts the workspace (VS Code's workspace trust; default true, as for the CLI).
   * When false the server never runs git: no source commit on reports, no change history.
   */
  trusted?: boolean;
}

export class Session {
  readonly ws = new Workspace();
  readonly docs = new DocumentStore();
  roots: string[] = [];
  scanning = true;
  /** Bumped after each check; sent with isms/changed. */
  version = 0;
  /** Chunks that had dropped their nodes at the last check (see memory.ts). */
  private dropped = 0;
  /** The last check's findings by file (path order). */
  private byFile = new Map<string, Finding[]>();
  private flat: Finding[] | undefined;
  /** What was last published per file (an unchanged file's findings are the same array). */
  private readonly published = new Map<string, Finding[]>();
  /** The JSON of what was last published per file. */
  private readonly encoders = new Map<string, DiagnosticsEncoder>();
  private readonly dirty = new Set<string>();
  private readonly priority = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lastDay: Day | undefined;
  private options: InitOptions = {};
  private watchEverything = false;
  /** The server's own watcher, when the client does not watch files for it. */
  private ownWatcher: TreeWatcher | undefined;
  /** Whether the client answers workspace/configuration. */
  private configurationPull = false;
  /** Whether the client takes a dynamic registration of workspace/didChangeConfiguration. */
  private configurationEvents = false;
  /** Whether the client expands snippets in completion items. */
  snippetSupport = false;
  /** Whether the client sends workspace folder changes. */
  folderEvents = false;
  /** Whether the client takes WorkspaceEdit.documentChanges (versioned edits). */
  documentChanges = false;
  /** Open documents: path -> uri as the client spells it. */
  private readonly openPaths = new Map<string, string>();
  /** Git's account of the files (revision-unrecorded): git runs again only when the history changes. */
  private readonly history = new GitHistory();

  constructor(readonly connection: Connection) {}

  init(params: InitializeParams): void {
    const options: unknown = params.initializationOptions;
    this.options = options && typeof options === "object" ? options : {};
    refuseGit(this.trusted ? undefined : UNTRUSTED_GIT);
    this.configurationPull = params.capabilities.workspace?.configuration === true;
    this.configurationEvents =
      params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.roots = folders.map((u) => this.pathOf(u)).filter((p): p is string => p !== undefined);
    const caps = params.capabilities.workspace?.didChangeWatchedFiles;
    this.watchEverything = caps?.dynamicRegistration === true;
    this.folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    this.documentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.snippetSupport =
      params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  }

  // ---- uris and paths ----

  /** The file system path of a file: URI; undefined for other schemes (untitled, git, ...). */
  pathOf(uri: string): string | undefined {
    if (!uri.startsWith("file:")) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }

  /** The URI of a path: as the client spelled it when the file is open. */
  uriFor(path: string): string {
    return this.openPaths.get(path) ?? pathToFileURL(path).href;
  }

  /**
   * The model of a document. Pending edits of every document are applied first: requests always see
   * the latest text, in this file and in the files its answer points into.
   */
  file(uri: string): IsmsFile | undefined {
    const path = this.pathOf(uri);
    if (path === undefined) return undefined;
    this.flush();
    return this.ws.get(path);
  }

  /** The workspace index, with pending edits applied. */
  get index(): WorkspaceIndex {
    this.flush();
    return this.ws.index;
  }

  private flush(): void {
    for (const path of [...this.dirty]) this.reload(path);
  }

  /** Whether the editor trusts the workspace: git runs only then. */
  get trusted(): boolean {
    return this.options.trusted !== false;
  }

  get today(): Day {
    const fixed = this.options.today ?? process.env.ISMS_TODAY;
    return resolveToday(fixed) ?? Math.floor(Date.now() / 86_400_000);
  }

  // ---- lifecycle ----

  async start(): Promise<void> {
    this.registerWatchers();
    if (this.configurationEvents)
      this.connection.client
        .register(DidChangeConfigurationNotification.type, { section: "isms" })
        .catch(() => undefined);
    if (this.configurationPull) void this.pullConfiguration();
    await this.scan(this.roots);
    this.scanning = false;
    this.runCheck();
    // A server left open over midnight re-checks when the date changes; after a commit, when the history does.
    setInterval(() => {
      if (this.today !== this.lastDay || this.history.stale()) this.schedule();
    }, 60_000).unref();
  }

  /** Workspace folders added and removed while running. */
  changeRoots(added: string[], removed: string[]): void {
    this.roots = this.roots.filter((r) => !removed.includes(r));
    for (const r of removed)
      for (const p of this.ws.paths())
        if (p.startsWith(r + sep) && !this.inRoots(p) && !this.openPaths.has(p)) this.ws.delete(p);
    this.roots.push(...added);
    for (const r of removed) this.ownWatcher?.remove(r);
    for (const r of added) this.ownWatcher?.add(r);
    void this.scan(added).then(() => this.schedule());
  }

  /**
   * The client watches the files when it can register watchers dynamically (VS Code); else, or when it
   * refuses the registration, the server watches the workspace folders itself.
   */
  private registerWatchers(): void {
    if (!this.watchEverything) return this.watchOwn();
    this.connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: "**/*.{yaml,yml}" },
          // Other files only matter by existence (document-missing-file).
          { globPattern: "**/*", kind: WatchKind.Create | WatchKind.Delete },
        ],
      })
      .catch(() => this.watchOwn());
  }

  private watchOwn(): void {
    if (this.ownWatcher) return;
    this.log("The client does not watch files: the server watches the workspace folders itself");
    this.ownWatcher = new TreeWatcher(
      (events) => this.onDisk(events),
      (m) => this.log(m),
    );
    for (const r of this.roots) this.ownWatcher.add(r);
  }

  /** What the server's own watcher saw: a file's content only matters for YAML files. */
  private onDisk(events: WatchEvent[]): void {
    const changes = events
      .filter((e) => e.renamed || isYamlPath(e.path))
      .map((e): { uri: string; type: FileChangeType } => ({
        uri: pathToFileURL(e.path).href,
        type: e.renamed ? FileChangeType.Created : FileChangeType.Changed,
      }));
    if (changes.length) this.watched(changes);
  }

  // ---- settings ----

  /**
   * workspace/didChangeConfiguration: the `isms` section when the client pushes it (Neovim, Helix and
   * Emacs send their settings), else read with workspace/configuration (VS Code's pull model).
   */
  configurationChanged(settings: unknown): void {
    const section =
      settings && typeof settings === "object" && !Array.isArray(settings)
        ? (settings as Record<string, unknown>).isms
        : undefined;
    if (section !== undefined) this.configure(section);
    else if (this.configurationPull) void this.pullConfiguration();
  }

  private async pullConfiguration(): Promise<void> {
    try {
      const [section] = (await this.connection.workspace.getConfiguration([
        { section: "isms" },
      ])) as unknown[];
      this.configure(section);
    } catch (e) {
      this.log(`Cannot read the isms settings: ${(e as Error).message}`);
    }
  }

  /** Applies the `isms` settings: `today` replaces the initialization option (empty: the real date). */
  configure(section: unknown): void {
    if (!section || typeof section !== "object" || Array.isArray(section)) return;
    const today: unknown = (section as Record<string, unknown>).today;
    if (typeof today !== "string") return;
    const next = today.trim() || undefined;
    if (next !== undefined && resolveToday(next) === undefined) {
      this.log(`Ignoring isms.today '${today}': not a date (YYYY-MM-DD)`);
      return;
    }
    if (next === this.options.today) return;
    this.options = { ...this.options, today: next };
    this.schedule();
  }

  /** Loads every ISMS file under the given folders, reporting progress on big workspaces. */
  async scan(roots: string[]): Promise<void> {
    const paths: string[] = [];
    for (const root of roots) {
      try {
        const outside: OutsideLink[] = [];
        paths.push(...walkYaml(root, outside));
        for (const l of outside) this.ws.setUnreadable(l.path, "path-outside-workspace", outsideMessage(l));
      } catch (e) {
        this.log(`Cannot scan ${root}: ${(e as Error).message}`);
      }
    }
    const progress =
      paths.length > 200
        ? await this.connection.window.createWorkDoneProgress().catch(() => undefined)
        : undefined;
    progress?.begin("ISMS: loading", 0, `0/${paths.length} files`, false);
    let last = Date.now();
    for (let i = 0; i < paths.length; i++) {
      // A folder removed while it was being scanned is not loaded any further.
      if (!this.openPaths.has(paths[i]) && this.inRoots(paths[i])) this.loadFromDisk(paths[i]);
      if (Date.now() - last > 100) {
        progress?.report(Math.round((100 * i) / paths.length), `${i}/${paths.length} files`);
        await new Promise((r) => setImmediate(r)); // keep answering requests while loading
        last = Date.now();
      }
    }
    progress?.done();
  }

  /** Loads a file of a workspace folder from disk; a link leading outside every folder is not read. */
  private loadFromDisk(path: string): void {
    // A file the workspace's .ismsignore leaves out is not read (nor kept from before).
    if (ignoredIn(this.roots, path)) {
      this.ws.delete(path);
      return;
    }
    try {
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        target = path; // gone, or a dangling link: reading it reports why
      }
      const roots = this.roots.map((r) => {
        try {
          return realpathSync(r);
        } catch {
          return r;
        }
      });
      if (!roots.some((r) => within(r, target))) {
        this.ws.setUnreadable(path, "path-outside-workspace", outsideMessage({ path, target }));
        return;
      }
      loadPath(this.ws, path);
    } catch (e) {
      this.log(`Cannot load ${path}: ${(e as Error).message}`);
      this.ws.delete(path);
    }
  }

  // ---- events ----

  opened(uri: string): void {
    const path = this.pathOf(uri);
    if (path === undefined) return;
    this.openPaths.set(path, uri);
    this.markDirty(path);
  }

  changed(uri: string): void {
    const path = this.pathOf(uri);
    if (path !== undefined) this.markDirty(path);
  }

  closed(uri: string): void {
    const path = this.pathOf(uri);
    if (path === undefined) return;
    this.openPaths.delete(path);
    this.dirty.delete(path);
    // The file on disk is the truth again (it may have been deleted, renamed, replaced by a folder or a
    // pipe, or never saved): what `isms check` would read there.
    if (this.inRoots(path) && readsAsFile(path)) this.loadFromDisk(path);
    else {
      this.ws.delete(path);
      if (this.inRoots(path) && isDirectory(path)) this.loadFolder(path);
    }
    this.schedule(path);
  }

  /**
   * Files and folders changed on disk. What is on disk now decides, not the kind of event: a checkout
   * can delete and re-create a file, and events can come coalesced or late.
   */
  watched(changes: { uri: string; type: FileChangeType }[]): void {
    for (const c of changes) {
      const path = this.pathOf(c.uri);
      if (path === undefined || this.openPaths.has(path)) continue;
      const inRoots = this.inRoots(path);
      if (basename(path) === IGNORE_FILE && this.roots.includes(dirname(path))) {
        this.reapplyIgnore(dirname(path));
        continue;
      }
      if (inRoots && isYamlPath(path) && readsAsFile(path)) this.loadFromDisk(path);
      else if (inRoots && isDirectory(path)) {
        // A folder moved in or created by a checkout: its files may come without events of their own.
        if (c.type !== FileChangeType.Changed) this.loadFolder(path);
      } else {
        // Gone (a deleted folder takes its files with it), or now a pipe or a device: not read.
        this.ws.delete(path);
        for (const p of this.ws.paths())
          if (p.startsWith(path + sep) && !this.openPaths.has(p)) this.ws.delete(p);
      }
    }
    this.schedule();
  }

  /** A workspace folder's .ismsignore changed: files it now leaves out go, files it lets in come. */
  private reapplyIgnore(root: string): void {
    for (const p of this.ws.paths())
      if (p.startsWith(root + sep) && !this.openPaths.has(p) && ignoredIn(this.roots, p)) this.ws.delete(p);
    this.loadFolder(root);
  }

  /** Loads the files of a folder that appeared inside a workspace folder (not one .ismsignore leaves out). */
  private loadFolder(dir: string): void {
    if (ignoredIn(this.roots, dir, true)) return;
    const outside: OutsideLink[] = [];
    // The workspace folder's .ismsignore decides (loadFromDisk asks it), not one in this folder.
    for (const p of walkYaml(dir, outside, null)) if (!this.openPaths.has(p)) this.loadFromDisk(p);
    for (const l of outside) if (isYamlPath(l.path)) this.loadFromDisk(l.path);
  }

  private inRoots(path: string): boolean {
    return this.roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
  }

  private markDirty(path: string): void {
    this.dirty.add(path);
    this.schedule(path);
  }

  private reload(path: string): void {
    this.dirty.delete(path);
    const uri = this.openPaths.get(path);
    const taken = uri === undefined ? undefined : this.docs.take(uri);
    if (uri === undefined || !taken) return;
    const { lines, unchanged, bytes } = taken;
    // Opening a file as it is on disk changes nothing.
    if (!unchanged && this.ws.get(path)?.text === lines.text) return;
    // The limit is on UTF-8 bytes, as on disk.
    if (bytes > MAX_FILE_BYTES) {
      this.docs.forget(uri);
      if (!sniffKind(lines.chars.slice(0, 65536))) return this.ws.delete(path); // big, but not ours
      this.ws.setUnreadable(path, "file-too-large", tooLargeMessage(bytes));
    } else
      try {
        this.ws.setText(path, lines.chars, { unchanged, lines });
      } catch (e) {
        // A loader bug must not take the server down: log it and treat the file as unreadable.
        this.log(`Cannot load ${path}: ${(e as Error).stack ?? e}`);
        this.docs.forget(uri);
        this.ws.setUnreadable(
          path,
          "file-unreadable",
          `The file could not be loaded: ${(e as Error).message}`,
        );
      }
  }

  /** Schedules a check; `path` is published first. */
  schedule(path?: string): void {
    if (path) this.priority.add(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runCheck();
    }, this.options.debounceMs ?? 5);
  }

  /** Runs a pending check now: a request that reads findings sees those of the current text. */
  settle(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.runCheck();
  }

  /** Reloads dirty documents, checks the workspace and publishes what changed. */
  runCheck(): void {
    if (this.scanning) return;
    this.flush();
    const today = this.today;
    this.lastDay = today;
    let byFile: Map<string, Finding[]>;
    try {
      byFile = new Map(checkByFile(this.ws, { today, roots: this.roots, fileExists, history: this.history }));
    } catch (e) {
      this.log(`Check failed: ${(e as Error).stack ?? e}`);
      return;
    }
    this.byFile = byFile;
    this.flat = undefined;
    const paths = new Set([...this.priority].filter((p) => byFile.has(p) || this.published.has(p)));
    for (const p of byFile.keys()) paths.add(p);
    for (const p of this.published.keys()) paths.add(p);
    this.priority.clear();
    for (const path of paths) this.publish(path, byFile.get(path) ?? []);
    this.version++;
    void this.connection.sendNotification(ChangedNotification, { version: this.version });
    const dropped = nodeStats().dropped;
    afterEdits(this.docs.takeChurn(), dropped - this.dropped);
    this.dropped = dropped;
  }

  /** The ISMS files the workspace holds, with the editor's text for those open in it (for sourceOf). */
  readFiles(): ReadFile[] {
    return this.ws
      .paths()
      .map((path) => (this.openPaths.has(path) ? { path, text: this.ws.get(path)?.text } : { path }));
  }

  /** The findings of one file in the last check. */
  findingsOf(path: string): Finding[] {
    return this.byFile.get(path) ?? [];
  }

  /** Every finding of the last check. */
  get findings(): Finding[] {
    return (this.flat ??= [...this.byFile.values()].flat());
  }

  private publish(path: string, findings: Finding[]): void {
    const last = this.published.get(path) ?? [];
    if (findings.length) this.published.set(path, findings);
    else this.published.delete(path);
    if (last === findings || sameDiagnostics(last, findings)) return;
    const uri = this.uriFor(path);
    const doc = this.docs.get(uri);
    let encoder = this.encoders.get(path);
    if (!findings.length) this.encoders.delete(path);
    else if (!encoder) this.encoders.set(path, (encoder = new DiagnosticsEncoder()));
    void this.connection.sendDiagnostics({
      uri,
      version: doc?.version,
      // Written from their JSON by the stdio transport (see diagnostics.ts); as diagnostics by others.
      diagnostics: (encoder?.encode(findings) ?? []) as unknown as Diagnostic[],
    });
  }

  log(message: string): void {
    this.connection.console.log(message);
  }
}

/**
 * Whether a path is read as a file, as the walk of `isms check` does: a regular file (through links), or
 * a link that leads nowhere (reading it says why); not a folder, a pipe, a device or a socket.
 */
function readsAsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    try {
      return lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether two lists of findings make the same diagnostics. */
function sameDiagnostics(a: Finding[], b: Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.code !== y.code ||
      x.message !== y.message ||
      x.severity !== y.severity ||
      x.start.line !== y.start.line ||
      x.start.character !== y.start.character ||
      x.end.line !== y.end.line ||
      x.end.character !== y.end.character ||
      x.messageId !== y.messageId ||
      x.entryId !== y.entryId ||
      !sameData(x.data, y.data)
    )
      return false;
  }
  return true;
}

/** Whether two findings' data (what Diagnostic.data carries) are the same. */
function sameData(a: Finding["data"], b: Finding["data"]): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
