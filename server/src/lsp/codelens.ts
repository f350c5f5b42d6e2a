// Code lens over each entry whose kind gives one (a risk: score, level, next review; a role: what it
// owns; a SoA control: risks citing it, last audit). Informational: the lenses carry no command.
import type { CodeLens } from "vscode-languageserver/node";
import { anchorRange, type Entry } from "../core/model";
import { entrySpec } from "../core/registry";
import type { Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { lspRange } from "./convert";
import type { Session } from "./session";
import { OUTLINE_LIMIT } from "./symbols";

export function lensTitle(index: WorkspaceIndex, e: Entry, today: Day): string | undefined {
  return entrySpec(e.kind)?.lens?.(e, { index, today });
}

export function codeLenses(session: Session, uri: string): CodeLens[] | null {
  const file = session.file(uri);
  if (!file) return null;
  const index = session.index;
  const out: CodeLens[] = [];
  for (const e of file.entries.slice(0, OUTLINE_LIMIT)) {
    const title = lensTitle(index, e, session.today);
    if (title) out.push({ range: lspRange(file, anchorRange(e)), command: { title, command: "" } });
  }
  return out;
}
