import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";

export default defineRule({
  id: "role-vacant",
  severity: "warning",
  doc: "A role has no holder. Clause 5.3 requires top management to assign responsibilities and authorities; a vacant role leaves its duties, and everything it owns, with nobody.",
  fix: "Name the person holding the role in `holder:`, or have the deputy's role take its duties over.",
  messages: { vacant: "Role {{id}} ({{title}}) is vacant: no holder" },
  entry: {
    kinds: ["role"],
    check(role, ctx) {
      if (str(role.value.holder)) return;
      const at = "holder" in role.value ? fieldRange(role, ["holder"], { key: true }) : undefined;
      ctx.reportEntry(role, "vacant", { id: role.id ?? "", title: str(role.value.title) ?? "untitled" }, at);
    },
  },
});
