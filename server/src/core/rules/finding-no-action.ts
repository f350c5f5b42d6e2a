import { defineRule, obj } from "./api";

export default defineRule({
  id: "finding-no-action",
  severity: "error",
  doc: "A nonconformity (major-nc or minor-nc) has no corrective action. Clause 10.2 requires reacting to every nonconformity, eliminating its cause and recording the action taken.",
  fix: "Add an `action:` with description, owner, due date (the quick fix adds a skeleton).",
  entry: {
    kinds: ["finding"],
    check(f, ctx) {
      const type = f.value.type;
      if ((type === "major-nc" || type === "minor-nc") && Object.keys(obj(f.value.action)).length === 0)
        ctx.reportEntry(
          f,
          `Finding ${f.id} is a ${type === "major-nc" ? "major" : "minor"} nonconformity without a corrective action`,
        );
    },
  },
});
