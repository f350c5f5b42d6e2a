// The risk treatment plan (clause 6.1.3 e and f): per treated risk (mitigate, avoid, transfer), by id,
// its scores, its controls with their status in the SoA, its actions with owner, due date and state, and
// the risk owner's approval of the plan and of the residual risk.
import { actionsOf, actionStatus } from "../core/action";
import { CONTROL_BY_ID } from "../core/catalogue";
import { planState, unfinishedControls, UNFINISHED_STATUSES } from "../core/kinds/risks/plan";
import type { Entry } from "../core/model";
import { riskScores } from "../core/risk";
import { list, str } from "../core/rules/api";
import { byId, compareIds, display, formatDay } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import { cellText, type Block, type Cell, type Doc } from "./doc";
import { actionCell, count, doc, levelCell, roleName, text, titleOf, type ReportContext } from "./common";

/** The treatments a plan is made for; accepted risks are retained, with their acceptance in the register. */
const PLANNED_TREATMENTS = ["mitigate", "avoid", "transfer"];

/** A control's status in the SoA as a cell: not in it, excluded, its status, or applicable (no status). */
function soaCell(index: WorkspaceIndex, control: string): Cell {
  const entries = index.soa.get(control);
  if (!entries?.length) return { text: "not in the SoA", tone: "bad" };
  const soa = entries.find((e) => e.value.applicable !== false)?.value;
  if (!soa) return { text: "excluded in the SoA", tone: "bad" };
  const status = str(soa.status);
  if (!status) return { text: "applicable", tone: "warn" };
  return {
    text: status,
    tone: status === "implemented" ? "good" : UNFINISHED_STATUSES.includes(status) ? "warn" : undefined,
  };
}

const controlsOf = (risk: Entry): string[] => [
  ...new Set(list(risk.value.controls).filter((c): c is string => typeof c === "string")),
];

export function treatmentPlan(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const settings = index.settings;
  const all = byId(index.byKind.get("risk") ?? []);
  const risks = all.filter((r) => PLANNED_TREATMENTS.includes(String(r.value.treatment)));
  const accepted = all.filter((r) => r.value.treatment === "accept").length;
  const csvRows: Cell[][] = [];
  const overview: Cell[][] = [];
  const details: Block[] = [];
  let approved = 0;
  let actionCount = 0;
  let openCount = 0;
  let overdueCount = 0;
  let withoutPlan = 0;
  const unfinished = new Set<string>();
  for (const r of risks) {
    const v = r.value;
    const s = riskScores(r, settings);
    const plan = planState(r, today);
    const missing = unfinishedControls(r, index);
    for (const m of missing) unfinished.add(m.control);
    const noPlan =
      v.treatment === "mitigate" && v.status !== "closed" && missing.length > 0 && plan.open === 0;
    if (noPlan) withoutPlan++;
    if (plan.approved) approved++;
    const approval: Cell = plan.approved
      ? {
          text: `${roleName(index, plan.approvedBy)} on ${plan.approvedOn === undefined ? "" : formatDay(plan.approvedOn)}`,
          tone: "good",
        }
      : {
          text: plan.approvedBy
            ? `${roleName(index, plan.approvedBy)}, no date: not approved`
            : "not approved",
          tone: "bad",
        };
    const inherent = levelCell(settings, s.inherentLevel, s.inherent);
    const residual = levelCell(settings, s.residualLevel, s.residual) ?? "not assessed";
    const controls = controlsOf(r);
    const actions = actionsOf(r).map((a) => ({ a: a.value, s: actionStatus(a.value, today) }));
    actionCount += actions.length;
    openCount += plan.open;
    overdueCount += plan.overdue;
    overview.push([
      r.id,
      titleOf(r),
      roleName(index, v.owner),
      inherent,
      residual,
      text(v.treatment),
      missing.length
        ? { text: missing.map((m) => `${m.control} (${m.status})`).join(", "), tone: "warn" }
        : "",
      noPlan ? { text: "none", tone: "bad" } : plan.open,
      approval,
    ]);
    details.push(
      { kind: "heading", level: 3, text: `${r.id} ${titleOf(r)}` },
      {
        kind: "facts",
        items: [
          ["Owner", roleName(index, v.owner)],
          ["Score", inherent],
          ["Residual", residual],
          ["Treatment", text(v.treatment)],
          ["Plan approved (6.1.3 f)", approval],
        ],
      },
    );
    if (controls.length)
      details.push({
        kind: "table",
        columns: ["Control", "Control title", "SoA status", "Control owner"],
        rows: controls.map((c) => [
          c,
          CONTROL_BY_ID.get(c)?.title ?? "",
          soaCell(index, c),
          roleName(index, index.soa.get(c)?.[0]?.value.owner),
        ]),
      });
    if (actions.length)
      details.push({
        kind: "table",
        columns: ["Action", "Owner", "Due", "Closed", "State"],
        rows: actions.map(({ a, s }) => [
          [display(a.id), display(a.description)].filter(Boolean).join(": "),
          roleName(index, a.owner),
          s.due === undefined ? "" : formatDay(s.due),
          s.closed === undefined ? "" : formatDay(s.closed),
          actionCell(s.state),
        ]),
      });
    details.push({
      kind: "paragraph",
      text: noPlan
        ? `No open action while ${missing.map((m) => `${m.control} is ${m.status}`).join(", ")} (mitigation-no-plan).`
        : actions.length
          ? `${count(plan.open, "open action")}${plan.overdue ? `, ${plan.overdue} overdue` : ""}, ${plan.closed} closed.`
          : "No actions recorded.",
    });
    const controlsText = controls.map((c) => `${c} ${cellText(soaCell(index, c))}`).join("; ");
    const base: Cell[] = [
      r.id,
      titleOf(r),
      text(v.owner),
      s.inherent,
      s.inherentLevel?.name,
      s.residual,
      s.residualLevel?.name,
      text(v.treatment),
      controlsText,
    ];
    const approvalCsv: Cell[] = [
      plan.approvedBy ?? "",
      plan.approvedOn === undefined ? "" : formatDay(plan.approvedOn),
    ];
    if (!actions.length) csvRows.push([...base, "", "", "", "", "", "", "", ...approvalCsv]);
    for (const { a, s } of actions)
      csvRows.push([
        ...base,
        display(a.id),
        display(a.description),
        str(a.owner) ?? "",
        s.due === undefined ? "" : formatDay(s.due),
        s.closed === undefined ? "" : formatDay(s.closed),
        s.state,
        str(a.verified_by) ?? "",
        ...approvalCsv,
      ]);
  }
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Summary" },
    {
      kind: "paragraph",
      text: "The risk treatment plan (clause 6.1.3 e): for every risk treated by mitigation, avoidance or transfer, the controls it relies on with their status in the Statement of Applicability and the actions that implement the treatment; and the risk owner's approval of the plan and of the residual risk (clause 6.1.3 f).",
    },
    {
      kind: "facts",
      items: [
        ["Risks in the plan", risks.length],
        [
          "Plans approved by the risk owner",
          { text: `${approved} of ${risks.length}`, tone: approved === risks.length ? "good" : "warn" },
        ],
        [
          "Actions",
          `${actionCount} (${openCount} open, ${overdueCount} overdue, ${actionCount - openCount} closed)`,
        ],
        [
          "Controls not yet implemented",
          unfinished.size
            ? { text: [...unfinished].sort(compareIds).join(", "), tone: "warn" }
            : { text: "none", tone: "good" },
        ],
        [
          "Mitigated risks with no open action for such a control",
          { text: String(withoutPlan), tone: withoutPlan ? "bad" : "good" },
        ],
        ["Risks retained (accepted: see the risk register)", accepted],
      ],
    },
    { kind: "heading", level: 2, text: "Plans" },
    {
      kind: "table",
      columns: [
        "Risk",
        "Title",
        "Owner",
        "Score",
        "Residual",
        "Treatment",
        "Controls not yet implemented",
        "Open actions",
        "Approved",
      ],
      rows: overview,
    },
    { kind: "heading", level: 2, text: "Plan by risk" },
    ...details,
  ];
  return doc(ctx, "treatment-plan", "Risk treatment plan", blocks, {
    columns: [
      "risk",
      "title",
      "owner",
      "inherent_score",
      "inherent_level",
      "residual_score",
      "residual_level",
      "treatment",
      "controls",
      "action_id",
      "action",
      "action_owner",
      "due",
      "closed",
      "state",
      "verified_by",
      "plan_approved_by",
      "plan_approved_on",
    ],
    rows: csvRows,
  });
}
