// Views of the workspace that the editor's tree views and the reports share: what falls due, the risk
// register and the audit programme. Pure: rows carry the file and range; the server turns those into
// LSP locations.
import type {
  ActionItem,
  AuditRow,
  DueItem,
  FindingRow,
  RiskRegister,
  RiskRegisterParams,
  RiskRow,
} from "../protocol";
import { actionsOf, actionStatus } from "./action";
import { kindFacts } from "./aggregate";
import { duesOf } from "./kinds/api";
import { auditState } from "./kinds/audits/domain";
import { anchorRange, fieldRange, type Entry, type IsmsFile, type Range } from "./model";
import { entryInfos, entrySpec, kindDef, kindDefs } from "./registry";
import { reviewItems, reviewOfEntry, titleOf } from "./reviews";
import { riskScores } from "./risk";
import { dueSoonLimit } from "./settings";
import { list, obj, str } from "./rules/api";
import { byId, covers, display, formatDay, parseDay, type Day } from "./values";
import type { WorkspaceIndex } from "./workspace";

/** Turns a file and range into whatever location the caller wants (an LSP Location, a report link). */
export type Locate<L> = (file: IsmsFile, range: Range) => L;

const text = (v: unknown): string | undefined => display(v) || undefined;
const texts = (v: unknown): string[] =>
  list(v)
    .map(display)
    .filter((x) => x !== "");
const day = (v: unknown): string | undefined => {
  const d = parseDay(v);
  return d === undefined ? undefined : formatDay(d);
};

/** The title of the role with this id, when there is one. */
export function roleTitle(index: WorkspaceIndex, id: string | undefined): string | undefined {
  const role = id === undefined ? undefined : index.defs.get(id)?.find((e) => e.kind === "role");
  return role ? str(role.value.title) : undefined;
}

/** The Overdue view's group of corrective actions, whatever kind records them. */
export const ACTIONS_GROUP = { group: "actions", title: "Corrective actions", label: "corrective action" };

/**
 * Everything with a due date: review clocks, open corrective actions, and what kinds say falls due
 * (courses, audits not yet performed). Sorted by urgency (no date first, then the earliest due). Items
 * due after the due-soon window are left out unless `all`.
 */
export function dueItems<L>(
  index: WorkspaceIndex,
  today: Day,
  locate: Locate<L>,
  all = false,
  dueSoonDays?: number,
): DueItem<L>[] {
  const soon = dueSoonDays !== undefined ? today + dueSoonDays : dueSoonLimit(index.settings, today);
  const out: DueItem<L>[] = [];
  const ranks = new Map<string, number>();
  const add = (
    group: { group: string; title: string; label: string },
    file: IsmsFile,
    range: () => Range,
    id: string,
    title: string,
    owner: string | undefined,
    due: Day | undefined,
    reviewable: boolean,
  ) => {
    const state = due === undefined || due < today ? "overdue" : due <= soon ? "due-soon" : "later";
    if (state === "later" && !all) return;
    let rank = ranks.get(group.group);
    if (rank === undefined) ranks.set(group.group, (rank = groupRank(group.group)));
    out.push({
      kind: group.group,
      kindTitle: group.title,
      kindLabel: group.label,
      kindRank: rank,
      id,
      title,
      owner,
      ownerTitle: roleTitle(index, owner),
      due: due === undefined ? undefined : formatDay(due),
      daysOverdue: due === undefined ? undefined : today - due,
      state,
      reviewable,
      location: locate(file, range()),
    });
  };
  for (const r of reviewItems(index)) {
    const def = kindDef(r.kind);
    const label = r.entry
      ? `${entrySpec(r.entry.kind)?.one ?? r.kind} review`
      : (def?.fileReview?.label ?? r.kind);
    const entry = r.entry;
    add(
      { group: r.kind, title: def?.title ?? r.kind, label },
      r.file,
      entry ? () => anchorRange(entry) : () => r.range,
      r.id,
      r.title,
      r.owner,
      r.due,
      true,
    );
  }
  const ctx = { settings: index.settings, today };
  for (const info of entryInfos())
    for (const due of duesOf(info.spec))
      for (const e of index.byKind.get(info.spec.name) ?? []) {
        const got = due.due(e, ctx);
        for (const d of got === undefined ? [] : "day" in got ? [got] : got) {
          const path = d.path;
          add(
            due,
            e.file,
            path ? () => fieldRange(e, [...path]) : () => anchorRange(e),
            d.id ?? e.id ?? "?",
            d.title ?? titleOf(e),
            d.owner,
            d.day,
            false,
          );
        }
      }
  for (const fd of kindDefs().flatMap((d) => (d.fileDue ? [d.fileDue] : [])))
    for (const d of fd.due(index, ctx))
      add(fd, d.file, () => d.range, d.id, d.title ?? "", d.owner, d.day, false);
  for (const info of entryInfos()) {
    if (!info.spec.actions?.length) continue;
    for (const e of index.byKind.get(info.spec.name) ?? [])
      for (const a of actionsOf(e)) {
        const s = actionStatus(a.value, today);
        if (s.due === undefined || s.state === "closed") continue;
        add(
          ACTIONS_GROUP,
          e.file,
          () => fieldRange(e, [...a.path, "due"]),
          e.id ?? "?",
          titleOf(e),
          str(a.value.owner),
          s.due,
          false,
        );
      }
  }
  const key = (i: DueItem<L>) => (i.daysOverdue === undefined ? Infinity : i.daysOverdue);
  return out.sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Every open corrective action of every kind (audit findings, improvements, objectives, meetings,
 * obligations, risks: whatever records actions), the most overdue first, then by due date; actions with
 * no due date last. What records it is its source.
 */
export function openActions<L>(index: WorkspaceIndex, today: Day, locate: Locate<L>): ActionItem<L>[] {
  const out: (ActionItem<L> & { dueDay?: Day })[] = [];
  for (const info of entryInfos()) {
    if (!info.spec.actions?.length) continue;
    for (const e of index.byKind.get(info.spec.name) ?? [])
      for (const a of actionsOf(e)) {
        const s = actionStatus(a.value, today);
        if (s.state === "closed") continue;
        const owner = str(a.value.owner);
        out.push({
          id: str(a.value.id),
          description: text(a.value.description) ?? "",
          owner,
          ownerTitle: roleTitle(index, owner),
          due: s.due === undefined ? undefined : formatDay(s.due),
          daysOverdue: s.due === undefined ? undefined : today - s.due,
          state: s.state,
          source: { kind: info.spec.one, id: e.id ?? "?", title: titleOf(e) },
          path: [...e.path, ...a.path],
          location: locate(e.file, fieldRange(e, a.path)),
          dueDay: s.due,
        });
      }
  }
  const key = (i: { dueDay?: Day }) => i.dueDay ?? Infinity;
  return out
    .sort((a, b) => key(a) - key(b) || (a.source.id < b.source.id ? -1 : a.source.id > b.source.id ? 1 : 0))
    .map(({ dueDay: _dueDay, ...item }) => item);
}

/** The order of the Overdue view's groups: reviews by kind, then what kinds say falls due, then actions. */
function groupRank(group: string): number {
  const kinds = kindDefs();
  const reviewed = kinds.findIndex((d) => d.kind === group);
  if (reviewed >= 0) return reviewed;
  const groups = entryInfos().flatMap((e) => duesOf(e.spec).map((d) => d.group));
  const dated = groups.indexOf(group);
  return dated >= 0 ? kinds.length + dated : 2 * kinds.length + groups.length;
}

/** True when a risk's acceptance is recorded (role and date) and has not lapsed. */
export function isAccepted(risk: Entry<"risk">, today: Day): boolean {
  const v = risk.value;
  if (!str(v.accepted_by) || !str(v.accepted_on)) return false;
  const until = parseDay(v.accepted_until);
  return until === undefined || until >= today;
}

function riskRow<L>(risk: Entry<"risk">, index: WorkspaceIndex, today: Day, locate: Locate<L>): RiskRow<L> {
  const settings = index.settings;
  const v = risk.value;
  const s = riskScores(risk, settings);
  const due = reviewOfEntry(risk, settings)?.due;
  return {
    id: risk.id ?? "?",
    title: text(v.title) ?? "",
    owner: str(v.owner),
    assets: texts(v.assets),
    threat: text(v.threat),
    treatment: text(v.treatment),
    controls: texts(v.controls),
    likelihood: s.likelihood,
    impact: s.impact,
    inherent: s.inherent,
    inherentLevel: s.inherentLevel?.name,
    residual: s.residual,
    residualLevel: s.residualLevel?.name,
    current: s.current,
    currentLevel: s.currentLevel?.name,
    aboveAppetite: s.current !== undefined && s.current > settings.appetite,
    accepted: isAccepted(risk, today),
    nextReview: due === undefined ? undefined : formatDay(due),
    location: locate(risk.file, anchorRange(risk)),
  };
}

/**
 * The risk register by level (current level, else inherent), filtered by appetite, with at most
 * `limitPerLevel` rows per level: the counts are always complete.
 */
export function riskRegister<L>(
  index: WorkspaceIndex,
  today: Day,
  locate: Locate<L>,
  params: RiskRegisterParams = {},
): RiskRegister<L> {
  const settings = index.settings;
  const limit = params.limitPerLevel ?? Infinity;
  const counts = new Map<string, number>();
  const risks: RiskRow<L>[] = [];
  for (const risk of byId(index.byKind.get("risk") ?? [])) {
    const s = riskScores(risk, settings);
    const above = s.current !== undefined && s.current > settings.appetite;
    if ((params.filter === "above" && !above) || (params.filter === "within" && above)) continue;
    const level = (s.currentLevel ?? s.inherentLevel)?.name;
    const n = level === undefined ? 0 : (counts.get(level) ?? 0);
    if (level !== undefined) counts.set(level, n + 1);
    if (n < limit) risks.push(riskRow(risk, index, today, locate));
  }
  return {
    appetite: settings.appetite,
    levels: settings.levels.map((l) => ({ name: l.name, max: l.max, count: counts.get(l.name) ?? 0 })),
    risks,
  };
}

/** Audits by planned (else performed) date, each with its findings and their actions. */
export function auditRows<L>(index: WorkspaceIndex, today: Day, locate: Locate<L>): AuditRow<L>[] {
  const findings = new Map<Entry, FindingRow<L>[]>();
  for (const f of index.byKind.get("finding") ?? []) {
    const v = f.value;
    const a = v.action === undefined ? undefined : obj(v.action);
    const s = a && actionStatus(a, today);
    const row: FindingRow<L> = {
      id: f.id ?? "?",
      title: text(v.title) ?? text(v.statement) ?? "",
      type: text(v.type),
      ref: text(v.ref),
      action: a &&
        s && {
          description: text(a.description),
          owner: str(a.owner),
          due: day(a.due),
          closed: day(a.closed),
          state: s.state,
          verified: s.verified,
        },
      location: locate(f.file, anchorRange(f)),
    };
    const parent = f.parent;
    if (!parent) continue;
    const list = findings.get(parent);
    if (list) list.push(row);
    else findings.set(parent, [row]);
  }
  const rows = (index.byKind.get("audit") ?? []).map((a): AuditRow<L> => {
    const v = a.value;
    return {
      id: a.id ?? "?",
      title: text(v.title) ?? "",
      planned: day(v.planned),
      performed: day(v.performed),
      state: auditState(v, today),
      scope: texts(v.scope),
      auditor: text(v.auditor),
      auditee: str(v.auditee),
      findings: findings.get(a) ?? [],
      location: locate(a.file, anchorRange(a)),
    };
  });
  const when = (r: { planned?: string; performed?: string }) => r.planned ?? r.performed ?? "9999";
  return rows.sort((x, y) => (when(x) < when(y) ? -1 : when(x) > when(y) ? 1 : 0));
}

/** Risks whose `controls` cite a control id. */
export function citingRisks(index: WorkspaceIndex, control: string): Entry[] {
  const out = new Set<Entry>();
  for (const r of index.refsTo.get(control) ?? [])
    if (r.entry?.kind === "risk" && r.field === "controls") out.add(r.entry);
  return [...out];
}

/** The latest performed (not cancelled) audit whose scope covers a control or clause. */
export function lastAudit(index: WorkspaceIndex, ref: string): { audit: Entry; day: Day } | undefined {
  let best: { audit: Entry; day: Day } | undefined;
  for (const a of index.byKind.get("audit") ?? []) {
    const performed = parseDay(a.value.performed);
    if (performed === undefined || a.value.status === "cancelled") continue;
    if (!list(a.value.scope).some((s) => covers(String(s), ref))) continue;
    if (!best || performed > best.day) best = { audit: a, day: performed };
  }
  return best;
}

/**
 * What a role owns: entry kind -> entries whose `owner` is the role, for the kinds counted in what a role
 * owns (`ownedRank`). Kept as facts of each kind, updated from what each edit changed: a rule asking on
 * every check costs what the edit changed.
 */
export function ownedBy(index: WorkspaceIndex, role: string): Map<Entry["kind"], Entry[]> {
  const out = new Map<Entry["kind"], Entry[]>();
  for (const { spec } of entryInfos()) {
    if (spec.ownedRank === undefined) continue;
    const mine = kindFacts(index, spec.name, `owner:${role}`, (e) =>
      e.value.owner === role ? true : undefined,
    ).list;
    if (mine.length)
      out.set(
        spec.name,
        mine.map(([e]) => e),
      );
  }
  return out;
}

/** "6 risks, 2 assets, 5 SoA controls": what a role owns, most telling first (the kinds' ranks); "" when nothing. */
export function ownedSummary(index: WorkspaceIndex, role: string): string {
  const owned = ownedBy(index, role);
  return entryInfos()
    .filter((e) => e.spec.ownedRank !== undefined && owned.has(e.spec.name))
    .sort((a, b) => (a.spec.ownedRank ?? 0) - (b.spec.ownedRank ?? 0))
    .map(({ spec }) => {
      const n = owned.get(spec.name)?.length ?? 0;
      return `${n} ${n === 1 ? spec.one : spec.many}`;
    })
    .join(", ");
}
