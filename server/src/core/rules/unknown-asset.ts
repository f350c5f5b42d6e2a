import { defineRule } from "./api";
import { idRefChecks } from "./shared";

export default defineRule({
  id: "unknown-asset",
  severity: "error",
  doc: "A reference names a asset that no file defines (a typo, a deleted or renamed asset). The reference is dangling: reports and views cannot resolve it.",
  fix: "Correct the id (see the did-you-mean), or add the missing asset to a assets file.",
  ...idRefChecks("asset"),
});
