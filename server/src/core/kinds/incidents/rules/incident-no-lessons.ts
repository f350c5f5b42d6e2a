import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";

export default defineRule({
  id: "incident-no-lessons",
  severity: "warning",
  doc: "A resolved or closed incident records no lessons learned. Control A.5.27 requires using the knowledge gained from incidents to strengthen the controls.",
  fix: "Write what was learned and what changes as a result in `lessons_learned:`.",
  messages: { none: "Incident {{id}} is {{status}} without lessons learned" },
  entry: {
    kinds: ["incident"],
    check(i, ctx) {
      const status = i.value.status;
      if ((status === "resolved" || status === "closed") && !str(i.value.lessons_learned))
        ctx.reportEntry(i, "none", { id: i.id ?? "", status }, fieldRange(i, ["status"]));
    },
  },
});
