// Drafting the answers to a client's security questionnaire from the answer library: a CSV of questions
// in (one a row, the question in the first column, an optional header row), a draft CSV out with, for
// each question, the best library answer, its id and score, the controls and documents it cites and the
// next best answers (an answer is proposed from a score of 3). The officer reviews the draft; nothing is
// sent anywhere.
import { csvField } from "../../../reports/csv";
import type { Entry } from "../../model";
import { list } from "../../rules/api";
import { display } from "../../values";
import type { WorkspaceIndex } from "../../workspace";
import { libraryAnswers, matchAnswers, type AnswerMatch } from "./domain";

/**
 * Parses CSV (RFC 4180, leniently): fields separated by commas, rows by CRLF, LF or CR; a quoted field
 * may hold commas, line breaks and doubled quotes; a byte order mark at the start is dropped; text after
 * a closing quote is kept. Rows that are wholly empty are dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.some((f) => f.trim() !== "")) rows.push(row);
    row = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else field += c;
  }
  if (field !== "" || row.length) endRow();
  return rows;
}

/** Whether a first row is a header: its first cell names the column ("Question", "Questions", "Query"). */
export const isHeader = (first: string): boolean =>
  /^(?:#\s*)?(?:questions?|quer(?:y|ies)|requirements?|items?)(?:\s+(?:text|asked))?\s*:?$/i.test(
    first.trim(),
  );

/** The questions of a questionnaire CSV: the first cell of each row, trimmed, without a header row. */
export function questionsOf(csv: string): string[] {
  const rows = parseCsv(csv);
  const questions = rows.map((r) => (r[0] ?? "").trim());
  if (questions.length && isHeader(questions[0])) questions.shift();
  return questions.filter((q) => q !== "");
}

export interface DraftRow {
  question: string;
  best: AnswerMatch | undefined;
  /** The next best answers (at most two). */
  others: AnswerMatch[];
}

/**
 * The least score a draft proposes an answer at: two shared words, or a word and a control. One common
 * word ("data") alone proposes nothing.
 */
export const MIN_DRAFT_SCORE = 3;

/** The proposed answers for each question, from the workspace's answer library. */
export function draftAnswers(index: WorkspaceIndex, questions: readonly string[]): DraftRow[] {
  const library = libraryAnswers(index);
  return questions.map((question) => {
    const [best, ...rest] = matchAnswers(library, question).filter((m) => m.score >= MIN_DRAFT_SCORE);
    return { question, best, others: rest.slice(0, 2) };
  });
}

export const DRAFT_COLUMNS = [
  "question",
  "proposed_answer",
  "answer_id",
  "score",
  "controls",
  "documents",
  "other_matches",
] as const;

const cited = (e: Entry, field: string) => list(e.value[field]).map(display).filter(Boolean).join(", ");

/** The draft as CSV (UTF-8 with a byte order mark, CRLF, spreadsheet-safe like the reports' CSV). */
export function draftCsv(rows: readonly DraftRow[]): string {
  const lines = [DRAFT_COLUMNS.map((c) => csvField(c)).join(",")];
  for (const r of rows) {
    const b = r.best;
    const cells = b
      ? [
          r.question,
          display(b.entry.value.answer),
          b.id,
          b.score,
          cited(b.entry, "controls"),
          cited(b.entry, "documents"),
          r.others.map((o) => `${o.id} (${o.score})`).join("; "),
        ]
      : [r.question, "", "", 0, "", "", ""];
    lines.push(cells.map((c) => csvField(c)).join(","));
  }
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/** The draft's path beside the questionnaire: questions.csv -> questions.draft.csv. */
export const draftPathOf = (csvPath: string): string =>
  /\.csv$/i.test(csvPath) ? csvPath.replace(/\.csv$/i, ".draft.csv") : `${csvPath}.draft.csv`;

export interface Drafted {
  csv: string;
  questions: number;
  answered: number;
}

/** A questionnaire's text in, the draft's text and counts out. */
export function answerQuestionnaire(index: WorkspaceIndex, questionnaire: string): Drafted {
  const rows = draftAnswers(index, questionsOf(questionnaire));
  return { csv: draftCsv(rows), questions: rows.length, answered: rows.filter((r) => r.best).length };
}
