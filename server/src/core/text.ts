// Texts and offsets <-> positions. Offsets are UTF-16 code unit indexes into the file's text, as LSP
// expects.

/** What reading a text needs: a string is one, and so is a Text of pieces. */
export interface Chars {
  readonly length: number;
  slice(start?: number, end?: number): string;
  charCodeAt(index: number): number;
}

/** How many times a Text of pieces was made one string (tests: an edit's check makes none). */
export const textStats = { flattened: 0 };

/** Pieces shorter than this are joined with the text an edit put next to them. */
export const JOIN_BELOW = 2048;
/** A text of more pieces is made one string (after many edits far apart). */
const MAX_PIECES = 4096;

/**
 * A text kept as pieces, so that an edit of a huge file makes a new text without copying the file: the
 * edited piece is cut around the edit (in V8, a cut of a long string shares its characters) and pieces
 * shorter than JOIN_BELOW are joined with the edit's text. The whole string is made only when asked for
 * (`flat`), once; the pieces are then that string. Immutable: an edit makes a new Text.
 */
export class Text implements Chars {
  private whole: string | undefined;

  private constructor(
    private pieces: readonly string[],
    /** Where each piece ends. */
    private ends: readonly number[],
    readonly length: number,
  ) {
    if (pieces.length === 1) this.whole = pieces[0];
  }

  static of(text: string): Text {
    return text ? new Text([text], [text.length], text.length) : new Text([], [], 0);
  }

  /** The text as one string (made once, when first asked for). */
  get flat(): string {
    if (this.whole === undefined) {
      textStats.flattened++;
      const whole = this.pieces.join("");
      this.whole = whole;
      this.pieces = [whole];
      this.ends = [whole.length];
    }
    return this.whole;
  }

  toString(): string {
    return this.flat;
  }

  /** The index of the first piece ending at or after `offset` (the last piece for the text's end). */
  private pieceAt(offset: number): number {
    const ends = this.ends;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private startOf(piece: number): number {
    return piece === 0 ? 0 : this.ends[piece - 1];
  }

  charCodeAt(index: number): number {
    if (this.whole !== undefined) return this.whole.charCodeAt(index);
    if (!(index >= 0 && index < this.length)) return NaN;
    const k = this.pieceAt(index + 1);
    return this.pieces[k].charCodeAt(index - this.startOf(k));
  }

  /** As String.prototype.slice. */
  slice(start = 0, end = this.length): string {
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const n = this.length;
    const from = start < 0 ? Math.max(0, n + start) : Math.min(Math.trunc(start) || 0, n);
    const to = end < 0 ? Math.max(0, n + end) : Math.min(Math.trunc(end) || 0, n);
    if (from >= to) return "";
    const first = this.pieceAt(from + 1);
    const last = this.pieceAt(to);
    const s = this.startOf(first);
    if (first === last) return this.pieces[first].slice(from - s, to - s);
    const parts = [this.pieces[first].slice(from - s)];
    for (let k = first + 1; k < last; k++) parts.push(this.pieces[k]);
    parts.push(this.pieces[last].slice(0, to - this.startOf(last)));
    return parts.join("");
  }

  /** The text with the characters from `start` to `end` replaced by `inserted`. */
  edited(start: number, end: number, inserted: string): Text {
    const pieces = this.pieces;
    if (!pieces.length) return Text.of(inserted);
    const i = this.pieceAt(start);
    const j = this.pieceAt(end);
    const left = pieces[i].slice(0, start - this.startOf(i));
    const right = pieces[j].slice(end - this.startOf(j));
    let from = i;
    let to = j + 1;
    let mid = inserted;
    const out: string[] = [];
    if (left.length >= JOIN_BELOW) out.push(left);
    else {
      mid = left + mid;
      if (from > 0 && pieces[from - 1].length < JOIN_BELOW) mid = pieces[--from] + mid;
    }
    let tail: string | undefined;
    if (right.length >= JOIN_BELOW) tail = right;
    else {
      mid += right;
      if (to < pieces.length && pieces[to].length < JOIN_BELOW) mid += pieces[to++];
    }
    if (mid) out.push(mid);
    if (tail) out.push(tail);
    const next = pieces.slice(0, from).concat(out, pieces.slice(to));
    const length = this.length - (end - start) + inserted.length;
    if (next.length > MAX_PIECES) return Text.of(next.join(""));
    const ends = this.ends.slice(0, from);
    let at = this.startOf(from);
    for (let k = from; k < next.length; k++) ends.push((at += next[k].length));
    return new Text(next, ends, length);
  }
}

export interface Position {
  line: number; // 0-based
  character: number; // 0-based, UTF-16 code units
}

/**
 * The line starts in `text` after offset `from` and up to `to`: after every \n, and after every \r not
 * followed by \n (LSP counts \r, \n and \r\n as line ends, so editor and server agree on positions).
 */
function breaksIn(text: string, from: number, to: number, out: number[]): void {
  let cr = text.indexOf("\r", from);
  for (let i = from; ;) {
    const nl = text.indexOf("\n", i);
    if (cr !== -1 && cr < i) cr = text.indexOf("\r", i);
    // A lone \r before the next \n (or with no \n left) ends a line.
    if (cr !== -1 && (nl === -1 || cr < nl - 1) && text.charCodeAt(cr + 1) !== 10) {
      if (cr >= to) return;
      out.push(cr + 1);
      i = cr + 1;
      continue;
    }
    if (nl === -1 || nl >= to) return;
    out.push(nl + 1);
    i = nl + 1;
  }
}

/** Line starts per block: an edit copies the starts of its block and moves the other blocks by a number. */
const BLOCK = 4096;

/**
 * The start offset of each line, in blocks of about BLOCK lines (typed arrays: half the memory of
 * numbers). A block's values are as they were when it was made, plus its shift: the lines after an edit
 * move without being copied, so an edit in a file of a million lines costs a block, not the file.
 */
class LineStarts {
  private constructor(
    private readonly blocks: readonly Uint32Array[],
    /** Added to each value of a block. */
    private readonly shifts: readonly number[],
    /** The line number of each block's first line. */
    private readonly firsts: readonly number[],
    readonly count: number,
  ) {}

  static from(list: ArrayLike<number>): LineStarts {
    const blocks: Uint32Array[] = [];
    const firsts: number[] = [];
    for (let at = 0; at < list.length; at += BLOCK) {
      firsts.push(at);
      const block = new Uint32Array(Math.min(BLOCK, list.length - at));
      for (let i = 0; i < block.length; i++) block[i] = list[at + i];
      blocks.push(block);
    }
    return new LineStarts(blocks, new Array<number>(blocks.length).fill(0), firsts, list.length);
  }

  /** The block holding `line` (0 <= line < count). */
  private blockOf(line: number): number {
    const firsts = this.firsts;
    let lo = 0;
    let hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(line: number): number {
    const b = this.blockOf(line);
    return this.blocks[b][line - this.firsts[b]] + this.shifts[b];
  }

  /** The last line starting at or before `offset` (line 0 starts at 0). */
  lineOf(offset: number): number {
    const { blocks, shifts } = this;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blocks[mid][0] + shifts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const block = blocks[lo];
    const o = offset - shifts[lo];
    let a = 0;
    let b = block.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (block[mid] <= o) a = mid;
      else b = mid - 1;
    }
    return this.firsts[lo] + a;
  }

  /** The first line starting after `offset`. */
  after(offset: number): number {
    return offset < 0 ? 0 : this.lineOf(offset) + 1;
  }

  /** The starts with lines [from, to) replaced by `added` and the lines from `to` on moved by `delta`. */
  replaced(from: number, to: number, added: readonly number[], delta: number): LineStarts {
    const { blocks, shifts, firsts } = this;
    const a = this.blockOf(Math.min(from, this.count - 1));
    const b = Math.max(a, this.blockOf(Math.min(to, this.count - 1)));
    // The values of blocks a..b, edited; the blocks around them are kept.
    const values: number[] = [];
    for (let line = firsts[a]; line < from; line++) values.push(this.at(line));
    for (const v of added) values.push(v);
    const end = b + 1 < blocks.length ? firsts[b + 1] : this.count;
    for (let line = to; line < end; line++) values.push(this.at(line) + delta);
    const nextBlocks = blocks.slice(0, a);
    const nextShifts = shifts.slice(0, a);
    const nextFirsts = firsts.slice(0, a);
    let line = firsts[a];
    const cut = values.length > 2 * BLOCK ? BLOCK : values.length;
    for (let at = 0; at < values.length; at += cut) {
      nextBlocks.push(Uint32Array.from(values.slice(at, at + cut)));
      nextShifts.push(0);
      nextFirsts.push(line);
      line += Math.min(cut, values.length - at);
    }
    const lines = added.length - (to - from);
    for (let k = b + 1; k < blocks.length; k++) {
      nextBlocks.push(blocks[k]);
      nextShifts.push(shifts[k] + delta);
      nextFirsts.push(firsts[k] + lines);
    }
    return new LineStarts(nextBlocks, nextShifts, nextFirsts, this.count + lines);
  }
}

export class LineIndex {
  /** Offset of each line's first character. */
  private readonly starts: LineStarts;
  /** The text, as pieces: an edit of a huge file makes a new index without a copy of the file. */
  readonly chars: Text;

  constructor(text: string | Text, starts?: LineStarts) {
    this.chars = typeof text === "string" ? Text.of(text) : text;
    if (!starts) {
      const flat = this.chars.flat;
      if (flat.includes("\r")) {
        const list = [0];
        breaksIn(flat, 0, flat.length, list);
        starts = LineStarts.from(list);
      } else {
        let n = 1;
        for (let i = flat.indexOf("\n"); i !== -1; i = flat.indexOf("\n", i + 1)) n++;
        const list = new Uint32Array(n);
        n = 1;
        for (let i = flat.indexOf("\n"); i !== -1; i = flat.indexOf("\n", i + 1)) list[n++] = i + 1;
        starts = LineStarts.from(list);
      }
    }
    this.starts = starts;
  }

  /** The text as one string (made when first asked for after an edit: prefer `chars` for a part). */
  get text(): string {
    return this.chars.flat;
  }

  /**
   * The index of a text that differs from `prev`'s only between `prefix` characters at the start and
   * `suffix` characters at the end: lines before the edit are kept, lines after it move, and only the
   * edited span is scanned.
   */
  static edited(prev: LineIndex, chars: Text, prefix: number, suffix: number): LineIndex {
    const old = prev.starts;
    const delta = chars.length - prev.chars.length;
    const oldEnd = prev.chars.length - suffix;
    let lo = old.after(prefix); // the first line starting after the edit's start
    const added: number[] = [];
    const newEnd = oldEnd + delta;
    // A \r just before the edit ends a line or not depending on the edited character after it: the
    // line start after it is found again.
    let from = prefix;
    if (prefix > 0 && chars.charCodeAt(prefix - 1) === 13) {
      from = prefix - 1;
      if (lo > 0 && old.at(lo - 1) === prefix) lo--;
    }
    // Only the edited span is read (and the character after it, which tells a lone \r from \r\n).
    breaksIn(chars.slice(from, newEnd + 1), 0, newEnd - from, added);
    for (let k = 0; k < added.length; k++) added[k] += from;
    const k = Math.max(lo, old.after(oldEnd)); // the first line starting after the edit's end
    return new LineIndex(chars, old.replaced(lo, k, added, delta));
  }

  get lineCount(): number {
    return this.starts.count;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.chars.length));
    const line = this.starts.lineOf(o);
    return { line, character: o - this.starts.at(line) };
  }

  /**
   * The offset of a position. As LSP says, a character past a line's end means the end of that line
   * (before its line break); lines and characters that are not whole numbers are clamped.
   */
  offset(p: Position): number {
    const line = Number.isFinite(p.line) ? Math.floor(p.line) : p.line > 0 ? Infinity : 0;
    if (line >= this.starts.count) return this.chars.length;
    if (line < 0) return 0;
    const start = this.starts.at(line);
    let end = this.chars.length;
    if (line + 1 < this.starts.count) {
      end = this.starts.at(line + 1) - 1; // the break's last character
      if (this.chars.charCodeAt(end) === 10 && end > start && this.chars.charCodeAt(end - 1) === 13) end--;
    }
    const ch = Number.isFinite(p.character)
      ? Math.max(0, Math.floor(p.character))
      : p.character > 0
        ? Infinity
        : 0;
    return Math.min(start + ch, end);
  }

  lineStart(line: number): number {
    return this.starts.at(Math.max(0, Math.min(line, this.starts.count - 1)));
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.count ? this.starts.at(line + 1) : this.chars.length;
    return this.chars.slice(start, next).replace(/\r\n$|[\r\n]$/, "");
  }
}
