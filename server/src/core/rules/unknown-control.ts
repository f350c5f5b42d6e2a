import { CONTROL_BY_ID, CONTROLS_2013 } from "../catalogue";
import { targetsOf } from "../kinds/api";
import { entryRefs } from "../model";
import { checkControl, looksLikeControl } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "unknown-control",
  severity: "error",
  doc: "A control reference is not an ISO/IEC 27001:2022 Annex A control (A.5.1 to A.8.34, or a theme A.5 to A.8). A 2013 id such as A.9.2.1 is reported with its 2022 equivalents, so a register carried over from the old standard can be migrated.",
  fix: "Use the 2022 id the message names (the quick fix replaces it), or correct the typo.",
  messages: {
    old: "{{ref}} is an ISO/IEC 27001:2013 control id; its 2022 equivalent is {{names}}",
    notControl: "'{{ref}}' is not an Annex A control id (like A.8.24)",
    noSuchControl: "{{ref}} is not an ISO/IEC 27001:2022 Annex A control",
    theme: "{{ref}} is a theme; the SoA lists single controls",
  },
  entry: {
    kinds: () => true,
    check(entry, ctx) {
      for (const ref of entryRefs(entry)) {
        const either =
          ref.target === "ref" || (ref.target.includes("|") && targetsOf(ref.target).includes("control"));
        if (ref.target !== "control" && !(either && looksLikeControl(ref.value))) continue;
        const r = checkControl(ref.value);
        if (!r.ok) ctx.report(ref.file, ref.range, r.problem, { ref: ref.value, ...r.data });
      }
      // A SoA entry's own key.
      if (entry.kind === "control" && entry.id !== undefined) {
        const r = checkControl(entry.id);
        if (!r.ok) ctx.reportEntry(entry, r.problem, { ref: entry.id, ...r.data });
        else if (r.kind === "theme") ctx.reportEntry(entry, "theme", { ref: entry.id });
      }
    },
  },
  fixes({ file, range, messageId, data }) {
    if (messageId !== "old") return [];
    const ref = String(data.ref);
    return (CONTROLS_2013.get(ref) ?? []).map((id) => ({
      title: `Replace ${ref} (2013) by ${id} ${CONTROL_BY_ID.get(id)?.title ?? ""}`.trim(),
      edits: [{ file, range, newText: id }],
      preferred: true,
    }));
  },
});
