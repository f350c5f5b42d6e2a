// The dashboard of the VS Code extension: the figures an officer looks at first (what is overdue, how
// many findings, risks above appetite), the heat maps and the overdue items by kind.
import { dueItems } from "../core/queries";
import { riskScores } from "../core/risk";
import type { Doc, Tone } from "./doc";
import { doc, heatmap, riskGrids, type ReportContext } from "./common";

export function dashboard(ctx: ReportContext): Doc {
  const { index, today, findings } = ctx;
  const settings = index.settings;
  const due = dueItems(index, today, () => undefined);
  const overdue = due.filter((d) => d.state === "overdue");
  const risks = index.byKind.get("risk") ?? [];
  const { inherent, residual } = riskGrids(index);
  const above = risks.filter((r) => (riskScores(r, settings).current ?? 0) > settings.appetite).length;
  const n = (sev: string) => findings.filter((f) => f.severity === sev).length;
  const openIncidents = (index.byKind.get("incident") ?? []).filter(
    (i) => i.value.status !== "closed",
  ).length;
  const tone = (bad: boolean): Tone => (bad ? "bad" : "good");
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
    heatmap(settings, "Inherent risk", inherent),
    heatmap(settings, "Residual risk", residual),
    {
      kind: "bars",
      title: "Overdue by kind",
      data: kinds.map((k) => ({ label: k, value: overdue.filter((d) => d.kind === k).length, tone: "bad" })),
    },
  ]);
}
