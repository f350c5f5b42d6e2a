// Go to definition, find references, document highlight, rename and prepareRename of any id.
import {
  DocumentHighlightKind,
  ResponseError,
  ErrorCodes,
  type DocumentHighlight,
  type Location,
  type Position,
  type PrepareRenameResult,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { anchorRange } from "../core/model";
import {
  definitionsOf,
  innerRange,
  occurrencesOf,
  renameEdits,
  renameRefusal,
  symbolAt,
} from "../core/navigate";
import { location, lspRange, offsetAt, workspaceEdit } from "./convert";
import type { Session } from "./session";

function symbolUnder(session: Session, uri: string, pos: Position) {
  const file = session.file(uri);
  if (!file) return undefined;
  const sym = symbolAt(file, offsetAt(file, pos));
  return sym && { file, sym };
}

export function definition(session: Session, uri: string, pos: Position): Location[] | null {
  const hit = symbolUnder(session, uri, pos);
  if (!hit) return null;
  const defs = definitionsOf(session.index, hit.sym);
  return defs.length ? defs.map((e) => location(session, e.file, anchorRange(e))) : null;
}

export function references(
  session: Session,
  uri: string,
  pos: Position,
  includeDeclaration: boolean,
): Location[] | null {
  const hit = symbolUnder(session, uri, pos);
  if (!hit) return null;
  return occurrencesOf(session.index, hit.sym)
    .filter((o) => includeDeclaration || !o.isDefinition)
    .map((o) => location(session, o.file, o.range));
}

export function highlight(session: Session, uri: string, pos: Position): DocumentHighlight[] | null {
  const hit = symbolUnder(session, uri, pos);
  if (!hit) return null;
  return occurrencesOf(session.index, hit.sym)
    .filter((o) => o.file === hit.file)
    .map((o) => ({
      range: lspRange(o.file, o.range),
      kind: o.isDefinition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
}

export function prepareRename(session: Session, uri: string, pos: Position): PrepareRenameResult | null {
  const hit = symbolUnder(session, uri, pos);
  const refusal = renameRefusal(hit?.sym);
  if (refusal || !hit)
    throw new ResponseError(ErrorCodes.InvalidRequest, refusal ?? "Nothing to rename here");
  return { range: lspRange(hit.file, innerRange(hit.file, hit.sym.range)), placeholder: hit.sym.value };
}

export function rename(session: Session, uri: string, pos: Position, newName: string): WorkspaceEdit | null {
  const hit = symbolUnder(session, uri, pos);
  try {
    if (!hit) throw new Error(renameRefusal(undefined));
    return workspaceEdit(session, renameEdits(session.index, hit.sym, String(newName).trim()));
  } catch (e) {
    throw new ResponseError(ErrorCodes.InvalidRequest, (e as Error).message);
  }
}
