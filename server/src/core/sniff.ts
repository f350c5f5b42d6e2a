// Telling an ISMS file from other YAML cheaply: a top-level `kind:` line with a kind's name. No imports:
// the VS Code client uses the same check with the kinds listed in its package.json.

/** A top-level `kind:` line; group 1 is the value. */
export const KIND_LINE = /^kind[ \t]*:[ \t]*["']?([\w-]+)["']?[ \t]*(?:#.*)?\r?$/m;

/** The kind a YAML text declares when `isKind` accepts it, else undefined. */
export function sniffKindWith(text: string, isKind: (k: string) => boolean): string | undefined {
  const m = KIND_LINE.exec(text);
  return m && isKind(m[1]) ? m[1] : undefined;
}
