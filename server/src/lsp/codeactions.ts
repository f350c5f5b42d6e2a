// Quick fixes: each rule declares the fixes its findings offer (core/rules, core/kinds/*/rules); a
// diagnostic carries its rule, message id and data (Diagnostic.data), so this file only dispatches.
// Besides those: silence a rule on one line, and "Mark reviewed today" in any reviewable entry.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { disableLineEdit } from "../core/edits";
import { nodeAt } from "../core/locate";
import type { Entry, IsmsFile } from "../core/model";
import type { TextEdit } from "../core/navigate";
import { collectionOf, ruleById } from "../core/registry";
import { reviewedTodayEdit } from "../core/reviews";
import type { Fix, MessageData } from "../core/rules/api";
import { workspaceChanges } from "./convert";
import { diagnosticData } from "./diagnostics";
import type { Session } from "./session";

function action(
  session: Session,
  title: string,
  edits: (TextEdit | undefined)[] | undefined,
  diagnostic?: Diagnostic,
  preferred = false,
): CodeAction | undefined {
  const list = edits?.filter((e): e is TextEdit => e !== undefined);
  if (!list?.length) return undefined;
  return {
    title,
    kind: diagnostic ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: preferred || undefined,
    edit: { changes: workspaceChanges(session, list) },
  };
}

export function markReviewedEdit(
  session: Session,
  uri: string,
  id: string | undefined,
  position?: { line: number; character: number },
): WorkspaceEdit | null {
  const file = session.file(uri);
  if (!file) return null;
  let entry: Entry | undefined;
  if (position) {
    const at = nodeAt(file, file.lines.offset(position));
    entry = at.entry?.parent ? undefined : at.entry;
    if (!entry && at.path[0] === collectionOf(file.kind)?.key) return null;
  } else {
    entry = id === "SoA" ? undefined : file.entries.find((e) => e.id === id);
    if (id !== "SoA" && !entry) return null;
  }
  const edit = reviewedTodayEdit(file, entry, session.today, session.index);
  return edit ? { changes: workspaceChanges(session, [edit]) } : null;
}

/**
 * The rule, message id and data of a diagnostic: from its data when the client sent it back, else from
 * the finding of the last check with the same code and range (clients that drop Diagnostic.data).
 */
function findingOf(
  session: Session,
  file: IsmsFile,
  d: Diagnostic,
): { messageId: string; data: MessageData } | undefined {
  const sent = diagnosticData(d.data);
  if (sent) return sent;
  const found = session
    .findingsOf(file.path)
    .find(
      (f) =>
        f.code === d.code &&
        f.start.line === d.range.start.line &&
        f.start.character === d.range.start.character &&
        f.end.line === d.range.end.line &&
        f.end.character === d.range.end.character,
    );
  return found && { messageId: found.messageId, data: found.data };
}

function fixesFor(session: Session, file: IsmsFile, d: Diagnostic): (CodeAction | undefined)[] {
  const code = String(d.code ?? "");
  const rule = ruleById(code);
  const out: (CodeAction | undefined)[] = [];
  const finding = findingOf(session, file, d);
  if (rule?.fixes && finding) {
    const start = file.lines.offset(d.range.start);
    const range: [number, number] = [start, file.lines.offset(d.range.end)];
    let fixes: Fix[] = [];
    try {
      fixes = rule.fixes({
        index: session.index,
        today: session.today,
        file,
        range,
        at: nodeAt(file, start),
        ...finding,
      });
    } catch (e) {
      session.log(`Fixes of ${code} failed: ${(e as Error).stack ?? String(e)}`);
    }
    for (const f of fixes) out.push(action(session, f.title, f.edits, d, f.preferred));
  }
  if (rule)
    out.push(
      action(session, `Disable ${code} for this line`, [disableLineEdit(file, d.range.start.line, code)], d),
    );
  return out;
}

export function codeActions(session: Session, params: CodeActionParams): CodeAction[] | null {
  const file = session.file(params.textDocument.uri);
  if (!file) return null;
  const out: (CodeAction | undefined)[] = [];
  for (const d of params.context.diagnostics)
    if (d.source === "isms") out.push(...fixesFor(session, file, d));
  // Mark reviewed today is offered in any reviewable entry, with or without a finding.
  if (!out.some((a) => a?.title === "Mark reviewed today")) {
    const at = nodeAt(file, file.lines.offset(params.range.start));
    const entry = at.entry?.parent ? undefined : at.entry;
    const inHeader = !entry && at.path[0] !== collectionOf(file.kind)?.key;
    if (entry || inHeader)
      out.push(
        action(session, "Mark reviewed today", [
          reviewedTodayEdit(file, entry, session.today, session.index),
        ]),
      );
  }
  const only = params.context.only;
  return out.filter((a): a is CodeAction => !!a && (!only || only.some((k) => a.kind?.startsWith(k))));
}
