import { kindFacts } from "../../../aggregate";
import { addFields, yamlScalar } from "../../../edits";
import { absoluteRange, fieldRange, relativeRange, type Entry } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { addDuration, formatDay, months, type Day } from "../../../values";
import type { WorkspaceIndex } from "../../../workspace";
import { planState, soaSignature, unfinishedControls } from "../plan";

/** What the rule says of a risk (undefined: nothing), its range relative to the risk's chunk. */
interface Said {
  messageId: "one" | "many";
  data: { id: string; controls: string };
  rel: [number, number];
}
function said(risk: Entry, index: WorkspaceIndex, today: Day): Said | undefined {
  const v = risk.value;
  if (v.treatment !== "mitigate" || v.status === "closed") return undefined;
  const unfinished = unfinishedControls(risk, index);
  if (!unfinished.length || planState(risk, today).open > 0) return undefined;
  return {
    messageId: unfinished.length === 1 ? "one" : "many",
    data: { id: risk.id ?? "", controls: unfinished.map((u) => `${u.control} (${u.status})`).join(", ") },
    rel: relativeRange(risk, fieldRange(risk, ["treatment"])),
  };
}

export default defineRule({
  id: "mitigation-no-plan",
  severity: "warning",
  doc: "A risk treated by `mitigate` relies on a control that the SoA says is planned, partial or not-implemented, and its treatment plan (`actions:`) has no open action: nothing says who completes the control by when, so the residual risk is assumed, not planned. Clause 6.1.3 e) requires a risk treatment plan. A closed risk (`status: closed`) is left out.",
  fix: "Add an action to the risk's `actions:` (description, owner, due) for implementing the control (the quick fix adds one), or update the control's status in the SoA once it is implemented.",
  messages: {
    one: "Risk {{id}} is mitigated by {{controls}}, which is not yet implemented, and its treatment plan has no open action",
    many: "Risk {{id}} is mitigated by {{controls}}, which are not yet implemented, and its treatment plan has no open action",
  },
  check(ctx) {
    // A workspace rule (it reads the SoA), its answers kept as facts of the risks (core/aggregate.ts)
    // while the SoA's statuses and the day are the same: a keystroke costs what it changed.
    const key = `${ctx.today}|${soaSignature(ctx.index)}`;
    for (const [risk, s] of kindFacts(ctx.index, "risk", `mitigation:${key}`, (r) =>
      said(r, ctx.index, ctx.today),
    ).list)
      ctx.reportEntry(risk, s.messageId, s.data, absoluteRange(risk, s.rel));
  },
  fixes({ at, today, index }) {
    const risk = at.entry;
    if (risk?.kind !== "risk" || "actions" in risk.value) return [];
    const controls = unfinishedControls(risk, index).map((u) => u.control);
    const owner = str(risk.value.owner) ?? "role-id";
    const lines = [
      "actions:",
      `  - description: ${yamlScalar(`Complete the implementation of ${controls.join(", ") || "the controls"}`)}`,
      `    owner: ${yamlScalar(owner)}`,
      `    due: ${formatDay(addDuration(today, months(3)))}`,
    ];
    return [{ title: "Add a treatment action", edits: [addFields(risk, lines)] }];
  },
});
