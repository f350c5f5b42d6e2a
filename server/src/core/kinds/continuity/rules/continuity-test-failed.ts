import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDay } from "../../../values";
import { needsAction, planTests } from "../domain";

export default defineRule({
  id: "continuity-test-failed",
  severity: "error",
  doc: "A test of a continuity plan has the result `fail` or `partial` and records no `action`: the test showed the plan does not work as written, and nothing says what will be done about it (clause 10.2; controls A.5.29, A.5.30).",
  fix: "Add an `action:` to the test (`{description, owner, due}`) saying how the plan or the recovery will be fixed, and re-test once it is done.",
  messages: {
    fail: "The {{type}} test of continuity plan {{id}} on {{date}} failed and has no action",
    partial: "The {{type}} test of continuity plan {{id}} on {{date}} only partly passed and has no action",
  },
  entry: {
    kinds: ["plan"],
    check(p, ctx) {
      for (const t of planTests(p)) {
        if (!needsAction(t)) continue;
        ctx.reportEntry(
          p,
          t.result === "fail" ? "fail" : "partial",
          {
            id: p.id ?? "(no id)",
            type: t.type ?? "untyped",
            date: t.day === undefined ? "an unknown date" : formatDay(t.day),
          },
          fieldRange(p, ["tests", t.index, "result"]),
        );
      }
    },
  },
});
