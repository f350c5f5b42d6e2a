import { fieldRange } from "../../../model";
import { defineRule } from "../../../rules/api";
import { formatDuration } from "../../../values";
import { longer, recoveryTimes } from "../../continuity/domain";

export default defineRule({
  id: "rto-exceeds-mtpd",
  severity: "error",
  doc: "A service's recovery time objective (`rto`) is longer than its maximum tolerable period of disruption (`mtpd`): even a recovery that meets its objective would come after the disruption has become intolerable, so the business impact analysis contradicts itself (controls A.5.29, A.5.30). Durations are compared in hours (a month as 730.5 hours, a year as 8766).",
  fix: "Shorten the `rto` to at most the `mtpd` (and make the continuity plan able to meet it), or correct the `mtpd` if the business can tolerate a longer disruption.",
  messages: {
    exceeds:
      "Service {{id}} has an rto of {{rto}}, longer than its mtpd of {{mtpd}}: recovery on time would still come too late",
  },
  entry: {
    kinds: ["service"],
    check(s, ctx) {
      const { rto, mtpd } = recoveryTimes(s);
      if (!rto || !mtpd || !longer(rto, mtpd)) return;
      ctx.reportEntry(
        s,
        "exceeds",
        { id: s.id ?? "(no id)", rto: formatDuration(rto), mtpd: formatDuration(mtpd) },
        fieldRange(s, ["rto"]),
      );
    },
  },
});
