import { addFields, yamlScalar } from "../../../edits";
import { defineRule, obj, str } from "../../../rules/api";
import { addDuration, formatDay } from "../../../values";

export default defineRule({
  id: "finding-no-action",
  severity: "error",
  doc: "A nonconformity (major-nc or minor-nc) has no corrective action. Clause 10.2 requires reacting to every nonconformity, eliminating its cause and recording the action taken.",
  fix: "Add an `action:` with description, owner, due date (the quick fix adds a skeleton).",
  messages: {
    "major-nc": "Finding {{id}} is a major nonconformity without a corrective action",
    "minor-nc": "Finding {{id}} is a minor nonconformity without a corrective action",
  },
  entry: {
    kinds: ["finding"],
    check(f, ctx) {
      const type = f.value.type;
      if ((type === "major-nc" || type === "minor-nc") && Object.keys(obj(f.value.action)).length === 0)
        ctx.reportEntry(f, type, { id: f.id ?? "" });
    },
  },
  fixes({ at, today }) {
    if (at.entry?.kind !== "finding") return [];
    const owner = str(at.entry.parent?.value.auditee) ?? "role-id";
    const lines = [
      "action:",
      "  description: Describe the corrective action",
      `  owner: ${yamlScalar(owner)}`,
      `  due: ${formatDay(addDuration(today, { n: 30, unit: "days" }))}`,
    ];
    return [{ title: "Add a corrective action", edits: [addFields(at.entry, lines)] }];
  },
});
