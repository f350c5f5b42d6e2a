// The rule API: one module per rule with a stable id (user-facing: never rename one), a default
// severity, a one-paragraph doc and how to fix it, and its check over the workspace index.
import type { Entry, EntryKind, IsmsFile, Range } from "../model";
import type { Settings } from "../settings";
import type { Day } from "../values";
import type { WorkspaceIndex } from "../workspace";

export type Severity = "error" | "warning" | "information" | "hint";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "information", "hint"];

export interface RuleContext {
  index: WorkspaceIndex;
  settings: Settings;
  /** Today (fixed by --today / ISMS_TODAY in tests and CI). */
  today: Day;
  /** Now, in epoch milliseconds (start of `today` when the clock is fixed). */
  now: number;
  fileExists(path: string): boolean;
  /** Every rule id (to check the manifest's `rules:`). */
  ruleIds: readonly string[];
  /** Reports at a range of a file; a path (a file without a model) reports at its start. */
  report(file: IsmsFile | string, range: Range, message: string): void;
  /** Reports on an entry's anchor (its id value). */
  reportEntry(entry: Entry, message: string, range?: Range): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** One paragraph: what the rule finds and why it matters. */
  doc: string;
  /** How to fix a finding. */
  fix: string;
  /** A check over the whole workspace (rules that compare entries or files). */
  check?(ctx: RuleContext): void;
  /**
   * A check of one entry of the given kinds, whose findings depend only on that entry, the settings and
   * the date: they are cached while the entry is unchanged, so an edit re-checks only what it touched.
   * It reports on the entry itself (ctx.reportEntry, or ctx.report on its own file).
   */
  entry?: {
    kinds: readonly EntryKind[];
    /** Its findings also depend on which ids the workspace defines (reference rules). */
    dependsOnIds?: boolean;
    /** Its findings also depend on which controls the SoA applies. */
    dependsOnSoa?: boolean;
    check(entry: Entry, ctx: RuleContext): void;
  };
}

export const defineRule = (rule: Rule): Rule => rule;

// Small readers for values that may have the wrong type (the schema rule reports those).
export const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v : undefined;
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
