import { defineRule } from "./api";
import { idRefChecks } from "./shared";

export default defineRule({
  id: "unknown-risk",
  severity: "error",
  doc: "A reference names a risk that no file defines (a typo, a deleted or renamed risk). The reference is dangling: reports and views cannot resolve it.",
  fix: "Correct the id (see the did-you-mean), or add the missing risk to a risks file.",
  ...idRefChecks("risk"),
});
