import { addFields, yamlScalar } from "../../../edits";
import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { addDuration, formatDay, months } from "../../../values";
import { planState, unfinishedControls } from "../plan";

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
    for (const risk of ctx.index.byKind.get("risk") ?? []) {
      const v = risk.value;
      if (v.treatment !== "mitigate" || v.status === "closed") continue;
      const unfinished = unfinishedControls(risk, ctx.index);
      if (!unfinished.length || planState(risk, ctx.today).open > 0) continue;
      ctx.reportEntry(
        risk,
        unfinished.length === 1 ? "one" : "many",
        { id: risk.id ?? "", controls: unfinished.map((u) => `${u.control} (${u.status})`).join(", ") },
        fieldRange(risk, ["treatment"]),
      );
    }
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
