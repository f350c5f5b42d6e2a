import { fieldRange } from "../model";
import { formatDay, parseDay } from "../values";
import { defineRule, obj } from "./api";

export default defineRule({
  id: "questionnaire-outstanding",
  severity: "warning",
  doc: "A supplier's security questionnaire was sent more than 30 days ago and no answer was received (controls A.5.19 to A.5.22: supplier security is assessed and monitored).",
  fix: "Chase the supplier; record `received:` when the answers arrive and `reviewed:` once assessed.",
  entry: {
    kinds: ["supplier"],
    check(s, ctx) {
      const q = obj(s.value.questionnaire);
      const sent = parseDay(q.sent);
      if (sent === undefined || q.received !== undefined || ctx.today - sent <= 30) return;
      ctx.reportEntry(
        s,
        `Supplier ${s.id}: questionnaire sent ${formatDay(sent)} (${ctx.today - sent} days ago), no answer received`,
        fieldRange(s, ["questionnaire", "sent"]),
      );
    },
  },
});
