// The management review pack (clause 9.3): the inputs of 9.3.2 a) to g) built from the records (the
// previous review's actions, context issues and interested parties changed since it, metrics and
// objectives against their targets, party feedback, risks and their treatment, improvements), the KPIs an
// officer reports over the last 12 months, and charts.
import { actionsOf, actionStatus } from "../core/action";
import { GitError, history } from "../core/git";
import { originOf } from "../core/kinds/context/domain";
import { effectivenessOf } from "../core/kinds/improvements/domain";
import {
  lastManagementReview,
  missingInputs,
  nextManagementReview,
  REVIEW_INPUTS,
  type InputLetter,
} from "../core/kinds/meetings/domain";
import { formatValue, metricStatus } from "../core/kinds/metrics/domain";
import { metricsSummary, objectiveMetrics } from "../core/kinds/objectives/domain";
import { feedbackOf, requirementsOf } from "../core/kinds/parties/domain";
import { planState } from "../core/kinds/risks/plan";
import type { Entry } from "../core/model";
import { auditRows, dueItems, isAccepted } from "../core/queries";
import { riskScores } from "../core/risk";
import { list, obj, str } from "../core/rules/api";
import { lateNotification } from "../core/kinds/incidents/rules/breach-notification-late";
import { latestSession } from "../core/kinds/training/domain";
import {
  addDuration,
  byId,
  compareIds,
  formatDay,
  months,
  parseDay,
  parseInstant,
  type Day,
} from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import {
  actionCell,
  count,
  doc,
  ids,
  median,
  percent,
  roleName,
  text,
  titleOf,
  type ReportContext,
} from "./common";

/** "9.3.2 b) Changes in external and internal issues relevant to the ISMS". */
const inputHeading = (letter: InputLetter): string => {
  const i = REVIEW_INPUTS.find((x) => x.letter === letter);
  return `9.3.2 ${letter}) ${i ? i.meaning[0].toUpperCase() + i.meaning.slice(1) : ""}`;
};

/** The ids of the entries of `kinds` that commits changed since `since` (newest change first); none without git. */
function changedInGit(
  dir: string,
  since: Day,
  today: Day,
  kinds: string[],
): { changes: Map<string, string>; note?: string } {
  const changes = new Map<string, string>();
  try {
    for (const c of history(dir, { from: formatDay(since), to: formatDay(today) }).commits)
      for (const f of c.files)
        for (const e of f.entries)
          if (kinds.includes(e.kind) && !changes.has(e.id))
            changes.set(e.id, `changed ${c.date.slice(0, 10)} (${c.short}: ${c.subject})`);
    return { changes };
  } catch (e) {
    if (e instanceof GitError) return { changes, note: "no git history: changes are read from the dates" };
    throw e;
  }
}
const SEVERITY_TONE: Record<string, Tone> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
};

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;

export function managementReview(ctx: ReportContext): Doc {
  const { index, today } = ctx;
  const settings = index.settings;
  const from = addDuration(today, months(12), -1);
  const inPeriod = (d: number | undefined) => d !== undefined && d >= from && d <= today;
  const audits = auditRows(index, today, () => undefined);
  const findings = audits.flatMap((a) => a.findings.map((f) => ({ ...f, audit: a })));
  const due = dueItems(index, today, () => undefined);
  const overdue = due.filter((d) => d.state === "overdue");

  // Incidents detected in the period.
  const incidents = (index.byKind.get("incident") ?? []).filter((i) => {
    const t = parseInstant(i.value.detected);
    return t !== undefined && inPeriod(Math.floor(t / 86_400_000));
  });
  const spans = (field: "contained" | "resolved") =>
    incidents
      .map((i) => {
        const d = parseInstant(i.value.detected);
        const e = parseInstant(i.value[field]);
        return d !== undefined && e !== undefined && e >= d ? e - d : undefined;
      })
      .filter((x): x is number => x !== undefined);
  const contain = median(spans("contained"));
  const resolve = median(spans("resolved"));
  const cost = incidents.reduce((n, i) => n + (typeof i.value.cost === "number" ? i.value.cost : 0), 0);
  const bySeverity = ["critical", "high", "medium", "low"].map((s) => ({
    label: s,
    value: incidents.filter((i) => i.value.severity === s).length,
    tone: SEVERITY_TONE[s],
  }));
  const perMonth: { label: string; value: number }[] = [];
  for (let k = 11; k >= 0; k--) {
    const start = addDuration(today, months(k), -1);
    const label = formatDay(start).slice(0, 7);
    perMonth.push({
      label,
      value: incidents.filter((i) => String(i.value.detected ?? "").slice(0, 7) === label).length,
    });
  }

  // Awareness: the latest session of each course against the target.
  const awareness: Cell[][] = (index.byKind.get("course") ?? []).map((c) => {
    const sessions = list(c.value.sessions);
    const last = latestSession(sessions);
    const s = last ? obj(sessions[last.index]) : {};
    const rate =
      typeof s.attended === "number" && typeof s.invited === "number" && s.invited > 0
        ? s.attended / s.invited
        : undefined;
    return [
      c.id,
      titleOf(c),
      last ? formatDay(last.day) : "never held",
      rate === undefined
        ? ""
        : {
            text: `${percent(rate)} (${text(s.attended)}/${text(s.invited)})`,
            tone: rate >= settings.awarenessTarget ? "good" : "bad",
          },
    ];
  });

  // Risks.
  const risks = index.byKind.get("risk") ?? [];
  const levelCounts = settings.levels.map((l) => ({
    label: l.name,
    value: risks.filter((r) => riskScores(r, settings).currentLevel === l).length,
  }));
  const above = risks.filter((r) => (riskScores(r, settings).current ?? 0) > settings.appetite);
  const controls = [...index.soa.values()].map((e) => e[0].value).filter((v) => v.applicable !== false);
  const implemented = controls.filter((v) => v.status === "implemented").length;

  const ncs = findings.filter((f) => f.type === "major-nc" || f.type === "minor-nc");
  const performedInPeriod = audits.filter((a) => inPeriod(parseDay(a.performed)));
  const ofis = findings.filter((f) => f.type === "ofi" || f.type === "observation");
  const lessons = (index.byKind.get("incident") ?? []).filter((i) => str(i.value.lessons_learned));

  // Since the previous management review: its actions (a), what changed (b, c), feedback (e).
  const previous = lastManagementReview(index, today);
  const since = previous?.held ?? from;
  const sinceText = previous
    ? `since the previous management review (${previous.entry.id ?? ""}, held ${formatDay(previous.held)})`
    : `in the 12 months since ${formatDay(from)} (no management review has been held)`;
  const next = nextManagementReview(index, today);
  const reviewActions = byId(
    (index.byKind.get("meeting") ?? []).filter(
      (m) =>
        m.value.type === "management-review" &&
        parseDay(m.value.held) !== undefined &&
        (parseDay(m.value.held) ?? 0) <= today,
    ),
  ).flatMap((meeting) =>
    actionsOf(meeting).map((a) => ({ meeting, action: a.value, state: actionStatus(a.value, today).state })),
  );
  const git = changedInGit(ctx.dir, since, today, ["issue", "party"]);
  /** What changed of an entry since the previous review: its dates in the period, and git's record. */
  const changeOf = (e: Entry, dated: Day[]): string | undefined => {
    const parts = dated.filter((d) => d >= since && d <= today).map((d) => formatDay(d));
    const fromGit = e.id === undefined ? undefined : git.changes.get(e.id);
    const out = [
      ...(parts.length ? [`dated ${[...new Set(parts)].sort().join(", ")}`] : []),
      ...(fromGit ? [fromGit] : []),
    ];
    return out.length ? out.join("; ") : undefined;
  };
  const dates = (e: Entry, fields: string[]) =>
    fields.map((f) => parseDay(e.value[f])).filter((d): d is Day => d !== undefined);
  const issues = byId(index.byKind.get("issue") ?? []).map((e) => ({
    e,
    change: changeOf(e, dates(e, ["identified", "reviewed"])),
  }));
  const parties = byId(index.byKind.get("party") ?? []).map((e) => ({
    e,
    change: changeOf(e, [
      ...dates(e, ["reviewed"]),
      ...feedbackOf(e).flatMap((f) => (f.day === undefined ? [] : [f.day])),
    ]),
  }));
  /** The entries that changed in the period, or a sentence saying none did, or that none is recorded. */
  function changeBlocks(
    all: { e: Entry; change?: string }[],
    one: string,
    kind: string,
    columns: string[],
    row: (e: Entry, change: string) => Cell[],
  ): Block[] {
    if (!all.length) return [{ kind: "paragraph", text: `No ${one} is recorded (${kind}).` }];
    const changed = all.filter((x) => x.change !== undefined);
    const head: Block = {
      kind: "paragraph",
      text: `${count(changed.length, one, one === "interested party" ? "interested parties" : `${one}s`)} identified, reviewed or changed ${sinceText}, of ${all.length} recorded${git.note ? ` (${git.note})` : ""}.`,
    };
    return changed.length
      ? [head, { kind: "table", columns, rows: changed.map((x) => row(x.e, x.change ?? "")) }]
      : [head];
  }
  const feedback = (index.byKind.get("party") ?? [])
    .flatMap((party) => feedbackOf(party).map((f) => ({ ...f, party })))
    .filter((f): f is typeof f & { day: Day } => f.day !== undefined && f.day >= since && f.day <= today)
    .sort((a, b) => a.day - b.day || compareIds(a.party.id, b.party.id));
  const metrics = byId(index.byKind.get("metric") ?? []);
  const objectives = byId(index.byKind.get("objective") ?? []);
  const allImprovements = byId(index.byKind.get("improvement") ?? []);
  const improvementNcs = allImprovements.filter((i) => i.value.type === "nonconformity");
  const improvements = allImprovements.filter((i) => i.value.type === "improvement");
  const plans = risks.map((r) => planState(r, today));
  const missing = previous ? missingInputs(previous.entry) : [];

  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: `Inputs ${sinceText}; key figures over ${formatDay(from)} to ${formatDay(today)} (12 months).${next ? ` The next management review, ${next.entry.id ?? ""}, is planned for ${formatDay(next.planned)}.` : ""}${missing.length ? ` The previous review did not cover ${missing.map((i) => `${i.letter})`).join(", ")}.` : ""}`,
    },
    { kind: "heading", level: 2, text: "Key figures" },
    {
      kind: "facts",
      items: [
        [
          "Incidents",
          `${incidents.length} (${
            bySeverity
              .filter((s) => s.value)
              .map((s) => `${s.value} ${s.label}`)
              .join(", ") || "none"
          })`,
        ],
        ["Median time to contain", contain === undefined ? "" : hours(contain)],
        ["Median time to resolve", resolve === undefined ? "" : hours(resolve)],
        ["Cost of incidents", cost ? String(cost) : "0"],
        ["Awareness target", percent(settings.awarenessTarget)],
        ["Audits performed", performedInPeriod.length],
        ["Nonconformities (all audits)", ncs.length],
        ["Overdue items", { text: String(overdue.length), tone: overdue.length ? "bad" : "good" }],
        ["Risks above appetite", { text: String(above.length), tone: above.length ? "warn" : "good" }],
        [
          "Applicable controls implemented",
          controls.length
            ? `${percent(implemented / controls.length)} (${implemented} of ${controls.length})`
            : "",
        ],
      ],
    },
    { kind: "bars", title: "Incidents per month", data: perMonth },
    { kind: "bars", title: "Risks by current level", data: levelCounts },
    {
      kind: "bars",
      title: "Overdue by kind",
      data: [...new Set(overdue.map((d) => d.kind))].map((k) => ({
        label: k,
        value: overdue.filter((d) => d.kind === k).length,
        tone: "bad",
      })),
    },
    { kind: "heading", level: 2, text: inputHeading("a") },
    ...(reviewActions.length
      ? [
          {
            kind: "paragraph" as const,
            text: `${count(reviewActions.length, "action")} recorded by ${count(new Set(reviewActions.map((r) => r.meeting.id)).size, "management review")}: ${reviewActions.filter((r) => r.state === "closed").length} closed, ${reviewActions.filter((r) => r.state === "open").length} open, ${reviewActions.filter((r) => r.state === "overdue").length} overdue.`,
          },
          {
            kind: "table" as const,
            columns: ["Review", "Action", "Owner", "Due", "State"],
            rows: reviewActions.map((r): Cell[] => [
              r.meeting.id ?? "",
              text(r.action.description),
              roleName(index, r.action.owner),
              text(r.action.due),
              actionCell(r.state),
            ]),
          },
        ]
      : [
          {
            kind: "paragraph" as const,
            text: previous
              ? `The previous management review (${previous.entry.id ?? ""}, held ${formatDay(previous.held)}) recorded no actions.`
              : "No management review has been held yet (kind: meetings, type management-review): there are no actions from a previous review.",
          },
        ]),
    { kind: "heading", level: 2, text: inputHeading("b") },
    ...changeBlocks(
      issues,
      "context issue",
      "kind: context",
      ["Issue", "Title", "Origin", "Category", "Effect", "Risks", "Change"],
      (i, change) => [
        i.id ?? "",
        titleOf(i),
        originOf(i),
        text(i.value.category),
        text(i.value.effect),
        ids(i.value.risks),
        change,
      ],
    ),
    { kind: "heading", level: 2, text: inputHeading("c") },
    ...changeBlocks(
      parties,
      "interested party",
      "kind: parties",
      ["Party", "Name", "Type", "Requirements", "Change"],
      (p, change) => {
        const reqs = requirementsOf(p);
        const open = reqs.filter((r) => r.state !== "addressed").length;
        return [
          p.id ?? "",
          text(p.value.name),
          text(p.value.type),
          reqs.length
            ? {
                text: `${reqs.length} (${open ? `${open} not addressed` : "all addressed"})`,
                tone: open ? "warn" : "good",
              }
            : "none recorded",
          change,
        ];
      },
    ),
    { kind: "heading", level: 2, text: inputHeading("d") },
    { kind: "heading", level: 3, text: "Nonconformities and corrective actions" },
    {
      kind: "table",
      columns: ["Nonconformity", "Type", "Source", "Title", "Action"],
      rows: [
        ...ncs.map((f): Cell[] => [
          f.id,
          f.type,
          f.audit.id,
          f.title,
          f.action ? actionCell(f.action.state) : { text: "no action", tone: "bad" },
        ]),
        ...improvementNcs.map((i): Cell[] => {
          const a = actionsOf(i)[0];
          return [
            i.id ?? "",
            "nonconformity",
            text(i.value.source),
            titleOf(i),
            a ? actionCell(actionStatus(a.value, today).state) : { text: "no action", tone: "bad" },
          ];
        }),
      ],
    },
    { kind: "heading", level: 3, text: "Monitoring and measurement results" },
    metrics.length
      ? {
          kind: "table",
          columns: ["Metric", "Title", "Value", "Target", "State", "How"],
          rows: metrics.map((m): Cell[] => {
            const st = metricStatus(m, index, today);
            const r = st.reading;
            return [
              m.id ?? "",
              titleOf(m),
              r.ok ? formatValue(r.value, m.value.unit) : "",
              st.target === undefined ? "" : formatValue(st.target, m.value.unit),
              {
                text: st.state,
                tone: st.state === "on target" ? "good" : st.state === "off target" ? "bad" : undefined,
              },
              r.ok ? (r.source === "measured" ? `measured ${formatDay(r.period.to)}` : r.how) : r.why,
            ];
          }),
        }
      : {
          kind: "paragraph",
          text: "No metrics are recorded (kind: metrics): the figures below are computed from the records.",
        },
    { kind: "heading", level: 3, text: "Incidents" },
    {
      kind: "table",
      columns: [
        "Incident",
        "Title",
        "Severity",
        "Detected",
        "Status",
        "Personal data breach",
        "Notification",
      ],
      rows: incidents.map((i) => {
        const late = lateNotification(i);
        return [
          i.id,
          titleOf(i),
          { text: text(i.value.severity), tone: SEVERITY_TONE[String(i.value.severity)] },
          text(i.value.detected),
          text(i.value.status),
          i.value.personal_data_breach === true ? "yes" : "no",
          late
            ? {
                text: `${late.hours} h after detection${late.reason ? `; reasons: ${late.reason}` : "; no reasons recorded"}`,
                tone: "bad",
              }
            : text(i.value.authority_notified),
        ];
      }),
    },
    { kind: "heading", level: 3, text: "Awareness" },
    { kind: "table", columns: ["Course", "Title", "Latest session", "Attendance"], rows: awareness },
    { kind: "heading", level: 3, text: "Audit results" },
    {
      kind: "table",
      columns: ["Audit", "Title", "Performed", "Findings"],
      rows: performedInPeriod.map((a) => [
        a.id,
        a.title,
        a.performed,
        a.findings.map((f) => `${f.id} ${f.type ?? ""}`.trim()).join(", "),
      ]),
    },
    { kind: "heading", level: 3, text: "Fulfilment of information security objectives" },
    objectives.length
      ? {
          kind: "table",
          columns: ["Objective", "Title", "Owner", "Due", "Status", "Metrics", "Open actions"],
          rows: objectives.map((o): Cell[] => {
            const status = text(o.value.status);
            const open = actionsOf(o).filter((a) => actionStatus(a.value, today).state !== "closed").length;
            return [
              o.id ?? "",
              titleOf(o),
              roleName(index, o.value.owner),
              text(o.value.due),
              {
                text: status,
                tone:
                  status === "achieved" || status === "on-track"
                    ? "good"
                    : status === "at-risk"
                      ? "warn"
                      : status === "off-track"
                        ? "bad"
                        : undefined,
              },
              metricsSummary(objectiveMetrics(o, index, today)),
              String(open),
            ];
          }),
        }
      : { kind: "paragraph", text: "No information security objectives are recorded (kind: objectives)." },
    { kind: "heading", level: 2, text: inputHeading("e") },
    feedback.length
      ? {
          kind: "table",
          columns: ["Date", "Party", "Feedback"],
          rows: feedback.map((f): Cell[] => [
            formatDay(f.day),
            `${f.party.id ?? ""} ${text(f.party.value.name)}`.trim(),
            text(f.summary),
          ]),
        }
      : {
          kind: "paragraph",
          text: parties.length
            ? `No feedback from interested parties is recorded ${sinceText}.`
            : "No interested parties are recorded (kind: parties).",
        },
    { kind: "heading", level: 2, text: inputHeading("f") },
    {
      kind: "table",
      columns: ["Risk", "Title", "Owner", "Current score", "Treatment", "Accepted"],
      rows: above.map((r) => {
        const sc = riskScores(r, settings);
        return [
          r.id,
          titleOf(r),
          roleName(index, r.value.owner),
          `${sc.current} ${sc.currentLevel?.name ?? ""}`,
          text(r.value.treatment),
          isAccepted(r, today) ? "yes" : { text: "no", tone: "bad" },
        ];
      }),
      caption: `Risks above the appetite of ${settings.appetite}`,
    },
    {
      kind: "paragraph",
      text: `Risk treatment plan: ${count(plans.filter((p) => p.open > 0).length, "risk")} with open treatment actions (${plans.reduce((n, p) => n + p.overdue, 0)} overdue), ${count(plans.filter((p) => p.approved).length, "plan")} approved by the risk owner.`,
    },
    { kind: "heading", level: 2, text: inputHeading("g") },
    {
      kind: "list",
      items: [
        ...improvements.map((i) => {
          const a = actionsOf(i)[0];
          const state = a ? actionStatus(a.value, today).state : "no action";
          const eff = effectivenessOf(i.value);
          return `${i.id ?? ""} (improvement, ${state}${eff ? `, effectiveness reviewed ${eff.date === undefined ? "" : formatDay(eff.date)}`.trimEnd() : ""}): ${titleOf(i)}`;
        }),
        ...ofis.map((f) => `${f.id} (${f.type}, ${f.audit.id}): ${f.title}`),
        ...lessons.map((i) => `${i.id} lessons learned: ${text(i.value.lessons_learned)}`),
      ],
    },
  ];
  return doc(ctx, "management-review", "Management review (clause 9.3)", blocks);
}
