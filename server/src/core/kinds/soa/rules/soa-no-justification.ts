import { defineRule, str } from "../../../rules/api";

export default defineRule({
  id: "soa-no-justification",
  severity: "warning",
  doc: "A SoA entry has no justification. Clause 6.1.3 d) requires the justification for including each applicable control and for excluding each other one; auditors read it first.",
  fix: "Write why the control is included (the risks or requirements it answers) or excluded in `justification:`.",
  messages: {
    including: "{{id}}: no justification for including the control",
    excluding: "{{id}}: no justification for excluding the control",
  },
  entry: {
    kinds: ["control"],
    check(c, ctx) {
      if (!str(c.value.justification))
        ctx.reportEntry(c, c.value.applicable === false ? "excluding" : "including", { id: c.id ?? "" });
    },
  },
});
