// The management review pack (clause 9.3): the inputs of 9.3.2 a) to g) filled from the ISMS data, the
// KPIs an officer reports over the last 12 months, and charts.
import { auditRows, dueItems, isAccepted } from "../core/queries";
import { riskScores } from "../core/risk";
import { list, obj, str } from "../core/rules/api";
import { lateNotification } from "../core/kinds/incidents/rules/breach-notification-late";
import { latestSession } from "../core/kinds/training/domain";
import { addDuration, formatDay, months, parseDay, parseInstant } from "../core/values";
import type { Block, Cell, Doc, Tone } from "./doc";
import {
  actionRows,
  doc,
  withAction,
  median,
  percent,
  roleName,
  text,
  titleOf,
  type ReportContext,
} from "./common";

const NOT_RECORDED = "Not recorded in the ISMS files: to be presented by the information security officer.";
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
  const actions = withAction(findings);
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

  const blocks: Block[] = [
    { kind: "paragraph", text: `Period: ${formatDay(from)} to ${formatDay(today)} (12 months).` },
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
    { kind: "heading", level: 2, text: "a) Status of actions from previous reviews" },
    {
      kind: "paragraph",
      text: `Actions from management reviews are not a kind of their own; the corrective actions of audit findings stand for them: ${actions.filter((f) => f.action.state === "closed").length} closed, ${actions.filter((f) => f.action.state === "open").length} open, ${actions.filter((f) => f.action.state === "overdue").length} overdue.`,
    },
    {
      kind: "table",
      columns: ["Finding", "Action", "Owner", "Due", "State"],
      rows: actionRows(index, actions),
    },
    { kind: "heading", level: 2, text: "b) Changes in external and internal issues" },
    { kind: "paragraph", text: NOT_RECORDED },
    { kind: "heading", level: 2, text: "c) Changes in the needs and expectations of interested parties" },
    { kind: "paragraph", text: NOT_RECORDED },
    { kind: "heading", level: 2, text: "d) Information security performance" },
    { kind: "heading", level: 3, text: "Nonconformities and corrective actions" },
    {
      kind: "table",
      columns: ["Finding", "Type", "Audit", "Title", "Action"],
      rows: ncs.map((f) => [
        f.id,
        f.type,
        f.audit.id,
        f.title,
        f.action ? f.action.state : { text: "no action", tone: "bad" },
      ]),
    },
    { kind: "heading", level: 3, text: "Monitoring and measurement: incidents" },
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
    { kind: "heading", level: 3, text: "Monitoring and measurement: awareness" },
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
    { kind: "paragraph", text: NOT_RECORDED },
    { kind: "heading", level: 2, text: "e) Feedback from interested parties" },
    { kind: "paragraph", text: NOT_RECORDED },
    { kind: "heading", level: 2, text: "f) Risk assessment results and risk treatment" },
    {
      kind: "table",
      columns: ["Risk", "Title", "Owner", "Current score", "Treatment", "Accepted"],
      rows: above.map((r) => {
        const s = riskScores(r, settings);
        return [
          r.id,
          titleOf(r),
          roleName(index, r.value.owner),
          `${s.current} ${s.currentLevel?.name ?? ""}`,
          text(r.value.treatment),
          isAccepted(r, today) ? "yes" : { text: "no", tone: "bad" },
        ];
      }),
      caption: `Risks above the appetite of ${settings.appetite}`,
    },
    { kind: "heading", level: 2, text: "g) Opportunities for continual improvement" },
    {
      kind: "list",
      items: [
        ...ofis.map((f) => `${f.id} (${f.type}, ${f.audit.id}): ${f.title}`),
        ...lessons.map((i) => `${i.id} lessons learned: ${text(i.value.lessons_learned)}`),
      ],
    },
  ];
  return doc(ctx, "management-review", "Management review", blocks);
}
