// Seeded random edit sequences over a generated workspace, as an officer types them: insertions and
// deletions, moved, duplicated and pasted blocks (an entry copied from another file or kind), syntax
// errors typed and then fixed (an unclosed quote or bracket, a tab, a missing colon, wrong indentation),
// ids renamed with their references, lines duplicated, CRLF line ends, text typed a character at a time,
// whole-text replacements, documents reopened; checks and requests at random points in between.
import { random } from "../random";
import { EditorState, type Change, type FuzzCase, type Step } from "./case";
import { chance, generateWorkspace, int, pick, type Rnd } from "./generate";

export interface CaseOptions {
  /** Edit operations per sequence (each makes one or more steps). */
  edits: number;
  /** At most this many entries of each kind (4 by default). */
  entries?: number;
  /** The chance of a check after each edit operation (0.3 by default). */
  checks?: number;
  /** The chance that a check before the last is compared with a fresh check (1 by default). */
  compare?: number;
  /** The chance that the files are on disk, scanned, with only some open in the editor (0.5 by default). */
  disk?: number;
  today?: string;
}

const FRAGMENTS = [
  "\n",
  "  ",
  "- ",
  ": ",
  "x",
  "#",
  "# isms-disable-next-line\n",
  "  # isms-disable-line unknown-role, schema",
  "[",
  "]",
  "{",
  "}",
  "'",
  '"',
  "\t",
  "&a ",
  "*a",
  "!!str ",
  "---\n",
  "? ",
  "|\n",
  ">-\n",
  "\r\n",
  "é",
  "😀",
  ",",
  "null",
  "~",
  "2026-02-30",
  "A.12.3.1",
  "kind: risks\n",
  "\uFEFF",
  " []",
  "s",
  "\n---\n",
  "...\n",
];

const ID_CHARS = "A-Za-z0-9._:/-";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The lines of a text: [start, end) without the line break, and the offset after it. */
function lines(text: string): { start: number; end: number; next: number }[] {
  const out: { start: number; end: number; next: number }[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) {
      out.push({ start, end: text.length, next: text.length });
      return out;
    }
    out.push({ start, end: text[nl - 1] === "\r" ? nl - 1 : nl, next: nl + 1 });
    start = nl + 1;
  }
}

const indentOf = (text: string, l: { start: number; end: number }) =>
  /^ */.exec(text.slice(l.start, l.end))?.[0].length ?? 0;
const blankLine = (text: string, l: { start: number; end: number }) =>
  /^\s*(#.*)?$/.test(text.slice(l.start, l.end));

/** A block: a non-blank line and the lines below it indented further (an entry, a field, a section). */
function block(rnd: Rnd, text: string): { start: number; end: number } | undefined {
  const ls = lines(text);
  const candidates = ls.map((_, i) => i).filter((i) => !blankLine(text, ls[i]));
  if (!candidates.length) return undefined;
  // Mostly list items and keyed entries.
  const items = candidates.filter((i) =>
    /^\s*(- |[A-Za-z0-9.]+:\s*(#.*)?$)/.test(text.slice(ls[i].start, ls[i].end)),
  );
  const i = pick(rnd, items.length && chance(rnd, 0.8) ? items : candidates);
  const indent = indentOf(text, ls[i]);
  let j = i + 1;
  while (j < ls.length && (blankLine(text, ls[j]) || indentOf(text, ls[j]) > indent)) j++;
  return { start: ls[i].start, end: ls[j - 1].next };
}

/** Ids defined in the texts (`id:` values and the SoA's control keys). */
function definedIds(texts: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const t of texts.values())
    for (const m of t.matchAll(new RegExp(`(?:^|[\\s{,])id:[ \\t]*["']?([A-Za-z0-9][${ID_CHARS}]*)`, "gm")))
      out.add(m[1]);
  return [...out];
}

/** Generates the steps of one sequence, keeping its own copy of the texts. */
class Sequence {
  readonly steps: Step[] = [];
  constructor(
    readonly rnd: Rnd,
    readonly state: EditorState,
    readonly compare = 1,
  ) {}

  /** What the server should see, by file. */
  get texts(): Map<string, string> {
    return this.state.texts;
  }

  step(step: Step): void {
    this.steps.push(step);
    this.state.apply(step);
  }

  check(): void {
    const { rnd } = this;
    const via = chance(rnd, 0.8) ? "run" : "debounce";
    this.steps.push(chance(rnd, this.compare) ? { op: "check", via } : { op: "check", via, compare: false });
  }

  change(file: string, changes: Change[], note: string): void {
    this.step({ op: "change", file, changes, note });
  }

  insert(file: string, at: number, text: string, note: string): void {
    this.change(file, [{ start: at, end: at, text }], note);
  }

  /** An offset in a text, never between \r and \n. */
  offset(text: string, at = Math.floor(this.rnd() * (text.length + 1))): number {
    return at > 0 && text[at - 1] === "\r" && text[at] === "\n" ? at - 1 : at;
  }

  maybeCheck(p = 0.3): void {
    const { rnd } = this;
    if (chance(rnd, p)) this.check();
    else if (chance(rnd, 0.05)) this.steps.push({ op: "request" });
  }

  randomLine(): string {
    const file = pick(this.rnd, [...this.texts.keys()]);
    const text = this.texts.get(file) ?? "";
    const ls = lines(text).filter((l) => !blankLine(text, l));
    if (!ls.length) return "x";
    const l = pick(this.rnd, ls);
    return text.slice(l.start, l.end);
  }

  /** One edit operation (one or more steps). */
  edit(): void {
    const { rnd, texts, state } = this;
    const files = [...texts.keys()];
    if (!files.length) return;
    if (state.onDisk && chance(rnd, 0.12)) return this.diskOp();
    const file = pick(rnd, files);
    const text = texts.get(file) ?? "";
    const ls = lines(text);
    const r = rnd();
    if (r < 0.03) {
      // An edit on a top-level line (`kind:`, the collection's key, a header field).
      const top = ls.filter((l) => l.end > l.start && !/^[\s#-]/.test(text[l.start]));
      if (!top.length) return;
      const l = pick(rnd, top);
      const at = int(rnd, l.start, l.end);
      const del = chance(rnd, 0.5) ? Math.min(l.end - at, int(rnd, 1, 3)) : 0;
      this.change(file, [{ start: at, end: at + del, text: pick(rnd, FRAGMENTS) }], "edit a top-level line");
    } else if (r < 0.17) {
      const piece = chance(rnd, 0.6)
        ? pick(rnd, FRAGMENTS)
        : this.randomLine() + (chance(rnd, 0.5) ? "\n" : "");
      this.insert(file, this.offset(text), piece, "insert");
    } else if (r < 0.27) {
      const at = this.offset(text);
      const end = this.offset(text, Math.min(text.length, at + int(rnd, 1, 40)));
      this.change(file, [{ start: at, end, text: "" }], "delete");
    } else if (r < 0.34) {
      // Move a block below the next lines (one edit, or a cut and a paste in one didChange).
      const b = block(rnd, text);
      if (!b) return;
      const after = ls.find((l) => l.start >= b.end && chance(rnd, 0.4))?.next ?? text.length;
      const moved = text.slice(b.start, b.end);
      if (chance(rnd, 0.5))
        this.change(file, [{ start: b.start, end: after, text: text.slice(b.end, after) + moved }], "move");
      else
        this.change(
          file,
          [
            { start: b.start, end: b.end, text: "" },
            { start: after - moved.length, end: after - moved.length, text: moved },
          ],
          "cut and paste",
        );
    } else if (r < 0.44) {
      // Paste a block copied from another file (often another kind), re-indented or not.
      const from = pick(rnd, files);
      const src = texts.get(from) ?? "";
      const b = block(rnd, src);
      if (!b) return;
      let piece = src.slice(b.start, b.end);
      if (!piece.endsWith("\n")) piece += "\n";
      if (chance(rnd, 0.4)) {
        const target = pick(rnd, ls);
        const delta = indentOf(text, target) - indentOf(src, { start: b.start, end: b.end });
        piece = piece.replace(/^ */gm, (m) => " ".repeat(Math.max(0, m.length + delta)));
      }
      const at = pick(rnd, ls).start;
      this.insert(file, at, piece, `paste from ${from}`);
    } else if (r < 0.56) {
      this.breakAndFix(file, text, ls);
    } else if (r < 0.64) {
      this.rename();
    } else if (r < 0.7) {
      const l = pick(rnd, ls);
      const copy = text.slice(l.start, l.next);
      this.insert(file, l.next, copy.endsWith("\n") ? copy : "\n" + copy, "duplicate line");
    } else if (r < 0.75) {
      // Delete a block (an entry, a field with its children).
      const b = block(rnd, text);
      if (b) this.change(file, [{ start: b.start, end: b.end, text: "" }], "delete block");
    } else if (r < 0.8) {
      this.lineEnds(file, text);
    } else if (r < 0.9) {
      // Typed a character at a time, in one didChange or several.
      const piece = chance(rnd, 0.5) ? pick(rnd, FRAGMENTS) : this.randomLine();
      let at = this.offset(text);
      const chars = [...piece].slice(0, 40);
      const one = chance(rnd, 0.4);
      // Completion requests as one types: each keystroke loaded without a check.
      const requests = !one && chance(rnd, 0.3);
      const changes: Change[] = [];
      for (const ch of chars) {
        if (one) changes.push({ start: at, end: at, text: ch });
        else this.insert(file, at, ch, "type");
        at += ch.length;
        if (requests) this.steps.push({ op: "request" });
        else if (!one && chance(rnd, 0.1)) this.maybeCheck(0.5);
      }
      if (one && changes.length) this.change(file, changes, "type");
    } else if (r < 0.94) {
      // A replacement of a span by other text (a selection typed over).
      const at = this.offset(text);
      const end = this.offset(text, Math.min(text.length, at + int(rnd, 0, 20)));
      this.change(file, [{ start: at, end, text: this.randomLine() }], "replace");
    } else if (r < 0.955) {
      // The whole text sent again (a client without incremental sync, a format on save).
      const at = this.offset(text);
      const full = text.slice(0, at) + pick(rnd, FRAGMENTS) + text.slice(at);
      this.change(file, [{ full }], "full text");
    } else if (r < 0.965) {
      this.step({ op: chance(rnd, 0.7) ? "reopen" : "close", file });
    } else if (r < 0.99) {
      this.swapValue();
    } else {
      this.moveAcross();
    }
  }

  /** The editor and the disk: a save, a close, an open, a file changed on disk by another program. */
  diskOp(): void {
    const { rnd, state } = this;
    const files = [...state.disk.keys()];
    const file = pick(rnd, files);
    const r = rnd();
    if (r < 0.3) this.step({ op: "save", file });
    else if (r < 0.55) this.step({ op: "close", file });
    else if (r < 0.75) this.step({ op: "open", file });
    else {
      // A checkout: a block of the file on disk deleted, or a line of another file added.
      const text = state.disk.get(file) ?? "";
      const b = block(rnd, text);
      const changes: Change[] =
        b && chance(rnd, 0.5)
          ? [{ start: b.start, end: b.end, text: "" }]
          : [
              {
                start: pick(rnd, lines(text)).start,
                end: pick(rnd, lines(text)).start,
                text: this.randomLine() + "\n",
              },
            ];
      this.step({ op: "external", file, changes });
    }
  }

  /** A field's value replaced by the value of the same key elsewhere (true/false, an enum, a date, a kind). */
  swapValue(): void {
    const { rnd, texts } = this;
    const pairs: { file: string; key: string; start: number; end: number; value: string }[] = [];
    const re = /^[ \t]*(?:- )?([A-Za-z_][\w.-]*):[ \t]+([^\s#][^\r\n#]*?)[ \t]*\r?$/gm;
    for (const [file, text] of texts)
      for (const m of text.matchAll(re)) {
        const start = m.index + m[0].lastIndexOf(m[2], m[0].length - (m[0].endsWith("\r") ? 1 : 0));
        pairs.push({ file, key: m[1], start, end: start + m[2].length, value: m[2] });
      }
    if (!pairs.length) return;
    const target = pick(rnd, pairs);
    const same = pairs.filter((p) => p.key === target.key && p.value !== target.value).map((p) => p.value);
    const to = same.length ? pick(rnd, same) : pick(rnd, ["true", "false", "null", "[]", "5", "2020-01-01"]);
    this.change(target.file, [{ start: target.start, end: target.end, text: to }], `${target.key}: ${to}`);
  }

  /** A block cut from one file and pasted into another (an entry moves between files). */
  moveAcross(): void {
    const { rnd, texts } = this;
    const files = [...texts.keys()];
    const from = pick(rnd, files);
    const to = pick(rnd, files);
    const src = texts.get(from) ?? "";
    const b = block(rnd, src);
    if (!b || from === to) return;
    const piece = src.slice(b.start, b.end);
    this.change(from, [{ start: b.start, end: b.end, text: "" }], `cut to ${to}`);
    if (chance(rnd, 0.3)) this.check();
    const dest = texts.get(to) ?? "";
    const at = pick(rnd, lines(dest)).start;
    this.insert(to, at, piece.endsWith("\n") ? piece : piece + "\n", `paste from ${from}`);
  }

  /** A syntax error typed, maybe checked, then undone. */
  breakAndFix(file: string, text: string, ls: ReturnType<typeof lines>): void {
    const { rnd } = this;
    const content = ls.filter((l) => !blankLine(text, l));
    if (!content.length) return;
    const l = pick(rnd, content);
    const line = text.slice(l.start, l.end);
    const colon = line.indexOf(":");
    const variants: [string, Change][] = [
      ["tab", { start: l.start, end: l.start, text: "\t" }],
      ["indent", { start: l.start, end: l.start, text: pick(rnd, [" ", "   ", "  "]) }],
    ];
    if (colon >= 0) {
      const after = l.start + colon + 1;
      variants.push(
        ["unclosed quote", { start: after, end: after, text: pick(rnd, [' "', " '"]) }],
        ["unclosed bracket", { start: after, end: after, text: pick(rnd, [" [", " {"]) }],
        ["missing colon", { start: l.start + colon, end: l.start + colon + 1, text: "" }],
      );
    }
    if (line.startsWith(" ")) variants.push(["dedent", { start: l.start, end: l.start + 1, text: "" }]);
    const [note, broken] = pick(rnd, variants);
    if ("full" in broken) return;
    this.change(file, [broken], `break: ${note}`);
    if (chance(rnd, 0.6)) this.check();
    const removed = text.slice(broken.start, broken.end);
    this.change(
      file,
      [{ start: broken.start, end: broken.start + broken.text.length, text: removed }],
      `fix: ${note}`,
    );
  }

  /** An id renamed with its references (one didChange per file, last occurrence first), or only its definition. */
  rename(): void {
    const { rnd, texts } = this;
    const ids = definedIds(texts);
    if (!ids.length) return;
    const id = pick(rnd, ids);
    const to = pick(rnd, [
      `${id}x`,
      id.slice(0, -1) || "y",
      pick(rnd, ids),
      `NEW-${int(rnd, 1, 9)}`,
      id.toLowerCase(),
    ]);
    const re = new RegExp(`(?<![${ID_CHARS}])${escape(id)}(?![${ID_CHARS}])`, "g");
    const onlyDefinition = chance(rnd, 0.2);
    for (const [file, text] of texts) {
      let at = [...text.matchAll(re)].map((m) => m.index);
      if (onlyDefinition) at = at.filter((i) => /id:[ \t]*["']?$/.test(text.slice(Math.max(0, i - 8), i)));
      if (!at.length) continue;
      const changes = at.reverse().map((i): Change => ({ start: i, end: i + id.length, text: to }));
      this.change(file, changes, `rename ${id} -> ${to}`);
      if (onlyDefinition) break;
    }
  }

  /** Line ends made CRLF (or LF again): one ranged change, the full text, or a change per line. */
  lineEnds(file: string, text: string): void {
    const { rnd } = this;
    const crlf = text.includes("\r\n");
    const converted = crlf ? text.replace(/\r\n/g, "\n") : text.replace(/\n/g, "\r\n");
    const how = rnd();
    if (how < 0.4)
      this.change(file, [{ start: 0, end: text.length, text: converted }], crlf ? "to LF" : "to CRLF");
    else if (how < 0.6) this.change(file, [{ full: converted }], crlf ? "to LF (full)" : "to CRLF (full)");
    else {
      const changes: Change[] = [];
      for (let i = text.length - 1; i >= 0; i--)
        if (text[i] === "\n")
          if (crlf && text[i - 1] === "\r") changes.push({ start: i - 1, end: i, text: "" });
          else if (!crlf) changes.push({ start: i, end: i, text: "\r" });
      if (changes.length) this.change(file, changes, crlf ? "to LF (per line)" : "to CRLF (per line)");
    }
  }
}

export const TODAY = "2026-06-01";

/** The case of one seed: a generated workspace and a sequence of `edits` edit operations on it. */
export function generateCase(seed: number, opts: CaseOptions): FuzzCase {
  const rnd = random(seed);
  const today = opts.today ?? TODAY;
  const { files } = generateWorkspace(rnd, today, opts.entries);
  // Now and then the files start with CRLF line ends.
  const crlf = chance(rnd, 0.1);
  const initial = files.map((f) => ({ name: f.name, text: crlf ? f.text.replace(/\n/g, "\r\n") : f.text }));
  // On disk (scanned, a few files open in the editor) or only in the editor.
  const disk = chance(rnd, opts.disk ?? 0.5)
    ? { open: initial.filter(() => chance(rnd, 0.4)).map((f) => f.name) }
    : undefined;
  const seq = new Sequence(rnd, new EditorState({ files: initial, disk }), opts.compare);
  for (let i = 0; i < opts.edits; i++) {
    seq.edit();
    seq.maybeCheck(opts.checks);
  }
  return { seed, today, files: initial, steps: seq.steps, ...(disk ? { disk } : {}) };
}
