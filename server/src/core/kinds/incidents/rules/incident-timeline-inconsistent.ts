import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { parseInstant } from "../../../values";

/** The steps of an incident that cannot come before another one. */
const ORDER: [later: "contained" | "resolved" | "authority_notified", earlier: "detected" | "contained"][] = [
  ["contained", "detected"],
  ["resolved", "detected"],
  ["authority_notified", "detected"],
  ["resolved", "contained"],
];

export default defineRule({
  id: "incident-timeline-inconsistent",
  severity: "error",
  doc: "An incident's times cannot be: it was contained, resolved or the authority notified before it was detected, or resolved before it was contained. The time to contain and resolve (management review) and the 72-hour notification check read these times, so one of them is mistyped.",
  fix: "Correct the date or time (a day or a zone is the usual slip; times without a zone are read as UTC).",
  messages: { before: "Incident {{id}}: {{later}} ({{laterAt}}) is before {{earlier}} ({{earlierAt}})" },
  entry: {
    kinds: ["incident"],
    check(i, ctx) {
      for (const [later, earlier] of ORDER) {
        const a = parseInstant(i.value[later]);
        const b = parseInstant(i.value[earlier]);
        if (a === undefined || b === undefined || a >= b) continue;
        ctx.reportEntry(
          i,
          "before",
          {
            id: i.id ?? "",
            later,
            earlier,
            laterAt: String(i.value[later]),
            earlierAt: String(i.value[earlier]),
          },
          fieldRange(i, [later]),
        );
      }
    },
  },
});
