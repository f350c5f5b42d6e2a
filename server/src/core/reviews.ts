// Review clocks: when each reviewable item falls due. A kind says which of its entries (or the file as a
// whole, for the SoA) are reviewed, from which date fields and at which default interval (kinds/api.ts).
import type { ReviewSpec } from "./kinds/api";
import type { Entry, IsmsFile, Range } from "./model";
import { anchorRange, fieldRange, headerRange } from "./model";
import { setField, setHeaderField } from "./edits";
import type { TextEdit } from "./navigate";
import { entryInfos, entrySpec, kindDef, kindDefs } from "./registry";
import { riskScores } from "./risk";
import type { Settings } from "./settings";
import { str } from "./rules/api";
import type { WorkspaceIndex } from "./workspace";
import { addDuration, formatDay, months, parseDay, parseDuration, type Day, type Duration } from "./values";

export interface ReviewItem {
  /** The file kind the item belongs to ("risks", "soa"): its group in the Overdue view. */
  kind: string;
  /** How messages name it: "Risk R-001", "The Statement of Applicability". */
  name: string;
  file: IsmsFile;
  entry: Entry | undefined; // undefined for a file reviewed as a whole (the SoA)
  id: string;
  title: string;
  owner: string | undefined;
  /** The date the clock runs from and the field it came from; undefined when there is none. */
  clock: Day | undefined;
  clockField: string | undefined;
  interval: Duration;
  due: Day | undefined;
  /** Where a finding about the review goes: the clock's date, else the entry's id. */
  range: Range;
}

function clockOf(fields: Record<string, unknown>, spec: ReviewSpec): { day?: Day; field?: string } {
  for (const f of spec.clocks) {
    const d = parseDay(fields[f]);
    if (d !== undefined) return { day: d, field: f };
  }
  return {};
}

/** The interval of a review: the item's own `review_every`, else the default its kind names. */
function intervalOf(own: unknown, spec: ReviewSpec, settings: Settings, entry: Entry | undefined): Duration {
  return (
    parseDuration(own) ??
    (spec.every === "risk-level"
      ? entry && riskScores(entry, settings).currentLevel?.reviewEvery
      : settings.reviewEvery.get(spec.every.key)) ??
    months(12)
  );
}

/** An entry's review clock; undefined when its kind is not reviewed. */
export function reviewOfEntry(entry: Entry, settings: Settings): ReviewItem | undefined {
  const spec = entrySpec(entry.kind)?.review;
  if (!spec) return undefined;
  const v = entry.value;
  const interval = intervalOf(v.review_every, spec, settings, entry);
  const clock = clockOf(v, spec);
  const due = clock.day !== undefined ? addDuration(clock.day, interval) : undefined;
  return new EntryReview(entry.file.kind, spec, entry, clock.day, clock.field, interval, due);
}

/** An entry's review clock; where its findings go is found when asked (walking to the field costs). */
class EntryReview implements ReviewItem {
  readonly file: IsmsFile;
  readonly id: string;
  readonly title: string;
  readonly owner: string | undefined;
  readonly name: string;
  constructor(
    readonly kind: string,
    spec: ReviewSpec,
    readonly entry: Entry,
    readonly clock: Day | undefined,
    readonly clockField: string | undefined,
    readonly interval: Duration,
    readonly due: Day | undefined,
  ) {
    const v = entry.value;
    this.file = entry.file;
    this.id = entry.id ?? "?";
    this.title = titleOf(entry);
    this.owner = str(v.owner);
    this.name = `${spec.name} ${this.id}`;
  }
  get range(): Range {
    return this.clockField ? fieldRange(this.entry, [this.clockField]) : anchorRange(this.entry);
  }
}

/** An entry's title (or name, a contact's organisation, a finding's statement) as text; "" when it has none or it is not text. */
export function titleOf(entry: Entry): string {
  const v = entry.value;
  // A contact is named by its organisation; an audit finding's statement is its text when it has no title.
  const t = v.title ?? v.name ?? v.organisation ?? v.statement;
  if (typeof t === "string") return t;
  if (typeof t === "number") return String(t);
  // An entry named by something else (an SoA control by the catalogue's title).
  return entrySpec(entry.kind)?.title?.(entry) ?? "";
}

/** The review of a file reviewed as a whole (the SoA); undefined for other kinds. */
export function reviewOfFile(file: IsmsFile, settings: Settings): ReviewItem | undefined {
  const spec = kindDef(file.kind)?.fileReview;
  if (!spec) return undefined;
  const h = file.header;
  const interval = intervalOf(h.review_every, spec, settings, undefined);
  const clock = clockOf(h, spec);
  return {
    kind: file.kind,
    name: spec.name,
    file,
    entry: undefined,
    id: "SoA",
    title: spec.title(h),
    owner: str(h[spec.owner]),
    clock: clock.day,
    clockField: clock.field,
    interval,
    due: clock.day !== undefined ? addDuration(clock.day, interval) : undefined,
    range: clock.field ? headerRange(file, clock.field) : headerRange(file, "kind"),
  };
}

/** Every reviewable item of the workspace, in file order. */
export function reviewItems(index: WorkspaceIndex): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const file of index.files) {
    const whole = reviewOfFile(file, index.settings);
    if (whole) out.push(whole);
    for (const entry of file.entries) {
      const item = reviewOfEntry(entry, index.settings);
      if (item) out.push(item);
    }
  }
  return out;
}

/** Whether a field is the date some review clock runs from ("reviewed", "assigned", ...). */
export function isClockField(field: string): boolean {
  return (
    entryInfos().some((e) => e.spec.review?.clocks.includes(field)) ||
    kindDefs().some((d) => d.fileReview?.clocks.includes(field))
  );
}

/** The edit that marks an entry (or a file reviewed as a whole) reviewed today; undefined when not reviewed. */
export function reviewedTodayEdit(
  file: IsmsFile,
  entry: Entry | undefined,
  today: Day,
  index: WorkspaceIndex,
): TextEdit | undefined {
  const day = formatDay(today);
  if (entry) return reviewOfEntry(entry, index.settings) ? setField(entry, "reviewed", day) : undefined;
  return reviewOfFile(file, index.settings) ? setHeaderField(file, "reviewed", day) : undefined;
}
