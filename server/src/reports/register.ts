// A register of every kind, generated from the kind registry, so an auditor's sample of any register
// (documents, assets, suppliers, incidents, training, services, ...) is one command: every entry by id
// with the fields its schema declares, in the schema's order, and where it is written. Lists of values
// are joined; nested records are counted ("3 tests") or, for a single record, shown field by field.
import { relative } from "node:path";
import type { EntrySpec, KindDef } from "../core/kinds/api";
import { anchorRange, type Entry } from "../core/model";
import { entryInfos } from "../core/registry";
import { byId, display } from "../core/values";
import type { Cell, Doc } from "./doc";
import { count, doc, type ReportContext } from "./common";

/** The fields an entry of the kind may have, in the order its schema declares them (id first). */
function fieldsOf(def: KindDef, spec: EntrySpec): string[] {
  const definitions = (def.schema as { definitions?: Record<string, { properties?: object }> }).definitions;
  const fields = Object.keys(definitions?.[spec.name]?.properties ?? {}).filter((f) => f !== "id");
  return ["id", ...fields];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A field's value as one cell: text as it is, lists of values joined, records counted or spelt out. */
function cellOf(v: unknown): Cell {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return v;
  if (Array.isArray(v)) {
    if (v.some((x) => isRecord(x) || Array.isArray(x))) return count(v.length, "item");
    return display(v);
  }
  if (isRecord(v))
    return Object.entries(v)
      .filter(([, x]) => x !== undefined && x !== null && !isRecord(x) && !Array.isArray(x))
      .map(([k, x]) => `${k}: ${display(x)}`)
      .join("; ");
  return display(v);
}

function registerOf(def: KindDef, spec: EntrySpec, ctx: ReportContext): Doc {
  const entries: Entry[] = byId(ctx.index.byKind.get(spec.name) ?? []);
  const fields = fieldsOf(def, spec);
  const where = (e: Entry) => {
    const line = e.file.lines.position(anchorRange(e)[0]).line + 1;
    return `${relative(ctx.dir, e.file.path).split("\\").join("/")}:${line}`;
  };
  const columns = [...fields, "where"];
  const rows = entries.map((e) => [...fields.map((f) => cellOf(f === "id" ? e.id : e.value[f])), where(e)]);
  const title = `Register of ${spec.many}`;
  return doc(
    ctx,
    `register-${def.kind}`,
    title,
    [
      { kind: "heading", level: 2, text: "Summary" },
      { kind: "facts", items: [[spec.many[0].toUpperCase() + spec.many.slice(1), entries.length]] },
      { kind: "heading", level: 2, text: def.title },
      entries.length
        ? { kind: "table", columns, rows }
        : { kind: "paragraph", text: `No ${spec.many} are recorded.` },
    ],
    { columns, rows },
  );
}

/** One register report per kind that keeps a collection of entries (the manifest keeps none). */
export function registerReports(): { id: string; title: string; build: (ctx: ReportContext) => Doc }[] {
  return entryInfos()
    .filter((i) => !i.parent && i.def.collection?.entry === i.spec)
    .map((i) => ({
      id: `register-${i.def.kind}`,
      title: `Register of ${i.spec.many}`,
      build: (ctx: ReportContext) => registerOf(i.def, i.spec, ctx),
    }));
}
