// The answer library's matching, once for the completion of a request's `answers:`, the questionnaire
// drafting command and the CLI: a question is cut into words (lower case, stop words dropped, a light
// stemming so "encrypted" meets "encryption"), and each library answer is scored by the words it shares
// with the question, counted twice when its own question has them and once when only the titles of the
// controls it cites have them, plus 3 for each control the question names that the answer cites.
import { CONTROL_BY_ID } from "../../catalogue";
import type { Entry } from "../../model";
import { list, str } from "../../rules/api";
import { compareIds, covers, display } from "../../values";
import type { WorkspaceIndex } from "../../workspace";

/** Words that say nothing about what a question is about. */
const STOP_WORDS = new Set(
  (
    "a about above after all also am an and any are as at be been being both but by can could did do does " +
    "doing done each either for from had has have having how however i if in into is it its itself may " +
    "me might must my no nor not of off on once only or other our ours out over own per please provide " +
    "describe detail details explain confirm shall should so some such than that the their theirs them " +
    "then there these they this those through to too under until up upon us very via was we were what " +
    "when where whether which while who whom why will with within would yes you your yours"
  ).split(" "),
);

/** A word's stem: plural and common suffixes cut, so the forms of a word meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  for (const suffix of ["ation", "ion", "ing", "ed", "ly"])
    if (w.length > suffix.length + 3 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  return w;
}

/** The distinct word stems of a text that carry meaning, in the order they first appear, each with the
 * word it first came from (lower case). */
function stems(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0];
    if (word.length < 2 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    const s = stem(word);
    if (!out.has(s)) out.set(s, word);
  }
  return out;
}

/** The distinct word stems of a text that carry meaning, in the order they first appear. */
export const tokenise = (text: string): string[] => [...stems(text).keys()];

/** The Annex A controls a text names ("A.8.24", "a.5.15"), distinct, upper-cased (a theme "A.8" is no control). */
export function controlsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\bA\.\d{1,2}\.\d{1,2}\b/gi)].map((m) => m[0].toUpperCase()))];
}

/** What a library answer is matched on. */
interface AnswerTerms {
  entry: Entry;
  question: Set<string>;
  controlWords: Set<string>;
  controls: string[];
}

const termsCache = new WeakMap<Entry, AnswerTerms>();

function termsOf(entry: Entry): AnswerTerms {
  let t = termsCache.get(entry);
  if (!t) {
    const controls = list(entry.value.controls).map(display).filter(Boolean);
    const titles = controls.map((c) => CONTROL_BY_ID.get(c)?.title ?? "").join(" ");
    t = {
      entry,
      question: new Set(tokenise(display(entry.value.question))),
      controlWords: new Set(tokenise(titles)),
      controls,
    };
    termsCache.set(entry, t);
  }
  return t;
}

export interface AnswerMatch {
  entry: Entry;
  id: string;
  score: number;
  /** The question's words the answer shares (as the question writes them, lower case), in its order. */
  words: string[];
  /** The controls the question names that the answer cites. */
  controls: string[];
}

/** The score of one answer for a question's words and named controls; undefined when nothing is shared. */
function scoreOf(
  terms: AnswerTerms,
  words: ReadonlyMap<string, string>,
  named: string[],
): AnswerMatch | undefined {
  let score = 0;
  const shared: string[] = [];
  for (const [w, form] of words) {
    if (terms.question.has(w)) score += 2;
    else if (terms.controlWords.has(w)) score += 1;
    else continue;
    shared.push(form);
  }
  const controls = named.filter((n) => terms.controls.some((c) => covers(c, n)));
  score += 3 * controls.length;
  if (score === 0) return undefined;
  return { entry: terms.entry, id: terms.entry.id ?? "", score, words: shared, controls };
}

/** The library answers (entries of kind answer with an id), each once, in id order. */
export function libraryAnswers(index: WorkspaceIndex): Entry[] {
  const seen = new Set<string>();
  return (index.byKind.get("answer") ?? [])
    .filter((e) => e.id !== undefined && !seen.has(e.id) && (seen.add(e.id), true))
    .sort((a, b) => compareIds(a.id, b.id));
}

/**
 * The library answers that match a question, best first (score, then id); only those that share a word
 * or a control. `extraControls` are controls the question is known to be about besides those it names.
 */
export function matchAnswers(
  answers: readonly Entry[],
  question: string,
  extraControls: readonly string[] = [],
): AnswerMatch[] {
  const words = stems(question);
  const named = [...new Set([...controlsIn(question), ...extraControls])];
  const out: AnswerMatch[] = [];
  for (const a of answers) {
    const m = scoreOf(termsOf(a), words, named);
    if (m) out.push(m);
  }
  return out.sort((a, b) => b.score - a.score || compareIds(a.id, b.id));
}

/** The requests (entries of kind request) that list an answer under `answers:`, in id order. */
export function requestsUsing(index: WorkspaceIndex, answerId: string): Entry[] {
  const seen = new Set<Entry>();
  for (const ref of index.refsTo.get(answerId) ?? [])
    if (ref.target === "answer" && ref.entry?.kind === "request") seen.add(ref.entry);
  return [...seen].sort((a, b) => compareIds(a.id, b.id));
}

/** The question of an answer as text ("" when it has none). */
export const questionOf = (entry: Entry): string =>
  str(entry.value.question) ?? display(entry.value.question);
