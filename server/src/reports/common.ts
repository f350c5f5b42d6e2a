// What every report builder gets, and small helpers they share.
import type { Finding } from "../core/check";
import type { History, RefCommit } from "../core/git";
import type { Entry, IsmsFile } from "../core/model";
import { revisionsOf } from "../core/revisions";
import { dirname, resolve } from "node:path";
import { list } from "../core/rules/api";
import type { Level, Settings } from "../core/settings";
import { levelOf } from "../core/settings";
import { display, formatDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import {
  DEFAULT_CLASSIFICATION,
  levelTones,
  type Block,
  type Cell,
  type Doc,
  type Meta,
  type Tone,
} from "./doc";
import { roleTitle } from "../core/queries";
import { riskScores } from "../core/risk";
import type { ActionState, FindingRow } from "../protocol";

export interface ReportContext {
  index: WorkspaceIndex;
  today: Day;
  /** The findings of a full check (for counts and the overdue report). */
  findings: Finding[];
  meta: Meta;
  /** The ISMS folder (paths in reports are relative to it). */
  dir: string;
  /** For the changes report: the period and the git history reader. */
  period?: Period;
  history?: () => History;
}

/**
 * The changes report's period: commits dated from `from` to `to` (inclusive, by commit date), after the
 * commit `since` and up to and including `until` (default HEAD). A bound left out does not limit.
 */
export interface Period {
  from?: Day;
  to?: Day;
  since?: RefCommit;
  until?: RefCommit;
}

/**
 * The report's metadata with its document control. With the report type, the file the report comes
 * from (when it comes from one: the soa report from soa.yaml) gives the version (its `version:`, else its
 * `revisions:`), the owner and the approver (its header's `owner:` and `approved_by:`, else its newest
 * revision's approver, else a documents-register entry whose `path` is that file); otherwise the version
 * is the source commit.
 */
export function metaOf(index: WorkspaceIndex, today: Day, source?: string, type?: string): Meta {
  const meta: Meta = {
    organisation: index.settings.organisation,
    scope: index.settings.scope,
    asOf: formatDay(today),
    source,
    classification: index.settings.classification ?? DEFAULT_CLASSIFICATION,
  };
  const files = type === undefined ? [] : (index.filesOfKind.get(sourceKindOf(type)) ?? []);
  const file = files.length === 1 ? files[0] : undefined;
  if (file) Object.assign(meta, fileControl(index, file));
  meta.version ??= source ? `commit ${source}` : "working copy (not from a git commit)";
  return meta;
}

/** The kind of file a report type comes from, where its id does not name it. */
const SOURCE_KINDS: Record<string, string> = {
  "risk-register": "risks",
  "treatment-plan": "risks",
};

const sourceKindOf = (type: string): string => SOURCE_KINDS[type] ?? type;

/** Version, owner and approver of one file, from its header, its revisions or the documents register. */
function fileControl(index: WorkspaceIndex, file: IsmsFile): Partial<Meta> {
  const h = file.header;
  const out: Partial<Meta> = {};
  const revisions = revisionsOf(h);
  const newest = revisions.filter((r) => r.day !== undefined).at(-1) ?? revisions.at(-1);
  const register = (index.byKind.get("document") ?? []).find(
    (d) => typeof d.value.path === "string" && resolve(dirname(d.file.path), d.value.path) === file.path,
  );
  const version = scalarText(h.version);
  if (version) out.version = version;
  else if (newest) out.version = `revision ${revisions.length}${newest.date ? ` of ${newest.date}` : ""}`;
  else if (register && scalarText(register.value.version)) out.version = scalarText(register.value.version);
  const owner = scalarText(h.owner) || (register ? scalarText(register.value.owner) : "");
  if (owner) out.owner = personName(index, owner);
  const approver = scalarText(h.approved_by);
  if (approver) {
    out.approver = personName(index, approver);
    if (scalarText(h.approved_on)) out.approvedOn = scalarText(h.approved_on);
  } else if (newest?.approvedBy) {
    out.approver = personName(index, newest.approvedBy);
    if (newest.date) out.approvedOn = newest.date;
  } else if (register && scalarText(register.value.approved_by)) {
    out.approver = personName(index, scalarText(register.value.approved_by));
    if (scalarText(register.value.approved_on)) out.approvedOn = scalarText(register.value.approved_on);
  }
  return out;
}

/** A header value as text when it is a string, number or date; "" otherwise (a list, a map). */
function scalarText(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v.trim();
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return "";
}

/** An approver (a role id) by holder name and role, for approval blocks; "" when none is named. */
export const approverName = (index: WorkspaceIndex, id: unknown): string =>
  typeof id === "string" && id.trim() ? personName(index, id.trim()) : "";

/** A role by its holder and title: "Priya Raman, Chief Executive Officer (ceo)"; the id when unknown. */
export function personName(index: WorkspaceIndex, id: string): string {
  const role = index.defs.get(id)?.find((e) => e.kind === "role");
  if (!role) return id;
  const holder = typeof role.value.holder === "string" ? role.value.holder.trim() : "";
  const title = typeof role.value.title === "string" ? role.value.title.trim() : "";
  const who = [holder, title].filter(Boolean).join(", ");
  return who ? `${who} (${id})` : id;
}

export function doc(
  ctx: ReportContext,
  type: string,
  title: string,
  blocks: Doc["blocks"],
  csv?: Doc["csv"],
): Doc {
  return { type, title, meta: ctx.meta, blocks, csv };
}

/** A level's name with its tone (colour). */
export function levelCell(settings: Settings, level: Level | undefined, score?: number): Cell {
  if (!level) return undefined;
  const tones = levelTones(settings.levels.length);
  const tone = tones[settings.levels.indexOf(level)];
  return { text: score === undefined ? level.name : `${score} ${level.name}`, tone };
}

/** Counts of risks per likelihood and impact: inherent, and residual (inherent where none is recorded). */
export function riskGrids(index: WorkspaceIndex): { inherent: number[][]; residual: number[][] } {
  const inherent = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  const residual = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  for (const r of index.byKind.get("risk") ?? []) {
    const s = riskScores(r, index.settings);
    if (s.likelihood && s.impact) inherent[s.likelihood - 1][s.impact - 1]++;
    const l = s.residualLikelihood ?? s.likelihood;
    const i = s.residualImpact ?? s.impact;
    if (l && i) residual[l - 1][i - 1]++;
  }
  return { inherent, residual };
}

/** A heat map block of a grid, coloured by the manifest's levels, with the appetite line. */
export function heatmap(settings: Settings, title: string, counts: number[][]): Block {
  return {
    kind: "heatmap",
    title,
    counts,
    likelihoodLabels: settings.likelihoodLabels,
    impactLabels: settings.impactLabels,
    levelOf: levelToneOf(settings),
    appetite: settings.appetite,
  };
}

export function levelToneOf(settings: Settings): (score: number) => { name: string; tone: Tone } {
  const tones = levelTones(settings.levels.length);
  return (score) => {
    const level = levelOf(settings, score);
    return { name: level.name, tone: tones[settings.levels.indexOf(level)] };
  };
}

/** A role id with its title: "iso (Information Security Officer)"; the id alone when unknown. */
export function roleName(index: WorkspaceIndex, id: unknown): string {
  if (typeof id !== "string" || !id) return "";
  const title = roleTitle(index, id);
  return title ? `${id} (${title})` : id;
}

/** A corrective action's state, coloured: closed good, overdue bad, open a warning. */
export const actionCell = (state: ActionState): Cell => ({
  text: state,
  tone: state === "closed" ? "good" : state === "overdue" ? "bad" : "warn",
});

type WithAction<F extends FindingRow<unknown>> = F & { action: NonNullable<F["action"]> };

/** The findings that record a corrective action. */
export const withAction = <F extends FindingRow<unknown>>(findings: F[]): WithAction<F>[] =>
  findings.filter((f): f is WithAction<F> => f.action !== undefined);

/** Rows of a corrective actions table (finding, action, owner, due, state). */
export function actionRows(index: WorkspaceIndex, findings: FindingRow<unknown>[]): Cell[][] {
  return withAction(findings).map((f) => [
    f.id,
    f.action.description,
    roleName(index, f.action.owner),
    f.action.due,
    actionCell(f.action.state),
  ]);
}

export const text = display;

export const titleOf = (e: Entry): string => text(e.value.title ?? e.value.name);

export const ids = (v: unknown): string => display(list(v));

export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Median of numbers (undefined for none). */
export function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
