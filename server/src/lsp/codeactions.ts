// Quick fixes: each rule declares the fixes its findings offer (core/rules, core/kinds/*/rules); a
// diagnostic carries its rule, message id and data (Diagnostic.data), so this file only dispatches.
// Besides those: silence a rule on one line, and "Mark reviewed today" in any reviewable entry.
// A diagnostic the client sends back must still be one of the current findings of the file (same rule,
// range and message): a stale one (the text changed since it was published) gets no fix, since its range
// and data no longer describe the text. Edits name the document version they were computed for.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { disableLineEdit } from "../core/edits";
import { nodeAt } from "../core/locate";
import type { Entry, IsmsFile, TextFile } from "../core/model";
import type { TextEdit } from "../core/navigate";
import { collectionOf, ruleById } from "../core/registry";
import { reviewedTodayEdit } from "../core/reviews";
import { isIsmsFile, type Fix } from "../core/rules/api";
import type { Finding } from "../core/check";
import { offsetAt, offsetIn, workspaceEdit } from "./convert";
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
    edit: workspaceEdit(session, list),
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
    const at = nodeAt(file, offsetAt(file, position));
    entry = at.entry?.parent ? undefined : at.entry;
    if (!entry && at.path[0] === collectionOf(file.kind)?.key) return null;
  } else {
    entry = id === "SoA" ? undefined : file.entries.find((e) => e.id === id);
    if (id !== "SoA" && !entry) return null;
  }
  const edit = reviewedTodayEdit(file, entry, session.today, session.index);
  return edit ? workspaceEdit(session, [edit]) : null;
}

const messageOf = (d: Diagnostic): unknown =>
  typeof d.message === "string" ? d.message : (d.message as { value?: unknown } | undefined)?.value;

/**
 * The current finding a diagnostic of the client stands for: same rule, range and message in the latest
 * check of the current text. A stale diagnostic (published for an older text) has none. The rule's
 * message id and data come from the finding, not from what the client sent back.
 */
function currentFinding(session: Session, file: TextFile, d: Diagnostic): Finding | undefined {
  const r = d.range as Diagnostic["range"] | undefined;
  if (!r?.start || !r.end) return undefined;
  const message = messageOf(d);
  return session
    .findingsOf(file.path)
    .find(
      (f) =>
        f.code === d.code &&
        f.message === message &&
        f.start.line === r.start.line &&
        f.start.character === r.start.character &&
        f.end.line === r.end.line &&
        f.end.character === r.end.character,
    );
}

function fixesFor(session: Session, file: IsmsFile | TextFile, d: Diagnostic): (CodeAction | undefined)[] {
  const finding = currentFinding(session, file, d);
  if (!finding) return [];
  const code = finding.code;
  const rule = ruleById(code);
  const out: (CodeAction | undefined)[] = [];
  const range: [number, number] = [offsetIn(file.lines, finding.start), offsetIn(file.lines, finding.end)];
  if (rule?.fixes) {
    let fixes: Fix[] = [];
    try {
      fixes = rule.fixes({
        index: session.index,
        today: session.today,
        file,
        range,
        at: isIsmsFile(file) ? nodeAt(file, range[0]) : { path: [], isKey: false },
        messageId: finding.messageId,
        data: finding.data,
      });
    } catch (e) {
      session.log(`Fixes of ${code} failed: ${(e as Error).stack ?? String(e)}`);
    }
    for (const f of fixes) out.push(action(session, f.title, f.edits, d, f.preferred));
  }
  if (rule && isIsmsFile(file))
    out.push(
      action(session, `Disable ${code} for this line`, [disableLineEdit(file, finding.start.line, code)], d),
    );
  return out;
}

/** The quick fixes of a YAML file that is not read as an ISMS file but gets a finding (unknown-kind). */
function nearMissActions(session: Session, params: CodeActionParams): CodeAction[] | null {
  const path = session.pathOf(params.textDocument.uri);
  const miss = session.index.nearMisses.find((m) => m.file.path === path);
  if (!miss) return null;
  session.settle();
  const diagnostics = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
  return diagnostics
    .filter((d) => d?.source === "isms")
    .flatMap((d) => fixesFor(session, miss.file, d))
    .filter((a): a is CodeAction => !!a);
}

export function codeActions(session: Session, params: CodeActionParams): CodeAction[] | null {
  const file = session.file(params.textDocument.uri);
  if (!file) return nearMissActions(session, params);
  // The findings must be those of the current text: a check still pending runs now.
  session.settle();
  const out: (CodeAction | undefined)[] = [];
  const diagnostics = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
  for (const d of diagnostics) if (d?.source === "isms") out.push(...fixesFor(session, file, d));
  // Mark reviewed today is offered in any reviewable entry, with or without a finding.
  if (!out.some((a) => a?.title === "Mark reviewed today")) {
    const at = nodeAt(file, offsetAt(file, params.range?.start));
    const entry = at.entry?.parent ? undefined : at.entry;
    const inHeader = !entry && at.path[0] !== collectionOf(file.kind)?.key;
    if (entry || inHeader)
      out.push(
        action(session, "Mark reviewed today", [
          reviewedTodayEdit(file, entry, session.today, session.index),
        ]),
      );
  }
  const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
  return out.filter((a): a is CodeAction => !!a && (!only || only.some((k) => a.kind?.startsWith(k))));
}
