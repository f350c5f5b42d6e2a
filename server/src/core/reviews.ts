// Review clocks: when each reviewable item (roles, assets, risks, SoA, documents, suppliers) falls due.
import type { Entry, EntryKind, IsmsFile, Range } from "./model";
import { anchorRange, fieldRange, headerRange } from "./model";
import { riskScores } from "./risk";
import type { Settings } from "./settings";
import type { WorkspaceIndex } from "./workspace";
import { addDuration, parseDay, parseDuration, type Day, type Duration } from "./values";

export type ReviewKind = "roles" | "assets" | "risks" | "soa" | "documents" | "suppliers";

export interface ReviewItem {
  kind: ReviewKind;
  file: IsmsFile;
  entry: Entry | undefined; // undefined for the SoA as a whole
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

const CLOCKS: Record<ReviewKind, string[]> = {
  roles: ["reviewed", "assigned"],
  assets: ["reviewed"],
  risks: ["reviewed", "identified"],
  soa: ["reviewed", "approved_on"],
  documents: ["reviewed", "approved_on"],
  suppliers: ["reviewed"],
};

const ENTRY_REVIEW: Partial<Record<EntryKind, ReviewKind>> = {
  role: "roles",
  asset: "assets",
  risk: "risks",
  document: "documents",
  supplier: "suppliers",
};

/** Entry kinds with a review clock. */
export const REVIEWED_KINDS = Object.keys(ENTRY_REVIEW) as EntryKind[];

function clockOf(fields: Record<string, unknown>, kind: ReviewKind): { day?: Day; field?: string } {
  for (const f of CLOCKS[kind]) {
    const d = parseDay(fields[f]);
    if (d !== undefined) return { day: d, field: f };
  }
  return {};
}

export function reviewOfEntry(entry: Entry, settings: Settings): ReviewItem | undefined {
  const kind = ENTRY_REVIEW[entry.kind];
  if (!kind) return undefined;
  const v = entry.value;
  let interval = parseDuration(v.review_every);
  if (!interval) {
    if (kind === "risks") interval = riskScores(entry, settings).currentLevel?.reviewEvery;
    else interval = settings.reviewEvery[kind as Exclude<ReviewKind, "risks">];
  }
  interval ??= { n: 12, unit: "months" };
  const clock = clockOf(v, kind);
  const due = clock.day !== undefined ? addDuration(clock.day, interval) : undefined;
  return new EntryReview(kind, entry, clock.day, clock.field, interval, due);
}

/** An entry's review clock; where its findings go is found when asked (walking to the field costs). */
class EntryReview implements ReviewItem {
  readonly file: IsmsFile;
  readonly id: string;
  readonly title: string;
  readonly owner: string | undefined;
  constructor(
    readonly kind: ReviewKind,
    readonly entry: Entry,
    readonly clock: Day | undefined,
    readonly clockField: string | undefined,
    readonly interval: Duration,
    readonly due: Day | undefined,
  ) {
    const v = entry.value;
    this.file = entry.file;
    this.id = entry.id ?? "?";
    this.title = String(v.title ?? v.name ?? "");
    this.owner = typeof v.owner === "string" ? v.owner : undefined;
  }
  get range(): Range {
    return this.clockField ? fieldRange(this.entry, [this.clockField]) : anchorRange(this.entry);
  }
}

export function reviewOfSoa(file: IsmsFile, settings: Settings): ReviewItem {
  const h = file.header;
  const interval = parseDuration(h.review_every) ?? settings.reviewEvery.soa;
  const clock = clockOf(h, "soa");
  return {
    kind: "soa",
    file,
    entry: undefined,
    id: "SoA",
    title: `Statement of Applicability${h.version !== undefined ? ` v${h.version}` : ""}`,
    owner: typeof h.approved_by === "string" ? h.approved_by : undefined,
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
    if (file.kind === "soa") out.push(reviewOfSoa(file, index.settings));
    for (const entry of file.entries) {
      const item = reviewOfEntry(entry, index.settings);
      if (item) out.push(item);
    }
  }
  return out;
}
