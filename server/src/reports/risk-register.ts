// The risk register (clauses 6.1.2, 6.1.3, 8.2, 8.3): every risk, heat maps of inherent and residual
// risk with the appetite line, the risks above appetite, and the treatment plan with SoA status.
import { CONTROL_BY_ID } from "../core/catalogue";
import { isAccepted } from "../core/queries";
import { reviewOfEntry } from "../core/reviews";
import { riskScores } from "../core/risk";
import { list, str } from "../core/rules/api";
import { formatDay, byId } from "../core/values";
import type { Block, Cell, Doc } from "./doc";
import {
  count,
  doc,
  ids,
  heatmap,
  levelCell,
  riskGrids,
  roleName,
  text,
  titleOf,
  type ReportContext,
} from "./common";

export function riskRegister(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const settings = index.settings;
  const risks = byId(index.byKind.get("risk") ?? []);
  const { inherent, residual } = riskGrids(index);
  const rows: Cell[][] = [];
  const csvRows: Cell[][] = [];
  const above: Cell[][] = [];
  const plan: Cell[][] = [];
  const byLevel = new Map<string, number>();
  for (const r of risks) {
    const v = r.value;
    const s = riskScores(r, settings);
    if (s.currentLevel) byLevel.set(s.currentLevel.name, (byLevel.get(s.currentLevel.name) ?? 0) + 1);
    const due = reviewOfEntry(r, settings)?.due;
    const acceptance = str(v.accepted_by)
      ? `${roleName(index, v.accepted_by)} on ${text(v.accepted_on)}${v.accepted_until ? ` until ${text(v.accepted_until)}` : ""}`
      : "";
    const nextReview: Cell =
      due === undefined
        ? { text: "never reviewed", tone: "bad" }
        : { text: formatDay(due), tone: due < today ? "bad" : undefined };
    rows.push([
      r.id,
      titleOf(r),
      roleName(index, v.owner),
      ids(v.assets),
      text(v.threat),
      levelCell(settings, s.inherentLevel, s.inherent),
      text(v.treatment),
      ids(v.controls),
      levelCell(settings, s.residualLevel, s.residual),
      acceptance,
      nextReview,
    ]);
    csvRows.push([
      r.id,
      titleOf(r),
      text(v.owner),
      ids(v.assets),
      text(v.threat),
      text(v.vulnerability),
      s.likelihood,
      s.impact,
      s.inherent,
      levelCell(settings, s.inherentLevel),
      text(v.treatment),
      ids(v.controls),
      s.residualLikelihood,
      s.residualImpact,
      s.residual,
      levelCell(settings, s.residualLevel),
      text(v.accepted_by),
      text(v.accepted_on),
      text(v.accepted_until),
      text(v.status),
      due === undefined ? "" : formatDay(due),
    ]);
    if (s.current !== undefined && s.current > settings.appetite)
      above.push([
        r.id,
        titleOf(r),
        roleName(index, v.owner),
        levelCell(settings, s.currentLevel, s.current),
        text(v.treatment),
        isAccepted(r, today) ? { text: acceptance, tone: "good" } : { text: "not accepted", tone: "bad" },
      ]);
    if (v.treatment === "mitigate")
      for (const c of list(v.controls).map(String)) {
        const soa = index.soa.get(c)?.[0]?.value;
        const status: Cell = !soa
          ? { text: "not in the SoA", tone: "bad" }
          : soa.applicable === false
            ? { text: "excluded in the SoA", tone: "bad" }
            : {
                text: text(soa.status) || "applicable",
                tone: soa.status === "implemented" ? "good" : "warn",
              };
        plan.push([r.id, c, CONTROL_BY_ID.get(c)?.title ?? "", status, roleName(index, soa?.owner)]);
      }
  }
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "facts",
      items: [
        ["Risks", risks.length],
        ["Risk appetite", `score ${settings.appetite} (likelihood x impact)`],
        ["Above appetite", { text: count(above.length, "risk"), tone: above.length ? "warn" : "good" }],
        ...settings.levels
          .slice()
          .reverse()
          .map((l): [string, Cell] => [`${l.name} (current)`, byLevel.get(l.name) ?? 0]),
      ],
    },
    { kind: "heading", level: 2, text: "Heat maps" },
    heatmap(settings, "Inherent risk", inherent),
    heatmap(settings, "Residual risk (inherent where no residual is recorded)", residual),
    { kind: "heading", level: 2, text: "Risks above appetite" },
    {
      kind: "table",
      columns: ["Risk", "Title", "Owner", "Current score", "Treatment", "Acceptance"],
      rows: above,
    },
    { kind: "heading", level: 2, text: "Register" },
    {
      kind: "table",
      columns: [
        "Risk",
        "Title",
        "Owner",
        "Assets",
        "Threat",
        "Inherent",
        "Treatment",
        "Controls",
        "Residual",
        "Acceptance",
        "Next review",
      ],
      rows,
    },
    { kind: "heading", level: 2, text: "Risk treatment plan" },
    {
      kind: "paragraph",
      text: "The controls of every risk treated by mitigation, with their status in the Statement of Applicability (clause 6.1.3 e).",
    },
    {
      kind: "table",
      columns: ["Risk", "Control", "Control title", "SoA status", "Control owner"],
      rows: plan,
    },
  ];
  return doc(ctx, "risk-register", "Risk register", blocks, {
    columns: [
      "id",
      "title",
      "owner",
      "assets",
      "threat",
      "vulnerability",
      "likelihood",
      "impact",
      "inherent_score",
      "inherent_level",
      "treatment",
      "controls",
      "residual_likelihood",
      "residual_impact",
      "residual_score",
      "residual_level",
      "accepted_by",
      "accepted_on",
      "accepted_until",
      "status",
      "next_review",
    ],
    rows: csvRows,
  });
}
