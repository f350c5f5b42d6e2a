import { anchorRange, type Entry } from "../model";
import { defineRule } from "./api";

export default defineRule({
  id: "duplicate-id",
  severity: "error",
  doc: "An id is defined more than once. Ids are unique across the whole workspace (every kind, every file), so a reference to it would be ambiguous. Reported on every definition after the first, files in path order; also a control listed twice in the SoA.",
  fix: "Give the entry a new id, or delete the duplicate if it is a copy.",
  messages: {
    id: "Duplicate id '{{id}}': already defined at {{where}}",
    control: "Control {{id}} is already in the SoA at {{where}}",
  },
  check(ctx) {
    const where = (e: Entry) =>
      `${ctx.relative(e.file.path)}:${e.file.lines.position(anchorRange(e)[0]).line + 1}`;
    for (const id of ctx.index.repeated) {
      const [first, ...rest] = ctx.index.defs.get(id) ?? [];
      for (const e of rest) ctx.reportEntry(e, "id", { id, where: where(first) });
    }
    for (const [id, [first, ...rest]] of ctx.index.soa)
      for (const e of rest) ctx.reportEntry(e, "control", { id, where: where(first) });
  },
});
