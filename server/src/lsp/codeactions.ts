// Quick fixes. Each is a minimal text edit (core/edits.ts), so comments and formatting survive:
// mark reviewed today, create a missing role or asset, use a did-you-mean id, migrate a 2013 control id,
// add the controls the SoA lacks, record a risk acceptance, add a corrective action to a finding, and
// silence a rule on one line.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { CONTROLS, CONTROLS_2013, CONTROL_BY_ID } from "../core/catalogue";
import {
  addFields,
  appendEntry,
  disableLineEdit,
  fillEmptyKey,
  insertAfter,
  insertBefore,
  setField,
  setHeaderField,
} from "../core/edits";
import { nodeAt } from "../core/locate";
import { anchorRange, type Entry, type IsmsFile } from "../core/model";
import type { TextEdit } from "../core/navigate";
import { reviewOfEntry } from "../core/reviews";
import { str } from "../core/rules/api";
import { addDuration, formatDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { workspaceChanges } from "./convert";
import type { Session } from "./session";

const REVIEW_CODES = new Set(["review-overdue", "review-due-soon"]);

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

/** The edit that marks an entry (or the SoA itself) reviewed today. */
export function reviewedTodayEdit(
  file: IsmsFile,
  entry: Entry | undefined,
  today: Day,
  index: WorkspaceIndex,
) {
  const day = formatDay(today);
  if (entry && reviewOfEntry(entry, index.settings)) return setField(entry, "reviewed", day);
  if (!entry && file.kind === "soa") return setHeaderField(file, "reviewed", day);
  return undefined;
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
    entry = at.entry?.kind === "finding" ? undefined : at.entry;
    if (!entry && !(file.kind === "soa" && at.path[0] !== "controls")) return null;
  } else {
    entry = id === "SoA" && file.kind === "soa" ? undefined : file.entries.find((e) => e.id === id);
    if (id !== "SoA" && !entry) return null;
  }
  const edit = reviewedTodayEdit(file, entry, session.today, session.index);
  return edit ? { changes: workspaceChanges(session, [edit]) } : null;
}

/** Lines of a new role or asset with the given id. */
function newEntryLines(kind: "role" | "asset", id: string, today: Day): string[] {
  return kind === "role"
    ? [`id: ${id}`, `title: ${id}`, `assigned: ${formatDay(today)}`]
    : [`id: ${id}`, `name: ${id}`, `reviewed: ${formatDay(today)}`];
}

function createEntry(session: Session, kind: "role" | "asset", id: string, d: Diagnostic) {
  const fileKind = kind === "role" ? "roles" : "assets";
  const target = session.index.filesOfKind.get(fileKind)?.[0];
  if (!target) return undefined;
  const edits = appendEntry(target, newEntryLines(kind, id, session.today), fileKind);
  const name = target.path.split(/[\\/]/).pop();
  return action(session, `Create ${kind} '${id}' in ${name}`, edits, d);
}

function fixesFor(session: Session, file: IsmsFile, d: Diagnostic): (CodeAction | undefined)[] {
  const code = String(d.code ?? "");
  const index = session.index;
  const today = session.today;
  const start = file.lines.offset(d.range.start);
  const end = file.lines.offset(d.range.end);
  const at = nodeAt(file, start);
  const valueText = file.text.slice(start, end).replace(/^["']|["']$/g, "");
  const out: (CodeAction | undefined)[] = [];
  const message = typeof d.message === "string" ? d.message : d.message.value;
  const replace = (title: string, newText: string, preferred = false) =>
    action(session, title, [{ file, range: [start, end], newText }], d, preferred);

  if (REVIEW_CODES.has(code)) {
    const entry = at.entry;
    out.push(action(session, "Mark reviewed today", [reviewedTodayEdit(file, entry, today, index)], d, true));
  }
  if (code === "unknown-role" || code === "unknown-asset") {
    const near = /did you mean '([^']+)'/.exec(message)?.[1];
    if (near) out.push(replace(`Change to '${near}'`, near, true));
    out.push(createEntry(session, code === "unknown-role" ? "role" : "asset", valueText, d));
  }
  if (code === "unknown-control") {
    for (const id of CONTROLS_2013.get(valueText) ?? [])
      out.push(
        replace(
          `Replace ${valueText} (2013) by ${id} ${CONTROL_BY_ID.get(id)?.title ?? ""}`.trim(),
          id,
          true,
        ),
      );
  }
  if (code === "soa-missing-control" && file.kind === "soa") out.push(addMissingControls(session, file, d));
  if (code === "risk-above-appetite" && at.entry?.kind === "risk") {
    const owner = str(at.entry.value.owner) ?? "role-id";
    const lines = [`accepted_by: ${owner}`, `accepted_on: ${formatDay(today)}`];
    out.push(action(session, `Record acceptance by ${owner} today`, [addFields(at.entry, lines)], d));
  }
  if (code === "finding-no-action" && at.entry?.kind === "finding") {
    const owner = str(at.entry.parent?.value.auditee) ?? "role-id";
    const lines = [
      "action:",
      "  description: Describe the corrective action",
      `  owner: ${owner}`,
      `  due: ${formatDay(addDuration(today, { n: 30, unit: "days" }))}`,
    ];
    out.push(action(session, "Add a corrective action", [addFields(at.entry, lines)], d));
  }
  if (code)
    out.push(
      action(session, `Disable ${code} for this line`, [disableLineEdit(file, d.range.start.line, code)], d),
    );
  return out;
}

/** SoA skeletons for every control the workspace's SoA lacks, each after its predecessor in the catalogue. */
function addMissingControls(session: Session, file: IsmsFile, d: Diagnostic) {
  const index = session.index;
  const missing = CONTROLS.filter((c) => !index.soa.has(c.id));
  if (!missing.length) return undefined;
  const own = file.entries.filter((e) => e.kind === "control" && e.key);
  const order = new Map(CONTROLS.map((c, i) => [c.id, i]));
  const groups = new Map<Entry | undefined, string[]>();
  for (const c of missing) {
    const i = order.get(c.id)!;
    let after: Entry | undefined;
    for (const e of own)
      if ((order.get(e.id!) ?? -1) < i && (!after || order.get(e.id!)! > order.get(after.id!)!)) after = e;
    const lines = [
      `${c.id}: # ${c.title}`,
      "  applicable: true",
      "  justification: Why the control is applicable (or not)",
    ];
    groups.set(after, [...(groups.get(after) ?? []), ...lines]);
  }
  const edits: TextEdit[] = [];
  for (const [after, lines] of groups) {
    if (after) edits.push(insertAfter(after, file.lines.position(anchorRange(after)[0]).character, lines));
    else if (own.length)
      edits.push(insertBefore(own[0], file.lines.position(anchorRange(own[0])[0]).character, lines));
    else edits.push(...(fillEmptyKey(file, "controls", lines) ?? []));
  }
  return action(
    session,
    `Add the ${missing.length} missing control${missing.length === 1 ? "" : "s"} to the SoA`,
    edits,
    d,
    true,
  );
}

export function codeActions(session: Session, params: CodeActionParams): CodeAction[] | null {
  const file = session.file(params.textDocument.uri);
  if (!file) return null;
  const out: (CodeAction | undefined)[] = [];
  for (const d of params.context.diagnostics)
    if (d.source === "isms") out.push(...fixesFor(session, file, d));
  // Mark reviewed today is offered in any reviewable entry, with or without a finding.
  if (!params.context.diagnostics.some((d) => REVIEW_CODES.has(String(d.code)))) {
    const at = nodeAt(file, file.lines.offset(params.range.start));
    const entry = at.entry?.kind === "finding" ? undefined : at.entry;
    const inHeader = !entry && file.kind === "soa" && at.path[0] !== "controls";
    if (entry || inHeader)
      out.push(
        action(session, "Mark reviewed today", [
          reviewedTodayEdit(file, entry, session.today, session.index),
        ]),
      );
  }
  const only = params.context.only;
  return out.filter((a): a is CodeAction => !!a && (!only || only.some((k) => a.kind!.startsWith(k))));
}
