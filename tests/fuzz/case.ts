// A fuzz case: the initial files of a workspace and the steps an editor takes on them (edits as the
// language server receives them, checks, requests, reopened documents). Edits are kept as offsets into
// the text they apply to and turned into LSP ranges when they are replayed, clamped to the text, so a
// case with steps dropped (while shrinking) still replays to a valid, deterministic sequence.
import type { GeneratedFile } from "./generate";

/** A ranged change [start, end) -> text (offsets into the text before it), or the whole text replaced. */
export type Change = { start: number; end: number; text: string } | { full: string };

export type Step =
  /** One didChange of a document: its content changes applied in order. */
  | { op: "change"; file: string; changes: Change[]; note?: string }
  /**
   * The session's check: called directly, or left to its debounce timer; then compared with a fresh
   * check (unless `compare: false`, which saves the fresh check's time in the light mode).
   */
  | { op: "check"; via: "run" | "debounce"; compare?: false }
  /** A request (hover, completion, ...): pending edits are loaded without a check. */
  | { op: "request" }
  /** The document is closed (the file on disk is the truth again) and opened again with its text. */
  | { op: "reopen"; file: string }
  /** The editor saves a document: its text is written to disk. */
  | { op: "save"; file: string }
  /** The editor closes a document: the server reads the file from disk again (or drops it). */
  | { op: "close"; file: string }
  /** The editor opens a file (with its text on disk). */
  | { op: "open"; file: string }
  /** Another program changes a file on disk (a checkout): a watched-file event follows. */
  | { op: "external"; file: string; changes: Change[] };

export interface FuzzCase {
  seed: number;
  today: string;
  files: GeneratedFile[];
  steps: Step[];
  /**
   * The files are on disk and the server scans them; only `open` ones are open in the editor at first.
   * Without it, nothing is on disk and every file is open.
   */
  disk?: { open: string[] };
}

/** What a step does, for the harness to do it to the session. */
export type Effect =
  | { do: "open"; file: string; text: string }
  | { do: "change"; file: string; before: string; changes: Change[]; after: string }
  | { do: "close"; file: string }
  | { do: "write"; file: string; text: string; watched: boolean };

/**
 * The editor and the disk as a case's steps leave them: the text the server should see for each file
 * (the editor's for an open document, else the disk's; none for a file that is neither), the disk, and
 * which documents are open. The generator and the harness step the same model, so a replay agrees with
 * what was generated.
 */
export class EditorState {
  /** What the server should see, by file. */
  readonly texts = new Map<string, string>();
  readonly disk = new Map<string, string>();
  readonly open = new Set<string>();
  readonly onDisk: boolean;

  constructor(c: Pick<FuzzCase, "files" | "disk">) {
    this.onDisk = c.disk !== undefined;
    for (const f of c.files) {
      this.texts.set(f.name, f.text);
      if (this.onDisk) this.disk.set(f.name, f.text);
      if (!c.disk || c.disk.open.includes(f.name)) this.open.add(f.name);
    }
  }

  /** The effects of a step (none when it does not apply: a file that is gone, a document already open). */
  apply(step: Step): Effect[] {
    const out: Effect[] = [];
    const openIt = (file: string) => {
      const text = this.onDisk ? this.disk.get(file) : undefined;
      if (this.open.has(file) || text === undefined) return;
      this.open.add(file);
      this.texts.set(file, text);
      out.push({ do: "open", file, text });
    };
    const closeIt = (file: string) => {
      if (!this.open.has(file)) return;
      this.open.delete(file);
      const text = this.disk.get(file);
      if (text === undefined) this.texts.delete(file);
      else this.texts.set(file, text);
      out.push({ do: "close", file });
    };
    switch (step.op) {
      case "change": {
        openIt(step.file); // an editor opens a file to edit it
        const before = this.texts.get(step.file);
        if (before === undefined || !this.open.has(step.file)) break;
        let text = before;
        const changes = step.changes.map((raw) => {
          const c = clampChange(text, raw);
          text = applyChange(text, c);
          return c;
        });
        this.texts.set(step.file, text);
        out.push({ do: "change", file: step.file, before, changes, after: text });
        break;
      }
      case "reopen": {
        const text = this.texts.get(step.file);
        if (text === undefined || !this.open.has(step.file)) break;
        out.push({ do: "close", file: step.file }, { do: "open", file: step.file, text });
        break;
      }
      case "save": {
        const text = this.texts.get(step.file);
        if (!this.onDisk || text === undefined || !this.open.has(step.file)) break;
        this.disk.set(step.file, text);
        out.push({ do: "write", file: step.file, text, watched: true });
        break;
      }
      case "close":
        closeIt(step.file);
        break;
      case "open":
        openIt(step.file);
        break;
      case "external": {
        const old = this.disk.get(step.file);
        if (!this.onDisk || old === undefined) break;
        let text = old;
        for (const raw of step.changes) text = applyChange(text, clampChange(text, raw));
        this.disk.set(step.file, text);
        if (!this.open.has(step.file)) this.texts.set(step.file, text);
        out.push({ do: "write", file: step.file, text, watched: true });
        break;
      }
    }
    return out;
  }
}

/** An offset moved off the middle of a CRLF (an LSP position cannot point between \r and \n). */
export function clampOffset(text: string, at: number): number {
  let o = Math.max(0, Math.min(Math.floor(at), text.length));
  if (o > 0 && o < text.length && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) o--;
  // Nor inside a surrogate pair.
  if (o > 0 && o < text.length) {
    const c = text.charCodeAt(o);
    if (c >= 0xdc00 && c <= 0xdfff && (text.charCodeAt(o - 1) & 0xfc00) === 0xd800) o--;
  }
  return o;
}

/** A change made valid for `text`: offsets clamped, start <= end. */
export function clampChange(text: string, c: Change): Change {
  if ("full" in c) return c;
  const start = clampOffset(text, c.start);
  const end = Math.max(start, clampOffset(text, c.end));
  return { start, end, text: c.text };
}

export function applyChange(text: string, c: Change): string {
  if ("full" in c) return c.full;
  return text.slice(0, c.start) + c.text + text.slice(c.end);
}

/**
 * The LSP position of an offset, counted as the protocol says: lines end at \n, \r\n or a lone \r;
 * characters are UTF-16 code units.
 */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}
