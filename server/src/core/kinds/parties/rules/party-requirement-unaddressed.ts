import { fieldRange, type Entry, type Range } from "../../../model";
import { defineRule, list, obj } from "../../../rules/api";
import { partyLabel, requirementLabel, requirementsOf } from "../domain";

/** Where a finding about a party's requirement goes: its text, else the requirement item. */
export function requirementRange(party: Entry, index: number): Range {
  const item = list(party.value.requirements)[index];
  return fieldRange(party, "text" in obj(item) ? ["requirements", index, "text"] : ["requirements", index]);
}

export default defineRule({
  id: "party-requirement-unaddressed",
  severity: "warning",
  doc: "A requirement of an interested party is not addressed by the ISMS: it says `addressed: false`, or its `via` names nothing (no obligation, document or Annex A control). Clause 4.2 c) asks which of the parties' requirements the ISMS addresses; a requirement that is knowingly left open is a gap to plan for (and to silence, with its reason, once it is accepted).",
  fix: "Name in `via:` what addresses the requirement (an obligation, a document such as the policy, or controls like A.5.34) and set `addressed: true`; or plan the work (a risk, an objective) and keep `addressed: false` until it is done.",
  messages: {
    unaddressed: "Interested party {{party}}: the requirement {{requirement}} is not addressed",
    noVia:
      "Interested party {{party}}: nothing addresses the requirement {{requirement}} (its via names no obligation, document or control)",
  },
  entry: {
    kinds: ["party"],
    check(party, ctx) {
      for (const r of requirementsOf(party)) {
        if (r.state === "addressed") continue;
        ctx.reportEntry(
          party,
          r.state === "unaddressed" ? "unaddressed" : "noVia",
          { party: partyLabel(party), requirement: requirementLabel(r) },
          requirementRange(party, r.index),
        );
      }
    },
  },
});
