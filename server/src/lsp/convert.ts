// Core ranges (UTF-16 offsets into a file's text) to LSP ranges and locations, and back.
import type { Location, Position, Range as LspRange, TextEdit } from "vscode-languageserver/node";
import type { IsmsFile, Range } from "../core/model";
import type { TextEdit as CoreEdit } from "../core/navigate";
import type { Session } from "./session";

export const lspRange = (file: IsmsFile, r: Range): LspRange => ({
  start: file.lines.position(r[0]),
  end: file.lines.position(r[1]),
});

export const offsetAt = (file: IsmsFile, p: Position): number => file.lines.offset(p);

export const location = (session: Session, file: IsmsFile, r: Range): Location => ({
  uri: session.uriFor(file.path),
  range: lspRange(file, r),
});

/** Groups core edits into a WorkspaceEdit's changes (uri -> edits). */
export function workspaceChanges(session: Session, edits: CoreEdit[]): Record<string, TextEdit[]> {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits)
    (changes[session.uriFor(e.file.path)] ??= []).push({
      range: lspRange(e.file, e.range),
      newText: e.newText,
    });
  return changes;
}
