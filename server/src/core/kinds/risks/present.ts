// A risk's hover (scores, treatment, residual, appetite, owner, controls, next review) and code lens.
import type { Entry } from "../../model";
import { reviewOfEntry } from "../../reviews";
import { riskScores } from "../../risk";
import { list, str } from "../../rules/api";
import { display, formatDay, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import { actionsSummary, approvalSummary, planState } from "./plan";

export function riskHover(risk: Entry, { index, today }: PresentContext): string[] {
  const v = risk.value;
  const s = riskScores(risk, index.settings);
  const out = [`**${risk.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  if (s.inherent !== undefined)
    out.push(`Score: ${s.likelihood} × ${s.impact} = **${s.inherent}** (${s.inherentLevel?.name})`);
  if (str(v.treatment)) out.push(`Treatment: ${display(v.treatment)}`);
  if (s.residual !== undefined)
    out.push(
      `Residual: ${s.residualLikelihood} × ${s.residualImpact} = **${s.residual}** (${s.residualLevel?.name})`,
    );
  if (s.current !== undefined && s.current > index.settings.appetite)
    out.push(
      `Above the appetite of ${index.settings.appetite}${str(v.accepted_by) ? `; accepted by ${display(v.accepted_by)}` : ""}`,
    );
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  const controls = list(v.controls).map(display);
  if (controls.length) out.push(`Controls: ${controls.join(", ")}`);
  const plan = planState(risk, today);
  if (plan.open + plan.closed > 0 || plan.approvedBy || v.treatment === "mitigate")
    out.push(`Treatment plan: ${actionsSummary(plan)}; ${approvalSummary(plan)}`);
  const review = reviewOfEntry(risk, index.settings);
  if (review?.due !== undefined)
    out.push(`Next review: ${formatDay(review.due)} (${relativeDay(review.due, today)})`);
  return out;
}

export function riskLens(risk: Entry, { index, today }: PresentContext): string {
  const s = riskScores(risk, index.settings);
  const parts: string[] = [];
  if (s.inherent !== undefined && s.inherentLevel) parts.push(`score ${s.inherent}`, s.inherentLevel.name);
  if (s.residual !== undefined && s.residualLevel)
    parts.push(`residual ${s.residual} ${s.residualLevel.name}`);
  const plan = planState(risk, today);
  if (plan.open) parts.push(actionsSummary({ ...plan, closed: 0 }));
  const due = reviewOfEntry(risk, index.settings)?.due;
  parts.push(due === undefined ? "never reviewed" : `review due ${formatDay(due)}`);
  return parts.join(" · ");
}
