import { defineRule } from "./api";
import { idRefChecks } from "./shared";

export default defineRule({
  id: "unknown-role",
  severity: "error",
  doc: "A reference names a role that no file defines (a typo, a deleted or renamed role). The reference is dangling: reports and views cannot resolve it.",
  fix: "Correct the id (see the did-you-mean), or add the missing role to a roles file.",
  ...idRefChecks("role"),
});
