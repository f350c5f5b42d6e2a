// Risk scoring: score = likelihood x impact; levels and review intervals from the manifest's method.
import type { Entry } from "./model";
import { levelOf, type Level, type Settings } from "./settings";

const scale = (v: unknown): number | undefined =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5 ? (v as number) : undefined;

export interface RiskScores {
  likelihood?: number;
  impact?: number;
  inherent?: number;
  inherentLevel?: Level;
  residualLikelihood?: number;
  residualImpact?: number;
  residual?: number;
  residualLevel?: Level;
  /** The score that sets the review interval: residual when given, else inherent. */
  current?: number;
  currentLevel?: Level;
}

export function riskScores(risk: Entry, settings: Settings): RiskScores {
  const v = risk.value;
  const likelihood = scale(v.likelihood);
  const impact = scale(v.impact);
  const res = v.residual && typeof v.residual === "object" ? (v.residual as Record<string, unknown>) : {};
  const residualLikelihood = scale(res.likelihood);
  const residualImpact = scale(res.impact);
  const inherent = likelihood !== undefined && impact !== undefined ? likelihood * impact : undefined;
  const residual =
    residualLikelihood !== undefined && residualImpact !== undefined
      ? residualLikelihood * residualImpact
      : undefined;
  const current = residual ?? inherent;
  return {
    likelihood,
    impact,
    inherent,
    inherentLevel: inherent !== undefined ? levelOf(settings, inherent) : undefined,
    residualLikelihood,
    residualImpact,
    residual,
    residualLevel: residual !== undefined ? levelOf(settings, residual) : undefined,
    current,
    currentLevel: current !== undefined ? levelOf(settings, current) : undefined,
  };
}
