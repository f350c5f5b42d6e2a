// An objective's due date and its metrics' state: one answer for the rules, the Overdue view, the hover and
// code lens, and the reports.
import type { Entry } from "../../model";
import { list } from "../../rules/api";
import { parseDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";
import { metricStatus, type MetricStatus, type TargetState } from "../metrics/domain";

/** Objectives with these statuses are finished: nothing of them falls due. */
export const FINISHED = new Set(["achieved", "dropped"]);

/** The due date of an objective still pursued (not achieved or dropped); undefined otherwise. */
export function objectiveDue(o: Entry): Day | undefined {
  const status = o.value.status;
  if (typeof status === "string" && FINISHED.has(status)) return undefined;
  return parseDay(o.value.due);
}

export interface ObjectiveMetric {
  /** The id as the objective cites it. */
  id: string;
  /** The metric entry; undefined when no metric has that id (unknown-metric says so). */
  metric: Entry | undefined;
  status: MetricStatus | undefined;
}

/** The metrics an objective cites, each with its state today. */
export function objectiveMetrics(o: Entry, index: WorkspaceIndex, today: Day): ObjectiveMetric[] {
  const out: ObjectiveMetric[] = [];
  for (const ref of list(o.value.metrics)) {
    if (typeof ref !== "string" || !ref) continue;
    const metric = index.defs.get(ref)?.find((e) => e.kind === "metric");
    out.push({ id: ref, metric, status: metric && metricStatus(metric, index, today) });
  }
  return out;
}

const ORDER: (TargetState | "unknown")[] = ["on target", "off target", "no target", "no value", "unknown"];

/** "2 metrics: 1 on target, 1 off target"; "no metrics". */
export function metricsSummary(ms: readonly ObjectiveMetric[]): string {
  if (!ms.length) return "no metrics";
  const counts = new Map<string, number>();
  for (const m of ms) {
    const key = m.status?.state ?? "unknown";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = ORDER.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${k}`);
  return `${ms.length} metric${ms.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}
