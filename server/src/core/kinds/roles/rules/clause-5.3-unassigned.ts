import { kindRange } from "../../../model";
import { defineRule, list, str } from "../../../rules/api";
import { covers } from "../../../values";

const DUTIES: [string, string][] = [
  ["5.3(a)", "ensuring the ISMS conforms to ISO/IEC 27001"],
  ["5.3(b)", "reporting on the performance of the ISMS to top management"],
];

export default defineRule({
  id: "clause-5.3-unassigned",
  severity: "warning",
  doc: "Clause 5.3 requires top management to assign the responsibility and authority for (a) ensuring the ISMS conforms to the standard and (b) reporting on its performance to top management. The rule looks for a role with a holder whose `owns` lists 5.3(a) and 5.3(b) (or 5.3, which covers both); reported once, on the first roles file, and not while a role has a syntax error.",
  fix: "Add 5.3(a) and 5.3(b) to the `owns:` of the role that carries them (usually the Information Security Officer) and make sure it has a holder.",
  messages: { unassigned: "No role with a holder owns {{duties}}" },
  check(ctx) {
    const file = ctx.index.filesOfKind.get("roles")?.[0] ?? ctx.index.manifests[0];
    if (!file) return;
    const roles = ctx.index.byKind.get("role") ?? [];
    // A role with a syntax error may be the one that owns them: wait for the error to be mended.
    if (roles.some((r) => r.broken)) return;
    const held = roles.filter((r) => str(r.value.holder));
    const missing = DUTIES.filter(
      ([clause]) =>
        !held.some((r) =>
          list(r.value.owns).some(
            (o) => (typeof o === "string" || typeof o === "number") && covers(String(o), clause),
          ),
        ),
    );
    if (missing.length === 0) return;
    ctx.report(file, kindRange(file), "unassigned", {
      duties: missing.map(([c, what]) => `${c} (${what})`).join(" or "),
    });
  },
});
