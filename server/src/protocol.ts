// The custom requests between the extension and the language server, declared once and imported by
// both sides. Everything here is plain JSON: the client never parses YAML, it asks.
import { NotificationType, RequestType } from "vscode-languageserver-protocol";
import type { Location, WorkspaceEdit } from "vscode-languageserver-protocol";

/**
 * A group of the "Overdue & due soon" view: a file kind for its reviews ("risks", "soa"), or what else
 * falls due ("training", "audits", "actions").
 */
export type DueKind = string;

export type DueState = "overdue" | "due-soon" | "later";

export interface DueItem<L = Location> {
  kind: DueKind;
  /** The group's title in the view ("Risks", "Corrective actions") and what one item is ("risk review"). */
  kindTitle: string;
  kindLabel: string;
  /** Where the group comes in the view: reviews by kind, then what else falls due, then actions. */
  kindRank: number;
  id: string;
  title: string;
  /** Owner role id, and its title when the role exists. */
  owner?: string;
  ownerTitle?: string;
  /** YYYY-MM-DD; absent when the item has no date at all (never reviewed, never held): then overdue. */
  due?: string;
  /** Days past due (negative: days left); absent with `due`. */
  daysOverdue?: number;
  state: DueState;
  /** Whether "Mark reviewed today" applies (a review clock, not an action or audit date). */
  reviewable: boolean;
  location: L;
}

export interface DueItemsParams {
  /** Include items due later than the due-soon window (default false). */
  all?: boolean;
  /** The due-soon window in days (default: the manifest's reviews.due_soon, else 30 days). */
  dueSoonDays?: number;
}

export interface RiskRow<L = Location> {
  id: string;
  title: string;
  owner?: string;
  assets: string[];
  threat?: string;
  treatment?: string;
  controls: string[];
  likelihood?: number;
  impact?: number;
  inherent?: number;
  inherentLevel?: string;
  residual?: number;
  residualLevel?: string;
  /** Residual when given, else inherent: what appetite is measured against. */
  current?: number;
  currentLevel?: string;
  aboveAppetite: boolean;
  /** Accepted by a role with a date, and the acceptance has not lapsed. */
  accepted: boolean;
  nextReview?: string;
  location: L;
}

export interface RiskRegisterParams {
  /** Only risks above appetite, or only those within it (default all). */
  filter?: "all" | "above" | "within";
  /** At most this many risks of each level (default all): a view of a huge register stays small. */
  limitPerLevel?: number;
}

export interface RiskRegister<L = Location> {
  appetite: number;
  /** The manifest's levels, lowest first, with how many risks (after the filter) each has. */
  levels: { name: string; max: number; count: number }[];
  /** In register order; per level at most limitPerLevel. */
  risks: RiskRow<L>[];
}

import type { ActionState } from "./core/action";
import type { AuditState } from "./core/kinds/audits/domain";
export type { ActionState, AuditState };

export interface FindingRow<L = Location> {
  id: string;
  title: string;
  type?: string;
  ref?: string;
  action?: {
    description?: string;
    owner?: string;
    due?: string;
    closed?: string;
    state: ActionState;
    /** Closed and verified by a role. */
    verified: boolean;
  };
  location: L;
}

export interface AuditRow<L = Location> {
  id: string;
  title: string;
  planned?: string;
  performed?: string;
  state: AuditState;
  scope: string[];
  auditor?: string;
  auditee?: string;
  findings: FindingRow<L>[];
  location: L;
}

export interface AuditProgramme {
  audits: AuditRow[];
}

export interface Summary {
  today: string;
  organisation?: string;
  files: number;
  entries: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  overdue: number;
  dueSoon: number;
  /** True while the first workspace scan runs. */
  scanning: boolean;
}

/** An open corrective action, whatever records it (the Actions view). */
export interface ActionItem<L = Location> {
  /** The action's own id, when it has one. */
  id?: string;
  description: string;
  owner?: string;
  ownerTitle?: string;
  /** YYYY-MM-DD; absent when the action has no due date. */
  due?: string;
  /** Days past due (negative: days left); absent with `due`. */
  daysOverdue?: number;
  state: "open" | "overdue";
  /** What records it: "audit finding" F-2026-02-01 with its title. */
  source: { kind: string; id: string; title: string };
  /** Where it is in its file (the entry's path, then the action's): what Mark closed today names. */
  path: (string | number)[];
  location: L;
}

export interface MarkClosedParams {
  uri: string;
  path: (string | number)[];
}

export interface MarkReviewedParams {
  uri: string;
  /** The entry's id; "SoA" for the Statement of Applicability itself. */
  id?: string;
  /** Or the entry at this position. */
  position?: { line: number; character: number };
}

export type ReportFormat = "md" | "html" | "csv" | "docx" | "xlsx" | "pdf";

export interface ReportTypeInfo {
  id: string;
  title: string;
  formats: ReportFormat[];
}

export interface ReportParams {
  type: string;
  format: ReportFormat;
}

export interface ReportResult {
  /** The report: text, or base64 for docx, xlsx and pdf. */
  data: string;
  encoding: "utf8" | "base64";
  /** A file name for it: "risk-register.html". */
  fileName: string;
}

export const DueItemsRequest = new RequestType<DueItemsParams, DueItem[], void>("isms/dueItems");
export const RiskRegisterRequest = new RequestType<RiskRegisterParams, RiskRegister, void>(
  "isms/riskRegister",
);
export const AuditProgrammeRequest = new RequestType<Record<string, never>, AuditProgramme, void>(
  "isms/auditProgramme",
);
export const SummaryRequest = new RequestType<Record<string, never>, Summary, void>("isms/summary");
/** The edit that marks an entry reviewed today (the same edit as the quick fix); null when none applies. */
export const MarkReviewedRequest = new RequestType<MarkReviewedParams, WorkspaceEdit | null, void>(
  "isms/markReviewedEdit",
);
/** Every open corrective action, most overdue first. */
export const OpenActionsRequest = new RequestType<Record<string, never>, ActionItem[], void>(
  "isms/openActions",
);
/** A tag an audit pack can be built from: its name, commit and commit date (ISO 8601). */
export interface AuditPackTag {
  tag: string;
  short: string;
  date: string;
}
/** The tags of the first workspace folder's repository, newest first (none in Restricted Mode). */
export const AuditPackTagsRequest = new RequestType<Record<string, never>, AuditPackTag[], void>(
  "isms/auditPackTags",
);
export interface BuildAuditPackParams {
  /** A tag, branch or commit; undefined: the working tree as saved on disk. */
  ref?: string;
  /** The reports folder (the isms.reportsFolder setting), relative to the first workspace folder. */
  folder: string;
  /** Replace a pack that was changed since isms wrote it. */
  force?: boolean;
}
export interface BuildAuditPackResult {
  written: boolean;
  /** The pack's URI, when it was written or is in the way. */
  uri?: string;
  files: number;
  missing: number;
  refused: number;
  /** The sha256 of the pack's manifest.json. */
  manifestSha256?: string;
  /** Why it was not written; `forceable` when force would write it (the pack was changed by someone). */
  reason?: string;
  forceable?: boolean;
}
/** Builds the audit pack (a ZIP file) of the first workspace folder and writes it to the reports folder. */
export const BuildAuditPackRequest = new RequestType<BuildAuditPackParams, BuildAuditPackResult, void>(
  "isms/buildAuditPack",
);
/** The edit that closes an action today (`closed:` set); null when there is none or it is closed. */
export const MarkClosedRequest = new RequestType<MarkClosedParams, WorkspaceEdit | null, void>(
  "isms/markClosedEdit",
);
/** The report types and their formats. */
export const ReportTypesRequest = new RequestType<Record<string, never>, ReportTypeInfo[], void>(
  "isms/reportTypes",
);
/** A report of the workspace as it is now (open editors included), rendered. */
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>("isms/report");
/** The dashboard's HTML body (no scripts, no remote content; the client frames it). */
export const DashboardRequest = new RequestType<Record<string, never>, { html: string; css: string }, void>(
  "isms/dashboard",
);
export interface CheckTextParams {
  /** The workspace folder to report on (its URI); default the first. */
  folder?: string;
}

export interface CheckTextResult {
  /** What `isms check` prints for the folder (the text format, paths relative to it): one line a finding. */
  text: string;
  errors: number;
  warnings: number;
}

/** The findings of one workspace folder as `isms check` prints them (the task "isms: check"). */
export const CheckTextRequest = new RequestType<CheckTextParams, CheckTextResult, void>("isms/checkText");
export interface AnswerQuestionnaireParams {
  /** The questionnaire: a CSV file of questions inside a workspace folder. */
  uri: string;
  /** Replace a draft that was changed since isms wrote it. */
  force?: boolean;
}

export interface AnswerQuestionnaireResult {
  /** The draft's URI (<name>.draft.csv beside the questionnaire), when it was written or is in the way. */
  draft?: string;
  written: boolean;
  questions: number;
  /** Questions that got a proposed answer. */
  answered: number;
  /** Why it was not written; `forceable` when force would write it (the draft was changed by someone). */
  reason?: string;
  forceable?: boolean;
}

/** Drafts answers to a questionnaire from the answer library and writes them beside it; nothing is sent. */
export const AnswerQuestionnaireRequest = new RequestType<
  AnswerQuestionnaireParams,
  AnswerQuestionnaireResult,
  void
>("isms/answerQuestionnaire");
/** Sent after every re-check whose results changed: views refresh on it. */
export const ChangedNotification = new NotificationType<{ version: number }>("isms/changed");
