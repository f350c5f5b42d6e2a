import { anchorRange, type Entry } from "../model";
import { defineRule } from "./api";

export default defineRule({
  id: "duplicate-id",
  severity: "error",
  doc: "An id is defined more than once. Ids are unique across the whole workspace (every kind, every file), so a reference to it would be ambiguous. Reported on every definition after the first, files in path order; also a control listed twice in the SoA.",
  fix: "Give the entry a new id, or delete the duplicate if it is a copy.",
  check(ctx) {
    const where = (e: Entry) =>
      `${e.file.path.split("/").pop()}:${e.file.lines.position(anchorRange(e)[0]).line + 1}`;
    for (const id of ctx.index.repeated) {
      const entries = ctx.index.defs.get(id)!;
      const first = entries[0];
      for (const e of entries.slice(1))
        ctx.reportEntry(e, `Duplicate id '${id}': already defined at ${where(first)}`);
    }
    for (const [id, entries] of ctx.index.soa) {
      if (entries.length < 2) continue;
      const first = entries[0];
      for (const e of entries.slice(1))
        ctx.reportEntry(e, `Control ${id} is already in the SoA at ${where(first)}`);
    }
  },
});
