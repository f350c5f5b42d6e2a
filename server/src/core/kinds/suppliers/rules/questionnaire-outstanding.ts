import { fieldRange } from "../../../model";
import { defineRule, obj } from "../../../rules/api";
import { formatDay, parseDay } from "../../../values";

export default defineRule({
  id: "questionnaire-outstanding",
  severity: "warning",
  doc: "A supplier's security questionnaire was sent more than 30 days ago and no answer was received (controls A.5.19 to A.5.22: supplier security is assessed and monitored).",
  fix: "Chase the supplier; record `received:` when the answers arrive and `reviewed:` once assessed.",
  messages: {
    outstanding: "Supplier {{id}}: questionnaire sent {{sent}} ({{days}} days ago), no answer received",
  },
  entry: {
    kinds: ["supplier"],
    check(s, ctx) {
      const q = obj(s.value.questionnaire);
      const sent = parseDay(q.sent);
      if (sent === undefined || parseDay(q.received) !== undefined || ctx.today - sent <= 30) return;
      ctx.reportEntry(
        s,
        "outstanding",
        { id: s.id ?? "", sent: formatDay(sent), days: ctx.today - sent },
        fieldRange(s, ["questionnaire", "sent"]),
      );
    },
  },
});
