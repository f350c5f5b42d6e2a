// A risk's treatment plan (clause 6.1.3 e and f): its controls' implementation in the SoA, its actions
// and the owner's approval. One answer for mitigation-no-plan, the hover and code lens, and the reports.
import { actionsOf, actionStatus } from "../../action";
import type { Entry } from "../../model";
import { list, str } from "../../rules/api";
import { formatDay, parseDay, type Day } from "../../values";
import type { WorkspaceIndex } from "../../workspace";

/** The SoA statuses of a control that is not (yet) fully in place. */
export const UNFINISHED_STATUSES: readonly string[] = ["planned", "partial", "not-implemented"];

/**
 * A control's implementation status in the SoA: the status of its first applicable entry; undefined when
 * the SoA does not list it, excludes it, or gives no status.
 */
export function soaStatus(index: WorkspaceIndex, control: string): string | undefined {
  const entry = index.soa.get(control)?.find((e) => e.value.applicable !== false);
  return entry ? str(entry.value.status) : undefined;
}

/** What soaStatus answers for every control, as one string: the same string, the same answers. */
export function soaSignature(index: WorkspaceIndex): string {
  let sig = "";
  for (const id of index.soa.keys()) sig += `${id}=${soaStatus(index, id) ?? ""};`;
  return sig;
}

/** The risk's controls whose SoA status is planned, partial or not-implemented, in the risk's order. */
export function unfinishedControls(
  risk: Entry,
  index: WorkspaceIndex,
): { control: string; status: string }[] {
  const out: { control: string; status: string }[] = [];
  for (const c of list(risk.value.controls)) {
    if (typeof c !== "string" || out.some((x) => x.control === c)) continue;
    const status = soaStatus(index, c);
    if (status !== undefined && UNFINISHED_STATUSES.includes(status)) out.push({ control: c, status });
  }
  return out;
}

export interface PlanState {
  /** Actions not closed (overdue ones included), overdue ones, closed ones. */
  open: number;
  overdue: number;
  closed: number;
  /** The owner's approval of the plan and the residual risk (6.1.3 f): both role and date recorded. */
  approved: boolean;
  approvedBy: string | undefined;
  approvedOn: Day | undefined;
}

export function planState(risk: Entry, today: Day): PlanState {
  let open = 0;
  let overdue = 0;
  let closed = 0;
  for (const a of actionsOf(risk)) {
    const s = actionStatus(a.value, today).state;
    if (s === "closed") closed++;
    else {
      open++;
      if (s === "overdue") overdue++;
    }
  }
  const approvedBy = str(risk.value.plan_approved_by);
  const approvedOn = parseDay(risk.value.plan_approved_on);
  return {
    open,
    overdue,
    closed,
    approved: approvedBy !== undefined && approvedOn !== undefined,
    approvedBy,
    approvedOn,
  };
}

/** "2 open actions (1 overdue), 1 closed", "no actions". */
export function actionsSummary(p: PlanState): string {
  if (p.open + p.closed === 0) return "no actions";
  const parts: string[] = [];
  if (p.open)
    parts.push(
      `${p.open} open action${p.open === 1 ? "" : "s"}${p.overdue ? ` (${p.overdue} overdue)` : ""}`,
    );
  if (p.closed) parts.push(`${p.closed} closed${p.open ? "" : ` action${p.closed === 1 ? "" : "s"}`}`);
  return parts.join(", ");
}

/** "approved by ceo on 2026-03-02", "not approved by the owner" (a role without a date is no approval yet). */
export function approvalSummary(p: PlanState): string {
  if (!p.approvedBy) return "not approved by the owner";
  return p.approvedOn === undefined
    ? `approved by ${p.approvedBy} (no date recorded)`
    : `approved by ${p.approvedBy} on ${formatDay(p.approvedOn)}`;
}
