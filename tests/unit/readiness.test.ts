// Mandatory documented information (core/mandatory.ts): which records provide each item, the rule
// mandatory-record-missing on the manifest, and the readiness report built from the same answer.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { nodeAt } from "../../server/src/core/locate";
import { MANDATORY_ITEMS, mandatoryStates, recordLabel } from "../../server/src/core/mandatory";
import { ruleById } from "../../server/src/core/registry";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-06-01")!;

function load(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const missing = (ws: Workspace): Finding[] =>
  checkWorkspace(ws, { today: TODAY, roots: ["/w"] }).filter((f) => f.code === "mandatory-record-missing");

/** The clauses each item's records provide, as "clause: record, record". */
const provided = (ws: Workspace): string[] =>
  mandatoryStates(ws.index, TODAY).map(
    (s) => `${s.item.clause}: ${s.records.map((r) => recordLabel(r)).join(", ")}`,
  );

const FULL: Record<string, string> = {
  "isms.yaml": "kind: isms\norganisation: Acme\nscope: The Acme platform\nrisk_method: { appetite: 9 }\n",
  "documents.yaml": `kind: documents
documents:
  - { id: DOC-POL, title: Information security policy, path: x.md, owner: iso, refs: ["5.2(a)", A.5.1], reviewed: 2026-01-10 }
  - { id: DOC-RISK, title: Risk methodology, path: x.md, owner: iso, refs: [6.1.2], reviewed: 2025-01-10 }
  - { id: DOC-LEAD, title: Leadership, path: x.md, owner: iso, refs: [5] }
`,
  "roles.yaml": `kind: roles
roles:
  - { id: iso, title: ISO, holder: Dana, competence: { evidence: [Lead Implementer 2024] }, reviewed: 2026-05-20 }
  - { id: it, title: IT, holder: Sam, competence: { required: [CCNA] } }
`,
  "training.yaml": `kind: training
courses:
  - { id: TR-1, title: Awareness, every: 12 months, sessions: [{ date: 2026-03-01, attended: 9, invited: 10 }] }
  - { id: TR-2, title: Phishing, every: 12 months, sessions: [] }
`,
  "soa.yaml": "kind: soa\nversion: 2.0\nreviewed: 2026-05-01\ncontrols: {}\n",
  "risks.yaml":
    "kind: risks\nrisks:\n  - { id: R-1, title: Theft, owner: iso, likelihood: 2, impact: 2, treatment: avoid }\n",
  "objectives.yaml": "kind: objectives\nobjectives:\n  - { id: OBJ-1, title: Fewer incidents, owner: iso }\n",
  "metrics.yaml": `kind: metrics
metrics:
  - { id: M-DER, title: Incidents, owner: iso, every: 3 months, derived: incidents.count }
  - { id: M-MAN, title: Clicks, owner: iso, every: 3 months, measurements: [{ date: 2026-05-01, value: 4 }] }
  - { id: M-NONE, title: Never measured, owner: iso, every: 3 months, measurements: [] }
  - { id: M-LATER, title: Measured after today, owner: iso, every: 3 months, measurements: [{ date: 2026-07-01, value: 1 }] }
`,
  "audits.yaml": `kind: audits
audits:
  - { id: IA-NOW, title: ISMS, scope: [4], planned: 2026-02-01, performed: 2026-02-02 }
  - { id: IA-OLD, title: Old, scope: [4], planned: 2022-02-01, performed: 2022-02-02 }
  - { id: CB-1, title: Stage 1, type: certification-stage-1, scope: [4], planned: 2026-03-01, performed: 2026-03-01 }
  - { id: IA-NEXT, title: Planned, scope: [5], planned: 2026-09-01 }
`,
  "meetings.yaml": `kind: meetings
meetings:
  - { id: MR-1, title: Review, type: management-review, planned: 2026-04-01, held: 2026-04-02, chair: iso }
  - { id: MR-2, title: Next review, type: management-review, planned: 2027-04-01, chair: iso }
  - { id: SF-1, title: Forum, type: security-forum, planned: 2026-05-01, held: 2026-05-01, chair: iso }
`,
};

describe("mandatory documented information", () => {
  test("ten items in clause order, each naming what would provide it", () => {
    assert.deepEqual(
      MANDATORY_ITEMS.map((i) => i.clause),
      ["4.3", "5.2", "6.1.2", "6.1.3", "6.2", "7.2", "8.2, 8.3", "9.1", "9.2", "9.3"],
    );
    for (const i of MANDATORY_ITEMS) assert.ok(i.needs.length > 10 && i.title.length > 5, i.clause);
  });

  test("with every record: each item names the records that provide it, and only those", () => {
    const ws = load(FULL);
    assert.deepEqual(provided(ws), [
      "4.3: scope",
      "5.2: DOC-POL", // 5.2(a) is within 5.2; a document citing clause 5 as a whole is not the policy
      "6.1.2: risk_method, DOC-RISK",
      "6.1.3: Statement of Applicability",
      "6.2: OBJ-1",
      "7.2: iso, TR-1", // it has no evidence, TR-2 no session
      "8.2, 8.3: R-1",
      "9.1: M-DER, M-MAN", // M-NONE has no measurement, M-LATER none up to today
      "9.2: IA-NOW", // IA-OLD is outside the 36-month cycle, CB-1 not internal, IA-NEXT not performed
      "9.3: MR-1", // MR-2 is not held, SF-1 is no management review
    ]);
    assert.deepEqual(missing(ws), []);
  });

  test("with none: one finding per item on the manifest's kind line, naming the clause and what to add", () => {
    const ws = load({ "isms.yaml": "kind: isms\norganisation: Acme\n" });
    const found = missing(ws);
    assert.equal(found.length, 10);
    assert.ok(found.every((f) => f.file === "/w/isms.yaml" && f.start.line === 0 && f.start.character === 6));
    assert.ok(found.every((f) => f.severity === "warning"));
    assert.deepEqual(found.map((f) => f.data.clause).sort(), MANDATORY_ITEMS.map((i) => i.clause).sort());
    const scope = found.find((f) => f.data.clause === "4.3");
    assert.equal(
      scope?.message,
      "Mandatory documented information missing: 4.3 Scope of the ISMS (add the manifest's `scope`)",
    );
    assert.match(
      found.find((f) => f.data.clause === "9.3")?.message ?? "",
      /missing: 9\.3 Results of management reviews \(add a held management review \(a meeting with `type: management-review` and a `held` date\)\)$/,
    );
  });

  test("the scope's quick fix adds scope: to the manifest for the officer to fill in", () => {
    const ws = load({ "isms.yaml": "kind: isms\norganisation: Acme\n" });
    const f = missing(ws).find((x) => x.data.clause === "4.3")!;
    const file = ws.get(f.file)!;
    const fixes = ruleById("mandatory-record-missing")!.fixes!({
      index: ws.index,
      today: TODAY,
      file,
      range: f.range,
      at: nodeAt(file, f.range[0]),
      messageId: f.messageId,
      data: f.data,
    });
    assert.equal(fixes.length, 1);
    const [edit] = fixes[0].edits ?? [];
    assert.ok(edit);
    const text = file.text.slice(0, edit.range[0]) + edit.newText + file.text.slice(edit.range[1]);
    assert.equal(
      text,
      'kind: isms\nscope: "Describe the scope of the ISMS (clause 4.3): the services, sites and teams it covers."\norganisation: Acme\n',
    );
    // The other items' findings offer no fix: what they need is a record only the officer can write.
    const other = missing(ws).find((x) => x.data.clause === "6.2")!;
    assert.deepEqual(
      ruleById("mandatory-record-missing")!.fixes!({
        index: ws.index,
        today: TODAY,
        file,
        range: other.range,
        at: nodeAt(file, other.range[0]),
        messageId: other.messageId,
        data: other.data,
      }),
      [],
    );
  });

  test("no manifest, or a file that cannot be read in full: no finding (the records may be there)", () => {
    assert.deepEqual(missing(load({ "risks.yaml": FULL["risks.yaml"] })), []);
    const broken = load({
      ...FULL,
      "objectives.yaml": "kind: objectives\nobjectives:\n  - { id: OBJ-1, title: [oops\n",
    });
    assert.deepEqual(missing(broken), []);
  });

  test("bad input never counts as a record and never throws", () => {
    const ws = load({
      "isms.yaml": "kind: isms\norganisation: Acme\nscope: { a: 1 }\nrisk_method: plain text\n",
      "documents.yaml":
        'kind: documents\ndocuments:\n  - { id: D-1, title: P, path: x.md, owner: iso, refs: "5.2" }\n  - { id: D-2, refs: [{ a: 1 }, null, 5.2] }\n  - plain\n',
      "roles.yaml":
        "kind: roles\nroles:\n  - { id: r1, title: R, competence: evidence }\n  - { id: r2, title: R, competence: { evidence: [null, ''] } }\n",
      "training.yaml":
        "kind: training\ncourses:\n  - { id: T-1, title: T, every: 1 year, sessions: { date: 2026-01-01 } }\n  - { id: T-2, sessions: [{ date: soon }, 7] }\n",
      "metrics.yaml":
        "kind: metrics\nmetrics:\n  - { id: M-1, derived: 5, measurements: 3 }\n  - { id: M-2, derived: no.such.measure, measurements: [{ date: 2026-01-01, value: high }] }\n",
      "audits.yaml":
        "kind: audits\naudits:\n  - { id: A-1, performed: yesterday }\n  - { id: A-2, performed: 2026-01-01, status: cancelled }\n  - { id: A-3, performed: 2026-01-01, type: { x: 1 } }\n",
      "meetings.yaml":
        "kind: meetings\nmeetings:\n  - { id: MR-1, type: management-review, held: true }\n  - { id: MR-2, type: [management-review], held: 2026-01-01 }\n",
    });
    const states = mandatoryStates(ws.index, TODAY);
    const byClause = new Map(states.map((s) => [s.item.clause, s.records.map((r) => recordLabel(r))]));
    assert.deepEqual(byClause.get("4.3"), []); // a mapping is no scope
    assert.deepEqual(byClause.get("6.1.2"), []); // text is no risk method
    assert.deepEqual(byClause.get("5.2"), ["D-2"]); // an unquoted 5.2 is read as written
    assert.deepEqual(byClause.get("7.2"), []);
    assert.deepEqual(byClause.get("9.1"), []);
    // A type that is no audit type reads as internal (the schema rule reports it): A-3 counts.
    assert.deepEqual(byClause.get("9.2"), ["A-3"]);
    assert.deepEqual(byClause.get("9.3"), []);
    const found = missing(ws);
    assert.ok(found.every((f) => !/undefined|null|\[object Object\]/.test(f.message)));
  });
});

describe("the readiness report", () => {
  const report = async (files: Record<string, string>, format: "md" | "csv" | "html") => {
    const ws = load(files);
    const findings = checkWorkspace(ws, { today: TODAY, roots: ["/w"] });
    return String(
      await produce(REPORT_BY_ID.get("readiness")!, format, {
        index: ws.index,
        today: TODAY,
        findings,
        dir: "/w",
      }),
    );
  };

  test("every item present or missing, with the records, their files and review state", async () => {
    const md = await report({ ...FULL, "objectives.yaml": "kind: objectives\nobjectives: []\n" }, "md");
    assert.match(md, /^# Stage 1 readiness: mandatory documented information$/m);
    assert.match(md, /\*\*Mandatory documented information:\*\* 9 of 10 items present/);
    assert.match(md, /\*\*Missing:\*\* 6\.2/);
    assert.match(
      md,
      /^\| 6\.2 \| Information security objectives \| missing \| add an objective in an objectives file \|$/m,
    );
    assert.match(md, /^\| 9\.1 \| Monitoring and measurement results \| present \| 2 records \|$/m);
    assert.match(md, /^Missing: no record\. Add an objective in an objectives file\.$/m);
    // Records with their file, id, title and review state.
    assert.match(
      md,
      /^\| documents\.yaml \| DOC-POL \| Information security policy \| on time: next 2027-01-10 \|$/m,
    );
    assert.match(md, /^\| documents\.yaml \| DOC-RISK \| Risk methodology \| overdue since 2026-01-10 \|$/m);
    assert.match(md, /^\| roles\.yaml \| iso \| ISO \| on time: next 2027-05-20 \|$/m);
    assert.match(
      md,
      /^\| soa\.yaml \| Statement of Applicability \| version 2 \| on time: next 2027-05-01 \|$/m,
    );
    assert.match(md, /^\| isms\.yaml \| scope \| The Acme platform \| no review clock \|$/m);
    assert.match(md, /^\| risks\.yaml \| R-1 \| Theft \| never reviewed \|$/m);
    assert.match(md, /^\| audits\.yaml \| IA-NOW \| ISMS \| no review clock \|$/m);
  });

  test("CSV: one row per record, one per missing item", async () => {
    const csv = await report({ "isms.yaml": "kind: isms\norganisation: Acme\nscope: All of Acme\n" }, "csv");
    // The first row is the warning of the ISMS's errors (it has no SoA): the register follows.
    const [banner, ...lines] = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    assert.match(banner, /^"?Warning: the ISMS has/);
    assert.equal(lines[0], "clause,documented_information,state,file,record,title,review");
    assert.equal(lines[1], "4.3,Scope of the ISMS,present,isms.yaml,scope,All of Acme,no review clock");
    assert.equal(lines[2], "5.2,Information security policy,missing,,,,");
    assert.equal(lines.length, 11);
    assert.equal(lines[10], "9.3,Results of management reviews,missing,,,,");
  });

  test("HTML renders, and bad input shows no undefined, null or [object Object]", async () => {
    const html = await report(
      {
        "isms.yaml": "kind: isms\norganisation: Acme\nscope: [a, b]\n",
        "soa.yaml": "kind: soa\nversion: { x: 1 }\ncontrols: {}\n",
      },
      "html",
    );
    assert.match(html, /<html/);
    assert.doesNotMatch(html, /undefined|\bnull\b|\[object Object\]/);
  });
});
