import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { inputLabel, isManagementReview, meetingState, missingInputs } from "../domain";

export default defineRule({
  id: "management-review-incomplete",
  severity: "warning",
  doc: "A held management review does not record all the inputs clause 9.3.2 requires it to consider: its `inputs` lack some of the letters a to g (a: the status of actions from previous reviews; b: changes in external and internal issues; c: changes in the needs and expectations of interested parties; d: feedback on the information security performance; e: feedback from interested parties; f: results of risk assessment and status of the risk treatment plan; g: opportunities for continual improvement). The message names each missing input. An auditor asks for the evidence of every one.",
  fix: "If the review did consider the input, add its letter to `inputs:` (and make sure the minutes show it); if not, consider it at the next review, or hold a supplementary one. There is no quick fix: a letter is evidence that the input was really covered.",
  messages: {
    // `message` is the list of missing inputs with their meanings: the standard's text (up to seven
    // items), never a user's value, so it is shown whole (other values are cut at 200 characters).
    one: "Management review {{id}} does not record input {{message}} (clause 9.3.2)",
    many: "Management review {{id}} does not record inputs {{message}} (clause 9.3.2)",
  },
  entry: {
    kinds: ["meeting"],
    check(m, ctx) {
      if (!isManagementReview(m) || meetingState(m.value, ctx.today) !== "held") return;
      const missing = missingInputs(m);
      if (!missing.length) return;
      ctx.reportEntry(
        m,
        missing.length === 1 ? "one" : "many",
        { id: m.id ?? "(no id)", message: missing.map(inputLabel).join("; ") },
        fieldRange(m, ["inputs"], { key: true }),
      );
    },
  },
});
