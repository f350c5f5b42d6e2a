// The rule API, shaped like ESLint's: one module per rule with a stable id (user-facing: never rename
// one), a default severity, a one-paragraph doc and how to fix it, its messages by id with {{placeholders}},
// its check over the workspace index, and the quick fixes its findings offer.
import type { EntryInfo } from "../registry";
import type { NodeAt } from "../locate";
import type { PathResolver } from "../paths";
import type { Entry, IsmsFile, Range, TextFile } from "../model";
import type { TextEdit } from "../navigate";
import type { FileHistory } from "../revisions";
import type { Settings } from "../settings";
import type { Day } from "../values";
import type { WorkspaceIndex } from "../workspace";

export type Severity = "error" | "warning" | "information" | "hint";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "information", "hint"];

/** The values a message's placeholders are filled with. */
export type MessageData = Record<string, string | number>;

export interface RuleContext {
  index: WorkspaceIndex;
  settings: Settings;
  /** Today (fixed by --today / ISMS_TODAY in tests and CI). */
  today: Day;
  /** Now, in epoch milliseconds (start of `today` when the clock is fixed). */
  now: number;
  /** Resolves the paths the format names, inside the workspace only (see paths.ts). */
  paths: PathResolver;
  /** A file's path as people read it: relative to its workspace folder, with "/". */
  relative(path: string): string;
  /** Every rule id (to check the manifest's `rules:`). */
  ruleIds: readonly string[];
  /** Git's account of the files (revision-unrecorded); absent where there is none to give (tests, --at). */
  history?: FileHistory;
  /** Reports a message of the rule at a range of a file; a path (a file without a model) reports at its start. */
  report(file: IsmsFile | TextFile | string, range: Range, messageId: string, data?: MessageData): void;
  /** Reports on an entry: its anchor (its id value) unless a range is given. */
  reportEntry(entry: Entry, messageId: string, data?: MessageData, range?: Range): void;
}

/** A quick fix a finding offers: edits built with core/edits.ts, so comments and layout survive. */
export interface Fix {
  title: string;
  edits: (TextEdit | undefined)[] | undefined;
  preferred?: boolean;
}

/** Whether a finding's file is an ISMS file (it may be a YAML file that is not read as one). */
export const isIsmsFile = (f: IsmsFile | TextFile): f is IsmsFile => "kind" in f;

/** What a rule's fixes are computed from: the finding and the workspace as it is now. */
export interface FixContext {
  index: WorkspaceIndex;
  today: Day;
  /** The file of the finding (a YAML file that is not read as an ISMS file has only its text). */
  file: IsmsFile | TextFile;
  /** The finding's range, and what is at its start. */
  range: Range;
  at: NodeAt;
  messageId: string;
  data: MessageData;
}

export interface Rule<K extends string = string> {
  id: string;
  severity: Severity;
  /** One paragraph: what the rule finds and why it matters. */
  doc: string;
  /** How to fix a finding. */
  fix: string;
  /** The rule's messages by id; `{{name}}` is replaced by the finding's data. */
  messages: Record<string, string>;
  /** A default severity for some of its messages, other than the rule's (the manifest's setting wins). */
  severityOf?(messageId: string): Severity | undefined;
  /** A check over the whole workspace (rules that compare entries or files). */
  check?(ctx: RuleContext): void;
  /**
   * A check of one entry of the given kinds, whose findings depend only on that entry, the settings and
   * the date: they are cached while the entry is unchanged, so an edit re-checks only what it touched.
   * It reports on the entry itself (ctx.reportEntry, or ctx.report on its own file).
   */
  entry?: {
    /** The entry kinds it checks, or which entry kinds (by what they declare) it applies to. */
    kinds: readonly K[] | ((info: EntryInfo) => boolean);
    /** Its findings also depend on which ids the workspace defines (reference rules). */
    dependsOnIds?: boolean;
    /**
     * With dependsOnIds: the kinds whose ids its findings read besides the id they cite (a did-you-mean
     * among the ids of one kind). An entry's finding is then checked again only when an id of one of
     * these kinds, or the id it cites, changes; without it, when any id changes.
     */
    idKinds?: readonly string[];
    /** Its findings also depend on which controls the SoA applies. */
    dependsOnSoa?: boolean;
    check(entry: Entry<K>, ctx: RuleContext): void;
  };
  /** The quick fixes of a finding of this rule. */
  fixes?(ctx: FixContext): Fix[];
}

export function defineRule<const K extends string>(rule: Rule<K>): Rule {
  return rule;
}

/** How much of one value a message shows (a 1 MiB key is not echoed whole). */
export const MAX_VALUE_IN_MESSAGE = 200;

/** A value as a message shows it: cut to MAX_VALUE_IN_MESSAGE characters. */
export function cutValue(v: string | number): string {
  const s = String(v);
  return s.length > MAX_VALUE_IN_MESSAGE
    ? `${s.slice(0, MAX_VALUE_IN_MESSAGE)}… (${s.length} characters)`
    : s;
}

/** The text of a rule's message with its placeholders filled; throws on an unknown id or a missing value. */
export function formatMessage(rule: Rule, messageId: string, data: MessageData = {}): string {
  const template = rule.messages[messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} has no message '${messageId}'`);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = data[name];
    if (v === undefined) throw new Error(`message '${messageId}' of rule ${rule.id} needs '${name}'`);
    // A message that is a whole text (a syntax error, a file's) may be longer than one value.
    return name === "message" ? String(v) : cutValue(v);
  });
}

/** The page of a rule in docs/rules, relative to the package root (shipped with the server). */
export const ruleDocPath = (rule: Pick<Rule, "id">): string => `docs/rules/${rule.id}.md`;

// Small readers for values that may have the wrong type (the schema rule reports those).
export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v : undefined;
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
