// Offsets <-> positions. Offsets are UTF-16 code unit indexes into the file's text, as LSP expects.

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

export class LineIndex {
  /** Offset of each line's first character (a typed array: half the memory, copied with memcpy). */
  private readonly starts: Uint32Array;

  constructor(
    readonly text: string,
    starts?: Uint32Array,
  ) {
    if (!starts) {
      if (text.includes("\r")) {
        const list = [0];
        breaksIn(text, 0, text.length, list);
        starts = Uint32Array.from(list);
      } else {
        let n = 1;
        for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
        starts = new Uint32Array(n);
        n = 1;
        for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts[n++] = i + 1;
      }
    }
    this.starts = starts;
  }

  /**
   * The index of a text that differs from `prev`'s only between `prefix` characters at the start and
   * `suffix` characters at the end: lines before the edit are kept, lines after it move, and only the
   * edited span is scanned.
   */
  static edited(prev: LineIndex, text: string, prefix: number, suffix: number): LineIndex {
    const old = prev.starts;
    const delta = text.length - prev.text.length;
    const oldEnd = prev.text.length - suffix;
    let lo = 0;
    let hi = old.length; // first start > prefix
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (old[mid] <= prefix) lo = mid + 1;
      else hi = mid;
    }
    const added: number[] = [];
    const newEnd = oldEnd + delta;
    // A \r just before the edit ends a line or not depending on the edited character after it: the
    // line start after it is found again.
    let from = prefix;
    if (prefix > 0 && text.charCodeAt(prefix - 1) === 13) {
      from = prefix - 1;
      if (lo > 0 && old[lo - 1] === prefix) lo--;
    }
    breaksIn(text, from, newEnd, added);
    let k = lo;
    while (k < old.length && old[k] <= oldEnd) k++;
    const starts = new Uint32Array(lo + added.length + old.length - k);
    starts.set(old.subarray(0, lo));
    starts.set(added, lo);
    const tail = old.subarray(k);
    const at = lo + added.length;
    if (delta === 0) starts.set(tail, at);
    else for (let j = 0; j < tail.length; j++) starts[at + j] = tail[j] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /**
   * The offset of a position. As LSP says, a character past a line's end means the end of that line
   * (before its line break); lines and characters that are not whole numbers are clamped.
   */
  offset(p: Position): number {
    const line = Number.isFinite(p.line) ? Math.floor(p.line) : p.line > 0 ? Infinity : 0;
    if (line >= this.starts.length) return this.text.length;
    if (line < 0) return 0;
    const start = this.starts[line];
    let end = this.text.length;
    if (line + 1 < this.starts.length) {
      end = this.starts[line + 1] - 1; // the break's last character
      if (this.text.charCodeAt(end) === 10 && end > start && this.text.charCodeAt(end - 1) === 13) end--;
    }
    const ch = Number.isFinite(p.character)
      ? Math.max(0, Math.floor(p.character))
      : p.character > 0
        ? Infinity
        : 0;
    return Math.min(start + ch, end);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r\n$|[\r\n]$/, "");
  }
}
