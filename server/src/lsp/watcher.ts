// The server's own file watcher, for clients that cannot watch files for it (no dynamic registration of
// workspace/didChangeWatchedFiles: Helix, Neovim 0.7 and others report only their own edits). Without
// it, a `git pull` or a file written by another program would leave cross-file diagnostics stale.
//
// node:fs.watch, recursive: one native recursive watch per folder where the platform has one (macOS,
// Windows); elsewhere (Linux: inotify) one watch per folder, added as folders appear, so `.git` and
// `node_modules` (which the walk of `isms check` skips too) are never watched (Node's own recursive
// mode on Linux watches every file, those included). Events are debounced: a checkout that writes
// hundreds of files comes as one batch.
import { lstatSync, readdirSync, watch, type FSWatcher } from "node:fs";
import { join, sep } from "node:path";

const SKIP = new Set([".git", "node_modules"]);
/** At most this many folders are watched (inotify watches are a per-user resource). */
export const MAX_FOLDERS = 10_000;
const NATIVE_RECURSIVE = process.platform === "darwin" || process.platform === "win32";

export interface WatchEvent {
  path: string;
  /** Something appeared, disappeared or moved here (a `rename` event); else the content changed. */
  renamed: boolean;
}

export class TreeWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly pending = new Map<string, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(
    private readonly onEvents: (events: WatchEvent[]) => void,
    private readonly log: (message: string) => void,
    private readonly debounceMs = 50,
  ) {}

  /** Watches a folder and everything under it. */
  add(root: string): void {
    if (NATIVE_RECURSIVE) this.watchNative(root);
    else this.watchTree(root);
  }

  /** Stops watching a folder and everything under it. */
  remove(root: string): void {
    for (const [dir, w] of this.watchers)
      if (dir === root || dir.startsWith(root + sep)) {
        w.close();
        this.watchers.delete(dir);
      }
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** How many watches are open (tests). */
  get size(): number {
    return this.watchers.size;
  }

  private watchNative(root: string): void {
    if (this.watchers.has(root)) return;
    try {
      const w = watch(root, { recursive: true, persistent: false }, (type, name) => {
        if (name === null) return this.queue(root, true);
        const rel = String(name);
        if (rel.split(/[\\/]/).some((s) => SKIP.has(s))) return;
        this.queue(join(root, rel), type === "rename");
      });
      w.on("error", (e) => this.failed(root, e));
      this.watchers.set(root, w);
    } catch (e) {
      this.failed(root, e as Error);
    }
  }

  /** Watches `dir` and the folders under it (not through links, not .git or node_modules). */
  private watchTree(dir: string): void {
    if (this.watchers.has(dir)) return;
    if (this.watchers.size >= MAX_FOLDERS) {
      if (!this.warned)
        this.log(`File watching stops at ${MAX_FOLDERS} folders: changes on disk below ${dir} are not seen`);
      this.warned = true;
      return;
    }
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (type, name) => {
        if (name === null) return this.queue(dir, true); // overflow: look at the whole folder again
        const base = String(name);
        if (SKIP.has(base)) return;
        const path = join(dir, base);
        if (type === "rename") {
          if (isFolder(path)) this.watchTree(path);
          else this.remove(path);
        }
        this.queue(path, type === "rename");
      });
    } catch (e) {
      // Gone already, or not readable: its parent's event says what happened.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") this.failed(dir, e as Error);
      return;
    }
    w.on("error", () => this.remove(dir));
    this.watchers.set(dir, w);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory() && !SKIP.has(e.name)) this.watchTree(join(dir, e.name));
  }

  private failed(dir: string, e: Error): void {
    this.log(`Cannot watch ${dir} for changes on disk: ${e.message}`);
    this.remove(dir);
  }

  private queue(path: string, renamed: boolean): void {
    this.pending.set(path, (this.pending.get(path) ?? false) || renamed);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const events = [...this.pending].map(([p, r]) => ({ path: p, renamed: r }));
      this.pending.clear();
      this.onEvents(events);
    }, this.debounceMs);
  }
}

/** A real folder (not a link to one: the walk does not follow links out of the tree either). */
function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
