// The mandatory documented information of ISO/IEC 27001:2022 that a certification body's stage 1 audit
// looks for, and which records of the workspace provide each item. One answer for the rule
// mandatory-record-missing and the readiness report.
import { isInternal } from "./kinds/audits/domain";
import { isManagementReview } from "./kinds/meetings/domain";
import { DERIVED, derivedOf, measurementsUpTo } from "./kinds/metrics/domain";
import type { Entry, IsmsFile } from "./model";
import { titleOf } from "./reviews";
import { kindDef } from "./registry";
import { list, obj } from "./rules/api";
import { addDuration, covers, display, parseDay, type Day } from "./values";
import type { WorkspaceIndex } from "./workspace";

/** A record that provides an item: an entry, a file as a whole (the SoA), or a field of the manifest. */
export interface MandatoryRecord {
  file: IsmsFile;
  /** The entry, when the record is one. */
  entry?: Entry;
  /** The manifest's field ("scope"), when the record is one. */
  field?: string;
}

export interface MandatoryItem {
  /** The clause that requires the documented information ("6.1.2"; "8.2, 8.3" for one item of two). */
  clause: string;
  /** What it is: "Information security risk assessment process". */
  title: string;
  /** What would provide it, as a message says it: "the manifest's `scope`". */
  needs: string;
  /** The records that provide it, in file order. */
  records(index: WorkspaceIndex, today: Day): MandatoryRecord[];
  /** Whether any record provides it, when that is cheaper to say than listing them (thousands of risks). */
  any?(index: WorkspaceIndex, today: Day): boolean;
}

/** An item with the records that provide it (none: the item is missing). */
export interface MandatoryState {
  item: MandatoryItem;
  records: MandatoryRecord[];
}

const entries = (index: WorkspaceIndex, kind: string): Entry[] => index.byKind.get(kind) ?? [];
const asRecords = (list: readonly Entry[]): MandatoryRecord[] =>
  list.map((e) => ({ file: e.file, entry: e }));

/** The in-force manifest's field, when it has a value of its type (text not blank, a non-empty mapping). */
function manifestField(index: WorkspaceIndex, field: string, type: "text" | "mapping"): MandatoryRecord[] {
  const manifest = index.manifests[0];
  if (!manifest) return [];
  const v = manifest.header[field];
  const present = type === "text" ? typeof v === "string" && v.trim() !== "" : Object.keys(obj(v)).length > 0;
  return present ? [{ file: manifest, field }] : [];
}

/** Documents whose `refs` cite the clause (or one of its sub-clauses or items). */
function citing(index: WorkspaceIndex, clause: string): MandatoryRecord[] {
  return asRecords(
    entries(index, "document").filter((d) =>
      list(d.value.refs).some(
        (r) => (typeof r === "string" || typeof r === "number") && covers(clause, String(r)),
      ),
    ),
  );
}

/** A metric that is derived, or measured on or before the day. */
function measured(m: Entry, today: Day): boolean {
  const derived = derivedOf(m);
  return (derived !== undefined && derived in DERIVED) || measurementsUpTo(m, today).length > 0;
}

/** The items, in clause order. */
export const MANDATORY_ITEMS: readonly MandatoryItem[] = [
  {
    clause: "4.3",
    title: "Scope of the ISMS",
    needs: "the manifest's `scope`",
    records: (index) => manifestField(index, "scope", "text"),
  },
  {
    clause: "5.2",
    title: "Information security policy",
    needs: "a document whose `refs` cite 5.2",
    records: (index) => citing(index, "5.2"),
  },
  {
    clause: "6.1.2",
    title: "Information security risk assessment process",
    needs: "the manifest's `risk_method` or a document whose `refs` cite 6.1.2",
    records: (index) => [...manifestField(index, "risk_method", "mapping"), ...citing(index, "6.1.2")],
  },
  {
    clause: "6.1.3",
    title: "Statement of Applicability",
    needs: "an SoA file (`kind: soa`)",
    records: (index) => (index.filesOfKind.get("soa") ?? []).map((file) => ({ file })),
  },
  {
    clause: "6.2",
    title: "Information security objectives",
    needs: "an objective in an objectives file",
    records: (index) => asRecords(entries(index, "objective")),
  },
  {
    clause: "7.2",
    title: "Evidence of competence",
    needs: "evidence in a role's `competence` or a training session",
    records: (index) =>
      asRecords([
        ...entries(index, "role").filter((r) =>
          list(obj(r.value.competence).evidence).some((e) => display(e)),
        ),
        ...entries(index, "course").filter((c) => list(c.value.sessions).some((s) => parseDay(obj(s).date))),
      ]),
  },
  {
    clause: "8.2, 8.3",
    title: "Results of the risk assessments and of the risk treatment",
    needs: "a risk in a risks file",
    records: (index) => asRecords(entries(index, "risk")),
    any: (index) => entries(index, "risk").length > 0,
  },
  {
    clause: "9.1",
    title: "Monitoring and measurement results",
    needs: "a metric with a measurement, or a derived metric",
    records: (index, today) => asRecords(entries(index, "metric").filter((m) => measured(m, today))),
    any: (index, today) => entries(index, "metric").some((m) => measured(m, today)),
  },
  {
    clause: "9.2",
    title: "Audit programme and audit results",
    needs: "an internal audit performed within the audit cycle",
    records: (index, today) => {
      const since = addDuration(today, index.settings.auditCycle, -1);
      return asRecords(
        entries(index, "audit").filter((a) => {
          const performed = parseDay(a.value.performed);
          const v = obj(a.value);
          return (
            performed !== undefined &&
            performed >= since &&
            performed <= today &&
            v.status !== "cancelled" &&
            isInternal(v)
          );
        }),
      );
    },
  },
  {
    clause: "9.3",
    title: "Results of management reviews",
    needs: "a held management review (a meeting with `type: management-review` and a `held` date)",
    records: (index, today) =>
      asRecords(
        entries(index, "meeting").filter((m) => {
          const held = parseDay(m.value.held);
          return isManagementReview(m) && held !== undefined && held <= today;
        }),
      ),
  },
];

/** Every item with the records that provide it. */
export function mandatoryStates(index: WorkspaceIndex, today: Day): MandatoryState[] {
  return MANDATORY_ITEMS.map((item) => ({ item, records: item.records(index, today) }));
}

/** The items no record provides (what mandatory-record-missing reports). */
export function mandatoryMissing(index: WorkspaceIndex, today: Day): MandatoryItem[] {
  return MANDATORY_ITEMS.filter((item) =>
    item.any ? !item.any(index, today) : item.records(index, today).length === 0,
  );
}

/** How a record is named: an entry's id, a manifest field's name ("scope"), a file's kind ("SoA"). */
export function recordLabel(r: MandatoryRecord): string {
  if (r.entry) return r.entry.id ?? "(no id)";
  return r.field ?? kindDef(r.file.kind)?.title ?? r.file.kind;
}

/** The record's title: the entry's title or name, the field's value (cut short), the file's version. */
export function recordTitle(r: MandatoryRecord): string {
  if (r.entry) return titleOf(r.entry);
  const v = r.field ? r.file.header[r.field] : r.file.header.version;
  if (r.field && typeof v === "object" && v !== null && !Array.isArray(v)) return Object.keys(v).join(", ");
  const t = display(v).trim();
  if (!r.field) return t ? `version ${t}` : "";
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}
