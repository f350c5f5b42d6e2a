// The dashboard of the VS Code extension: the figures an officer looks at first (what is overdue, how
// many findings, risks above appetite), the heat maps and the overdue items by kind.
import { dueItems } from "../core/queries";
import { riskScores } from "../core/risk";
import type { Block, Doc, Tone } from "./doc";
import { doc, levelToneOf, type ReportContext } from "./common";

export function dashboard(ctx: ReportContext): Doc {
  const { index, today, findings } = ctx;
  const settings = index.settings;
  const due = dueItems(index, today, () => undefined);
  const overdue = due.filter((d) => d.state === "overdue");
  const risks = index.byKind.get("risk") ?? [];
  const inherent = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  const residual = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  let above = 0;
  for (const r of risks) {
    const s = riskScores(r, settings);
    if (s.likelihood && s.impact) inherent[s.likelihood - 1][s.impact - 1]++;
    const l = s.residualLikelihood ?? s.likelihood;
    const i = s.residualImpact ?? s.impact;
    if (l && i) residual[l - 1][i - 1]++;
    if ((s.current ?? 0) > settings.appetite) above++;
  }
  const n = (sev: string) => findings.filter((f) => f.severity === sev).length;
  const openIncidents = (index.byKind.get("incident") ?? []).filter(
    (i) => i.value.status !== "closed",
  ).length;
  const tone = (bad: boolean): Tone => (bad ? "bad" : "good");
  const heat = (title: string, counts: number[][]): Block => ({
    kind: "heatmap",
    title,
    counts,
    likelihoodLabels: settings.likelihoodLabels,
    impactLabels: settings.impactLabels,
    levelOf: levelToneOf(settings),
    appetite: settings.appetite,
  });
  const kinds = [...new Set(overdue.map((d) => d.kind))];
  return doc(ctx, "dashboard", "ISMS dashboard", [
    {
      kind: "facts",
      items: [
        ["Overdue", { text: String(overdue.length), tone: tone(overdue.length > 0) }],
        ["Due soon", due.filter((d) => d.state === "due-soon").length],
        ["Errors", { text: String(n("error")), tone: tone(n("error") > 0) }],
        ["Warnings", { text: String(n("warning")), tone: n("warning") ? "warn" : "good" }],
        ["Risks", risks.length],
        ["Above appetite", { text: String(above), tone: above ? "warn" : "good" }],
        ["Open incidents", openIncidents],
      ],
    },
    heat("Inherent risk", inherent),
    heat("Residual risk", residual),
    {
      kind: "bars",
      title: "Overdue by kind",
      data: kinds.map((k) => ({ label: k, value: overdue.filter((d) => d.kind === k).length, tone: "bad" })),
    },
  ]);
}
