// What every report builder gets, and small helpers they share.
import type { Finding } from "../core/check";
import type { History, RefCommit } from "../core/git";
import type { Entry } from "../core/model";
import { list } from "../core/rules/api";
import type { Level, Settings } from "../core/settings";
import { levelOf } from "../core/settings";
import { display, formatDay, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { levelTones, type Block, type Cell, type Doc, type Meta, type Tone } from "./doc";
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

export function metaOf(index: WorkspaceIndex, today: Day, source?: string): Meta {
  return {
    organisation: index.settings.organisation,
    scope: index.settings.scope,
    asOf: formatDay(today),
    source,
  };
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
