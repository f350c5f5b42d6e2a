import { addFields, yamlScalar } from "../../../edits";
import { defineRule, str } from "../../../rules/api";
import { addDuration, formatDay } from "../../../values";
import { hasMapping } from "../domain";

export default defineRule({
  id: "nonconformity-no-action",
  severity: "error",
  doc: "A nonconformity in the improvement register has no corrective action. Clause 10.2 requires reacting to every nonconformity, taking action to eliminate its cause so that it does not recur, and recording the action taken and its results.",
  fix: "Add an `action:` with description, owner and due date (the quick fix adds a skeleton).",
  messages: { none: "Nonconformity {{id}} has no corrective action" },
  entry: {
    kinds: ["improvement"],
    check(imp, ctx) {
      const a: unknown = imp.value.action;
      // A value of another type is the schema rule's finding.
      const missing =
        a === undefined || a === null || (typeof a === "object" && !Array.isArray(a) && !hasMapping(a));
      if (imp.value.type === "nonconformity" && missing) ctx.reportEntry(imp, "none", { id: imp.id ?? "" });
    },
  },
  fixes({ at, today }) {
    const imp = at.entry;
    if (imp?.kind !== "improvement" || imp.value.action !== undefined) return [];
    const lines = [
      "action:",
      "  description: Describe the corrective action",
      `  owner: ${yamlScalar(str(imp.value.raised_by) ?? "role-id")}`,
      `  due: ${formatDay(addDuration(today, { n: 30, unit: "days" }))}`,
    ];
    return [{ title: "Add a corrective action", edits: [addFields(imp, lines)] }];
  },
});
