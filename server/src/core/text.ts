// Offsets <-> positions. Offsets are UTF-16 code unit indexes into the file's text, as LSP expects.

export interface Position {
  line: number; // 0-based
  character: number; // 0-based, UTF-16 code units
}

export class LineIndex {
  /** Offset of each line's first character (a typed array: half the memory, copied with memcpy). */
  private readonly starts: Uint32Array;

  constructor(
    readonly text: string,
    starts?: Uint32Array,
  ) {
    if (!starts) {
      let n = 1;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
      starts = new Uint32Array(n);
      n = 1;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts[n++] = i + 1;
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
    for (let i = text.indexOf("\n", prefix); i !== -1 && i < newEnd; i = text.indexOf("\n", i + 1))
      added.push(i + 1);
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

  offset(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    if (p.line < 0) return 0;
    const end = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length;
    return Math.min(this.starts[p.line] + Math.max(0, p.character), end);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, "");
  }
}
