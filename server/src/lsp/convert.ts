// Core ranges (UTF-16 offsets into a file's text) to LSP ranges and locations, and back. Positions from
// the client are clamped before anything uses them: a line past the end is the end of the text, a
// character past a line's end is the end of that line before its line break (LSP), and a position that
// is not a pair of non-negative integers (negative, fractional, huge, not a number) is brought in range.
import type {
  Location,
  OptionalVersionedTextDocumentIdentifier,
  Position,
  Range as LspRange,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver/node";
import type { IsmsFile, Range, TextFile } from "../core/model";
import type { TextEdit as CoreEdit } from "../core/navigate";
import type { LineIndex } from "../core/text";
import type { Session } from "./session";

export const lspRange = (file: TextFile, r: Range): LspRange => ({
  start: file.lines.position(r[0]),
  end: file.lines.position(r[1]),
});

/** A coordinate from the client as a non-negative integer (anything else counts as 0, huge stays huge). */
const coordinate = (v: unknown): number =>
  typeof v === "number" && v > 0 ? (Number.isFinite(v) ? Math.floor(v) : Number.MAX_SAFE_INTEGER) : 0;

/** The offset of the end of a line's text, before its line break (\n or \r\n). */
function lineEnd(lines: LineIndex, line: number): number {
  const text = lines.chars;
  if (line + 1 >= lines.lineCount) return text.length;
  let end = lines.lineStart(line + 1) - 1; // the line's \n
  if (end > lines.lineStart(line) && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** The offset of an LSP position in a text, clamped as LSP says (see the top of this file). */
export function offsetIn(lines: LineIndex, p: Position | undefined): number {
  const line = coordinate(p?.line);
  if (line >= lines.lineCount) return lines.chars.length;
  const start = lines.lineStart(line);
  return Math.min(start + coordinate(p?.character), lineEnd(lines, line));
}

/** A position of the client as a valid position of the text (line and character in range). */
export const clampPosition = (lines: LineIndex, p: Position | undefined): Position =>
  lines.position(offsetIn(lines, p));

/** A range of the client as a valid range of the text (its end not before its start). */
export function clampRange(lines: LineIndex, r: LspRange | undefined): LspRange {
  const start = offsetIn(lines, r?.start);
  const end = Math.max(start, offsetIn(lines, r?.end));
  return { start: lines.position(start), end: lines.position(end) };
}

export const offsetAt = (file: IsmsFile, p: Position | undefined): number => offsetIn(file.lines, p);

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

/**
 * Core edits as a WorkspaceEdit. When the client takes documentChanges, each file's edits name the
 * version of the document they were computed for (an open document's version; null for a file read from
 * disk), so an editor whose document changed since refuses them instead of applying them to other text.
 */
export function workspaceEdit(session: Session, edits: CoreEdit[]): WorkspaceEdit {
  const changes = workspaceChanges(session, edits);
  if (!session.documentChanges) return { changes };
  const documentChanges: TextDocumentEdit[] = Object.entries(changes).map(([uri, list]) => {
    const textDocument: OptionalVersionedTextDocumentIdentifier = {
      uri,
      version: session.docs.get(uri)?.version ?? null,
    };
    return { textDocument, edits: list };
  });
  return { documentChanges };
}
