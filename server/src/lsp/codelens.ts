// Code lens over each risk (score, level, next review), role (what it owns) and SoA control (risks
// citing it, last audit). Informational: the lenses carry no command.
import type { CodeLens } from "vscode-languageserver/node";
import { anchorRange, type Entry } from "../core/model";
import { citingRisks, lastAudit, ownedSummary } from "../core/queries";
import { reviewOfEntry } from "../core/reviews";
import { riskScores } from "../core/risk";
import { formatDay } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { lspRange } from "./convert";
import type { Session } from "./session";
import { OUTLINE_LIMIT } from "./symbols";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function lensTitle(index: WorkspaceIndex, e: Entry): string | undefined {
  if (e.kind === "risk") {
    const s = riskScores(e, index.settings);
    const parts: string[] = [];
    if (s.inherent !== undefined && s.inherentLevel) parts.push(`score ${s.inherent}`, s.inherentLevel.name);
    if (s.residual !== undefined && s.residualLevel)
      parts.push(`residual ${s.residual} ${s.residualLevel.name}`);
    const due = reviewOfEntry(e, index.settings)?.due;
    parts.push(due === undefined ? "never reviewed" : `review due ${formatDay(due)}`);
    return parts.join(" · ");
  }
  if (e.kind === "role" && e.id) {
    const owned = ownedSummary(index, e.id);
    return owned ? `owner of ${owned}` : "owns nothing";
  }
  if (e.kind === "control" && e.id) {
    const audit = lastAudit(index, e.id);
    return `${plural(citingRisks(index, e.id).length, "risk")} · ${audit ? `last audited ${audit.audit.id}` : "not audited"}`;
  }
  return undefined;
}

export function codeLenses(session: Session, uri: string): CodeLens[] | null {
  const file = session.file(uri);
  if (!file) return null;
  const index = session.index;
  const out: CodeLens[] = [];
  for (const e of file.entries.slice(0, OUTLINE_LIMIT)) {
    const title = lensTitle(index, e);
    if (title) out.push({ range: lspRange(file, anchorRange(e)), command: { title, command: "" } });
  }
  return out;
}
