import { fieldRange } from "../../../model";
import { ownedSummary } from "../../../queries";
import { defineRule, list, str } from "../../../rules/api";
import { display } from "../../../values";

export default defineRule({
  id: "role-vacant",
  severity: "warning",
  doc: "A role has no holder. Clause 5.3 requires top management to assign responsibilities and authorities; a vacant role leaves its duties, and everything it owns, with nobody.",
  fix: "Name the person holding the role in `holder:`, or have the deputy's role take its duties over.",
  messages: {
    vacant: "Role {{id}} ({{title}}) is vacant: no holder",
    vacantOwning: "Role {{id}} ({{title}}) is vacant: no holder, and it owns {{owned}}",
  },
  // What the role owns lies in other files (the risks and assets naming it): checked over the workspace.
  check(ctx) {
    for (const role of ctx.index.byKind.get("role") ?? []) {
      if (str(role.value.holder)) continue;
      const at = "holder" in role.value ? fieldRange(role, ["holder"], { key: true }) : undefined;
      const data = { id: role.id ?? "", title: str(role.value.title) ?? "untitled" };
      const clauses = list(role.value.owns).map(display).filter(Boolean);
      const owned = [
        role.id ? ownedSummary(ctx.index, role.id) : "",
        clauses.length ? `accountability for ${clauses.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ");
      if (owned) ctx.reportEntry(role, "vacantOwning", { ...data, owned }, at);
      else ctx.reportEntry(role, "vacant", data, at);
    }
  },
});
