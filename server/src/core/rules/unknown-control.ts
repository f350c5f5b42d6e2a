import { entryRefs } from "../model";
import { checkControl, looksLikeControl } from "../values";
import { defineRule } from "./api";
import { ENTRY_KINDS } from "./shared";

export default defineRule({
  id: "unknown-control",
  severity: "error",
  doc: "A control reference is not an ISO/IEC 27001:2022 Annex A control (A.5.1 to A.8.34, or a theme A.5 to A.8). A 2013 id such as A.9.2.1 is reported with its 2022 equivalents, so a register carried over from the old standard can be migrated.",
  fix: "Use the 2022 id the message names (the quick fix replaces it), or correct the typo.",
  entry: {
    kinds: ENTRY_KINDS,
    check(entry, ctx) {
      for (const ref of entryRefs(entry)) {
        if (ref.target !== "control" && !(ref.target === "ref" && looksLikeControl(ref.value))) continue;
        const r = checkControl(ref.value);
        if (!r.ok) ctx.report(ref.file, ref.range, r.message);
      }
      // A SoA entry's own key.
      if (entry.kind === "control" && entry.id !== undefined) {
        const r = checkControl(entry.id);
        if (!r.ok || r.kind === "theme")
          ctx.reportEntry(entry, r.ok ? `${entry.id} is a theme; the SoA lists single controls` : r.message);
      }
    },
  },
});
