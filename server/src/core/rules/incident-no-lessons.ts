import { fieldRange } from "../model";
import { defineRule, str } from "./api";

export default defineRule({
  id: "incident-no-lessons",
  severity: "warning",
  doc: "A resolved or closed incident records no lessons learned. Control A.5.27 requires using the knowledge gained from incidents to strengthen the controls.",
  fix: "Write what was learned and what changes as a result in `lessons_learned:`.",
  entry: {
    kinds: ["incident"],
    check(i, ctx) {
      if ((i.value.status === "resolved" || i.value.status === "closed") && !str(i.value.lessons_learned))
        ctx.reportEntry(
          i,
          `Incident ${i.id} is ${i.value.status} without lessons learned`,
          fieldRange(i, ["status"]),
        );
    },
  },
});
