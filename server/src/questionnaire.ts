// Drafting a questionnaire's answers to a file, for `isms answer` and the editor's "ISMS: Answer
// Questionnaire...": the questions CSV is read, the draft written beside it as <name>.draft.csv with the
// reports' protection (a draft someone changed since isms wrote it is never replaced without force).
import { statSync, readFileSync } from "node:fs";
import { answerQuestionnaire, draftPathOf } from "./core/kinds/answers/questionnaire";
import type { WorkspaceIndex } from "./core/workspace";
import { writeReport } from "./reports/write";

/** The largest questionnaire read (a CSV of questions is some kilobytes). */
export const MAX_QUESTIONNAIRE_BYTES = 8 * 1024 * 1024;

export type DraftResult =
  | { ok: true; draft: string; questions: number; answered: number }
  | { ok: false; reason: string; draft?: string; forceable: boolean };

/** Reads the questionnaire at `path`, writes its draft beside it; `root`: the draft must stay inside it. */
export function draftQuestionnaire(
  index: WorkspaceIndex,
  path: string,
  opts: { force?: boolean; root?: string } = {},
): DraftResult {
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, reason: `${path} is not a file`, forceable: false };
    if (st.size > MAX_QUESTIONNAIRE_BYTES)
      return {
        ok: false,
        reason: `${path} is larger than ${MAX_QUESTIONNAIRE_BYTES >> 20} MiB`,
        forceable: false,
      };
    text = readFileSync(path, "utf8");
  } catch (e) {
    return {
      ok: false,
      reason: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      forceable: false,
    };
  }
  const draft = draftPathOf(path);
  const drafted = answerQuestionnaire(index, text);
  const written = writeReport(draft, drafted.csv, opts.force === true, { root: opts.root });
  if (!written.ok) return { ok: false, reason: written.reason, draft, forceable: written.forceable };
  return { ok: true, draft, questions: drafted.questions, answered: drafted.answered };
}
