// The continual improvement register (clauses 10.1, 10.2): its rules on a realistic register, the
// effectiveness window of the manifest, the improvements report that merges the register with the audit
// findings, and bad input, which never throws nor shows a user value as [object Object], undefined or null.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-11-29")!;
const CODES = [
  "nonconformity-no-action",
  "nonconformity-no-root-cause",
  "effectiveness-not-reviewed",
  "unknown-reference",
];

const ROLES = `kind: roles
roles:
  - { id: iso, title: Information Security Officer, holder: Ann, reviewed: 2026-05-01 }
  - { id: dpo, title: Data Protection Officer, holder: Bo, reviewed: 2026-05-01 }
  - { id: it-manager, title: IT Manager, holder: Cy, reviewed: 2026-05-01 }
`;
const INCIDENTS = `kind: incidents
incidents:
  - { id: INC-2026-003, title: Export sent to the wrong customer, severity: high, status: closed, detected: 2026-06-08T15:30Z, lessons_learned: Escalate at once. }
`;
const RISKS = `kind: risks
risks:
  - { id: R-032, title: Breach not notified in time, owner: dpo, likelihood: 2, impact: 5, treatment: mitigate, controls: [A.5.24] }
`;
const AUDITS = `kind: audits
audits:
  - id: IA-2026-01
    title: Context and risk
    scope: [4, 5, 6]
    planned: 2026-02-16
    performed: 2026-02-18
    findings:
      - id: F-VERIFIED
        title: SoA not updated
        type: minor-nc
        ref: 6.1.3
        statement: Two services missing from the SoA.
        root_cause: No trigger from procurement.
        action: { description: Add a review step, owner: iso, due: 2026-04-15, closed: 2026-04-10, verified_by: iso }
      - id: F-UNVERIFIED
        title: Access reviews late
        type: major-nc
        ref: A.5.18
        statement: The Q1 access review was not done.
        action:
          description: Ticket every review
          owner: it-manager
          due: 2026-05-31
          closed: 2026-05-20
      - { id: F-OFI, title: Threat intelligence informal, type: ofi, ref: A.5.7, statement: Newsletters only. }
      - { id: F-OBS, title: Clear desk, type: observation, ref: A.7.7, statement: Invoices left on desks. }
`;
const IMPROVEMENTS = `kind: improvements
improvements:
  - id: IMP-001
    title: Breach notified late
    type: nonconformity
    source: incident
    refs: [INC-2026-003, R-032]
    raised: 2026-06-15
    raised_by: dpo
    statement: Notified after 92 hours.
    root_cause: Logged as a support ticket.
    action: { description: Add a route to the runbook, owner: dpo, due: 2026-07-31, closed: 2026-07-24 }
    effectiveness: { date: 2026-10-30, by: dpo, effective: true, note: Two cases since, both in time. }
  - id: IMP-002
    title: Access review skipped
    type: nonconformity
    source: monitoring
    raised: 2026-10-08
  - id: IMP-003
    title: Closed without a cause
    type: nonconformity
    source: internal-audit
    refs: [F-UNVERIFIED, INC-2026-03]
    raised: 2026-05-21
    action: { description: Retrain the team, owner: it-manager, due: 2026-06-30, closed: 2026-06-12 }
  - id: IMP-004
    title: Threat intelligence feed
    type: improvement
    source: internal-audit
    refs: [F-OFI]
    raised: 2026-02-18
    action: { description: Subscribe to a feed, owner: iso, due: 2026-09-30, closed: 2026-09-15 }
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const realistic = (manifest = "kind: isms\norganisation: Acme Cloud Ltd\n") =>
  workspace({
    "isms.yaml": manifest,
    "roles.yaml": ROLES,
    "incidents.yaml": INCIDENTS,
    "risks.yaml": RISKS,
    "audits.yaml": AUDITS,
    "improvements.yaml": IMPROVEMENTS,
  });

const mine = (ws: Workspace): Finding[] =>
  checkWorkspace(ws, { today: TODAY }).filter((f) => CODES.includes(f.code));
const shown = (fs: Finding[]) =>
  fs.map((f) => `${f.file.split("/").pop()}:${f.start.line + 1} ${f.code} ${f.message}`);

async function report(ws: Workspace, format: "md" | "csv" | "html" = "md"): Promise<string> {
  const type = REPORT_BY_ID.get("improvements")!;
  return String(await produce(type, format, { index: ws.index, today: TODAY, findings: [], dir: "/w" }));
}

describe("improvement rules on a realistic register", () => {
  test("each rule reports what it should, where a user looks, and nothing else", () => {
    assert.deepEqual(shown(mine(realistic())), [
      "audits.yaml:25 effectiveness-not-reviewed The corrective action of finding F-UNVERIFIED was closed on 2026-05-20, more than 90 days ago, and its effectiveness has not been verified (record verified_by:)",
      "improvements.yaml:14 nonconformity-no-action Nonconformity IMP-002 has no corrective action",
      "improvements.yaml:19 nonconformity-no-root-cause Nonconformity IMP-003 has its action closed on 2026-06-12 but no root cause is recorded",
      "improvements.yaml:23 unknown-reference Unknown reference 'INC-2026-03' (did you mean the incident 'INC-2026-003'?)",
      "improvements.yaml:25 effectiveness-not-reviewed The action of IMP-003 was closed on 2026-06-12, more than 90 days ago, and its effectiveness has not been reviewed (record it in effectiveness:)",
    ]);
  });

  test("the manifest's improvement.effectiveness_after moves the window", () => {
    const short = mine(
      realistic("kind: isms\norganisation: Acme\nimprovement: { effectiveness_after: 60 days }\n"),
    );
    // IMP-004 was closed on 2026-09-15: 75 days before today, past 60 days but not 90.
    assert.ok(
      shown(short).some((l) =>
        /improvements\.yaml:\d+ effectiveness-not-reviewed .*IMP-004.*more than 60 days/.test(l),
      ),
    );
    const long = mine(
      realistic("kind: isms\norganisation: Acme\nimprovement: { effectiveness_after: 12 months }\n"),
    );
    assert.deepEqual(
      long.filter((f) => f.code === "effectiveness-not-reviewed"),
      [],
    );
  });

  test("recording the review clears the finding; a record that is partial is the schema's to report", () => {
    const fixed = IMPROVEMENTS.replace(
      "action: { description: Retrain the team, owner: it-manager, due: 2026-06-30, closed: 2026-06-12 }",
      "action: { description: Retrain the team, owner: it-manager, due: 2026-06-30, closed: 2026-06-12 }\n    effectiveness: { by: iso }",
    );
    const ws = realistic();
    ws.setText("/w/improvements.yaml", fixed);
    const all = checkWorkspace(ws, { today: TODAY });
    assert.ok(!all.some((f) => f.code === "effectiveness-not-reviewed" && f.entryId === "IMP-003"));
    assert.ok(
      all.some((f) => f.code === "schema" && /date/.test(f.message)),
      "the schema asks for the date",
    );
  });
});

describe("the improvements report: the register and the audit findings together", () => {
  test("nonconformities from both, ofi as improvements, observations listed, in the order raised", async () => {
    const md = await report(realistic());
    assert.match(md, /^# Nonconformities and improvements$/m);
    assert.match(md, /\*\*Nonconformities:\*\* 5 \(2 from audits, 3 from the improvement register\)/);
    assert.match(md, /\*\*Without a corrective action:\*\* 1\n/);
    assert.match(md, /\*\*Effectiveness reviews overdue:\*\* 2\n/);
    assert.match(md, /\*\*Improvements:\*\* 2\n/);
    assert.match(md, /\*\*Observations:\*\* 1\n/);
    const section = (title: string) => md.split(`## ${title}`)[1].split("\n## ")[0];
    const ids = (s: string) => [...s.matchAll(/^\| ([A-Z]+-[\w-]+) \|/gm)].map((m) => m[1]);
    assert.deepEqual(ids(section("Nonconformities (clause 10.2)")), [
      "F-UNVERIFIED",
      "F-VERIFIED",
      "IMP-003",
      "IMP-001",
      "IMP-002",
    ]);
    assert.deepEqual(ids(section("Improvements (clause 10.1)")), ["F-OFI", "IMP-004"]);
    assert.deepEqual(ids(section("Observations")), ["F-OBS"]);
  });

  test("each row: source, root cause, the action's state and where its effectiveness review stands", async () => {
    const md = await report(realistic());
    const row = (id: string) => md.split("\n").find((l) => l.startsWith(`| ${id} |`)) ?? "";
    assert.match(row("F-VERIFIED"), /\| internal-audit IA-2026-01 \| 6\.1\.3 \| 2026-02-18 \|/);
    assert.match(row("F-VERIFIED"), /No trigger from procurement\. \|.*\| closed \| verified by iso \|$/);
    assert.match(row("F-UNVERIFIED"), /\| closed \| review overdue since 2026-08-18 \|$/);
    assert.match(row("IMP-001"), /\| incident \| INC-2026-003, R-032 \| 2026-06-15 \|/);
    assert.match(row("IMP-001"), /\| closed \| effective on 2026-10-30 by dpo \|$/);
    assert.match(row("IMP-002"), /\| no corrective action \|/);
    // A finding followed up in the register names the improvement that cites it.
    assert.match(row("F-OFI"), /\| A\.5\.7, IMP-004 \|/);
    assert.match(row("IMP-004"), /\| closed \| review due 2026-12-14 \|$/);
  });

  test("CSV: one row per record, with the record it comes from and the action's state", async () => {
    const csv = (await report(realistic(), "csv"))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    assert.equal(
      csv[0],
      "id,title,record,category,type,source,refs,raised,raised_by,statement,correction,root_cause,action,action_owner,action_due,action_closed,action_state,effectiveness,effectiveness_date,effectiveness_by,effective",
    );
    assert.equal(csv.length, 1 + 8);
    const line = (id: string) => csv.find((l) => l.startsWith(`${id},`)) ?? "";
    assert.match(line("F-UNVERIFIED"), /,audit finding,nonconformity,major-nc,internal-audit IA-2026-01,/);
    assert.match(line("F-UNVERIFIED"), /,closed,overdue,,,$/);
    assert.match(
      line("IMP-001"),
      /,improvement,nonconformity,nonconformity,incident,"INC-2026-003, R-032",2026-06-15,dpo,/,
    );
    assert.match(line("IMP-001"), /,closed,reviewed,2026-10-30,dpo,true$/);
  });
});

describe("bad input", () => {
  const BAD = `kind: improvements
improvements:
  - id: IMP-1
    title: { a: 1 }
    type: nonconformity
    source: 7
    refs: R-032
    raised: { when: soon }
    raised_by: [iso]
    statement: [one, two]
    root_cause: { why: unknown }
    action: [1, 2]
    effectiveness: yes
  - id: IMP-2
    type: 12
    refs: [null, { id: R-032 }, 123, ""]
    action: { closed: "", due: not a date, owner: { x: 1 } }
    effectiveness: { date: 2026-13-45, effective: maybe }
  - just a string
  - null
  - id: IMP-3
    type: nonconformity
    action: { description: Done, closed: 2026-01-01 }
    effectiveness: []
`;

  test("rules do not throw and add nothing the schema rule does not already say", () => {
    const ws = workspace({ "improvements.yaml": BAD, "roles.yaml": ROLES, "risks.yaml": RISKS });
    const all = checkWorkspace(ws, { today: TODAY });
    assert.ok(all.some((f) => f.code === "schema"));
    assert.deepEqual(shown(all.filter((f) => CODES.includes(f.code))), [
      "improvements.yaml:16 unknown-reference Unknown reference '123': no entry has this id (expected an audit finding, an incident, a meeting or a risk)",
      "improvements.yaml:21 nonconformity-no-root-cause Nonconformity IMP-3 has its action closed on 2026-01-01 but no root cause is recorded",
      "improvements.yaml:23 effectiveness-not-reviewed The action of IMP-3 was closed on 2026-01-01, more than 90 days ago, and its effectiveness has not been reviewed (record it in effectiveness:)",
    ]);
  });

  test("every format of the report shows no [object Object], undefined or null", async () => {
    const ws = workspace({
      "improvements.yaml": BAD,
      "roles.yaml": ROLES,
      "audits.yaml": AUDITS.replace("title: SoA not updated", "title: [x]"),
    });
    for (const format of ["md", "html", "csv"] as const) {
      const out = await report(ws, format);
      assert.doesNotMatch(out, /\[object Object\]|\bundefined\b|\bnull\b/, format);
    }
  });
});
