// Telling an ISMS file from other YAML cheaply: a top-level `kind:` line with a kind's name. No imports:
// the VS Code client uses the same check with the kinds listed in its package.json.

/** A top-level `kind:` line; group 1 is the value. */
export const KIND_LINE = /^kind[ \t]*:[ \t]*["']?([\w-]+)["']?[ \t]*(?:#.*)?\r?$/m;

/** The kind a YAML text declares when `isKind` accepts it, else undefined. */
export function sniffKindWith(text: string, isKind: (k: string) => boolean): string | undefined {
  const m = KIND_LINE.exec(text);
  return m && isKind(m[1]) ? m[1] : undefined;
}

/**
 * As sniffKindWith for a text of which `head` is the start, reading `head` only: null when `head` does
 * not decide (no `kind:` line wholly in it, up to the line end).
 */
export function sniffHeadWith(head: string, isKind: (k: string) => boolean): string | undefined | null {
  const m = KIND_LINE.exec(head);
  // A line end after the match: the line is whole in `head`, so it is the text's first `kind:` line too.
  if (!m || m.index + m[0].length >= head.length) return null;
  return isKind(m[1]) ? m[1] : undefined;
}
