// Supplier assurance (A.5.19 to A.5.22): the domain (contract, DPA, certificates, the latest assessment),
// the four rules, certificates and contracts in the Overdue view, assessment actions in the Actions view,
// the suppliers report, and bad input.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import {
  certificatesOf,
  contractOf,
  dpaMissing,
  latestAssessment,
} from "../../server/src/core/kinds/suppliers/domain";
import { dueItems, openActions } from "../../server/src/core/queries";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-11-29")!;
const CODES = [
  "supplier-dpa-missing",
  "supplier-contract-expired",
  "supplier-certificate-expired",
  "supplier-assessment-unacceptable",
];

const SUPPLIERS = `kind: suppliers
suppliers:
  - id: SUP-AWS
    name: Amazon Web Services
    owner: platform-lead
    tier: critical
    personal_data: true
    contract: { ref: AWS CA, start: 2023-03-01, end: 2027-02-28, security_clauses: true, dpa: true }
    certificates:
      - { name: ISO/IEC 27001, expires: 2027-11-07, evidence: certs/aws.pdf }
      - { name: SOC 2 Type II, expires: 2026-12-15 }
    assessments:
      - { date: 2026-05-06, type: report-review, result: acceptable }
    reviewed: 2026-05-20
  - id: SUP-PAY
    name: PayFlow
    owner: hr-manager
    tier: medium
    personal_data: true
    contract:
      ref: PF-2022
      end: 2026-10-31
      security_clauses: false
    certificates:
      - name: Cyber Essentials Plus
        expires: 2026-09-30
    assessments:
      - date: 2026-11-02
        type: questionnaire
        result: unacceptable
        notes: No MFA on the admin portal
      - { date: 2025-11-01, type: questionnaire, result: acceptable }
    reviewed: 2026-05-20
  - id: SUP-GIT
    name: GitHub
    owner: dev-lead
    tier: high
    assessments:
      - date: 2026-03-12
        type: audit
        result: unacceptable
        action: { description: Get the bridge letter, owner: dev-lead, due: 2026-12-31 }
    reviewed: 2026-05-20
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const realistic = () => workspace({ "suppliers.yaml": SUPPLIERS });

describe("a supplier's assurance", () => {
  test("the contract, its DPA, and certificates with their index in the list", () => {
    assert.deepEqual(contractOf({ contract: { ref: " C-1 ", end: "2027-01-31", dpa: true } }), {
      ref: "C-1",
      start: undefined,
      end: parseDay("2027-01-31"),
      securityClauses: false,
      rightToAudit: false,
      dpa: true,
    });
    assert.equal(contractOf({ contract: "signed" }), undefined);
    assert.equal(dpaMissing({ personal_data: true }), true);
    assert.equal(dpaMissing({ personal_data: true, contract: { dpa: "yes" } }), true);
    assert.equal(dpaMissing({ personal_data: true, contract: { dpa: true } }), false);
    assert.equal(dpaMissing({ personal_data: "true" }), false);
    assert.deepEqual(
      certificatesOf({ certificates: [{ expires: "2027-01-01" }, { name: "ISO", expires: "soon" }, "x"] }),
      [{ index: 1, name: "ISO", expires: undefined, evidence: undefined }],
    );
  });

  test("the latest assessment is the latest by date, whatever the order; undated ones do not count", () => {
    const a = latestAssessment({
      assessments: [
        { date: "2026-01-10", result: "acceptable" },
        { date: "2026-03-01", result: "unacceptable" },
        { result: "conditional" },
        { date: "2025-12-01", result: "acceptable" },
      ],
    });
    assert.equal(a?.index, 1);
    assert.equal(a?.result, "unacceptable");
    assert.equal(latestAssessment({ assessments: [{ result: "unacceptable" }] }), undefined);
  });
});

describe("supplier rules", () => {
  test("a missing DPA, an ended contract, a lapsed certificate, an unacceptable result without action", () => {
    const found = checkWorkspace(realistic(), { today: TODAY }).filter((f) => CODES.includes(f.code));
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.code} ${f.message}`),
      [
        "20 supplier-dpa-missing Supplier SUP-PAY processes personal data but its contract has no data processing agreement",
        "22 supplier-contract-expired Supplier SUP-PAY: the contract PF-2022 ended on 2026-10-31 (29 days ago)",
        "26 supplier-certificate-expired Supplier SUP-PAY: the certificate 'Cyber Essentials Plus' expired on 2026-09-30 (60 days ago)",
        "30 supplier-assessment-unacceptable Supplier SUP-PAY: the latest assessment (questionnaire, 2026-11-02) is unacceptable and has no action",
      ],
    );
  });

  test("the Overdue view lists each certificate and each contract end, at its own line", () => {
    const items = dueItems(realistic().index, TODAY, (f, r) => f.lines.position(r[0]).line + 1).filter((i) =>
      i.kind.startsWith("supplier-"),
    );
    assert.deepEqual(
      items.map(
        (i) => `${i.id} | ${i.kindTitle} | ${i.state} ${i.due} ${i.owner} | ${i.title} | ${i.location}`,
      ),
      [
        "SUP-PAY Cyber Essentials Plus | Supplier certificates | overdue 2026-09-30 hr-manager | PayFlow: Cyber Essentials Plus | 26",
        "SUP-PAY | Supplier contracts | overdue 2026-10-31 hr-manager | Contract PF-2022 with PayFlow | 22",
        "SUP-AWS SOC 2 Type II | Supplier certificates | due-soon 2026-12-15 platform-lead | Amazon Web Services: SOC 2 Type II | 11",
      ],
    );
  });

  test("a certificate's evidence is a path or text: a path leaving the workspace is reported", () => {
    const ws = workspace({
      "suppliers.yaml": `kind: suppliers
suppliers:
  - id: SUP-1
    name: A
    owner: iso
    tier: high
    certificates:
      - { name: ISO, evidence: ../../etc/cert.pdf }
      - { name: SOC, evidence: In the vendor portal }
`,
    });
    const found = checkWorkspace(ws, { today: TODAY, roots: ["/w"], fileExists: () => false }).filter((f) =>
      f.code.startsWith("path-"),
    );
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.code}`),
      ["8 path-outside-workspace"],
    );
  });

  test("an assessment's action is in the Actions view", () => {
    const actions = openActions(realistic().index, TODAY, () => undefined);
    assert.deepEqual(
      actions.map((a) => `${a.source.id} ${a.description} ${a.owner} ${a.due} ${a.state}`),
      ["SUP-GIT Get the bridge letter dev-lead 2026-12-31 open"],
    );
  });
});

describe("the suppliers report", () => {
  const report = async (ws: Workspace, format: "md" | "html" | "csv") =>
    String(
      await produce(REPORT_BY_ID.get("suppliers")!, format, {
        index: ws.index,
        today: TODAY,
        findings: [],
        dir: "/w",
      }),
    );

  test("assurance per supplier by tier, certificates by expiry, assessments with their action", async () => {
    const md = await report(realistic(), "md");
    assert.match(md, /^# Supplier assurance$/m);
    assert.match(md, /\*\*DPA missing:\*\* 1\n/);
    assert.match(md, /\*\*Contracts ended:\*\* 1\n/);
    assert.match(md, /\*\*Certificates expired:\*\* 1\n/);
    assert.match(md, /\*\*Certificates expiring soon:\*\* 1\n/);
    assert.match(md, /\*\*Latest assessment unacceptable:\*\* 2\n/);
    const section = (h: string) => md.split(`## ${h}`)[1].split("\n## ")[0];
    const assurance = section("Assurance by supplier");
    assert.deepEqual(
      [...assurance.matchAll(/^\| (SUP-[A-Z]+) \|/gm)].map((m) => m[1]),
      ["SUP-AWS", "SUP-GIT", "SUP-PAY"],
    );
    assert.match(
      assurance,
      /\| SUP-PAY \| PayFlow \| medium \| hr-manager \| 2026-10-31 \| no \| no \| missing \| Cyber Essentials Plus \(2026-09-30\) \| 2026-11-02 questionnaire \| unacceptable \| +\|/,
    );
    assert.match(assurance, /\| SUP-GIT \| GitHub \| high \| dev-lead \| none recorded \|/);
    const certs = section("Certificates by expiry");
    assert.deepEqual(
      [...certs.matchAll(/^\| (SUP-[A-Z]+) \| ([^|]+) \| ([\d-]+) \| ([^|]+) \|/gm)].map((m) =>
        [m[1], m[2], m[3], m[4]].join(" ").replace(/ +/g, " ").trim(),
      ),
      [
        "SUP-PAY Cyber Essentials Plus 2026-09-30 expired 60 days ago",
        "SUP-AWS SOC 2 Type II 2026-12-15 expires in 16 days",
        "SUP-AWS ISO/IEC 27001 2027-11-07 current",
      ],
    );
    assert.match(
      section("Assessments"),
      /\| SUP-GIT \| 2026-03-12 \| audit \| unacceptable \| +\| Get the bridge letter \| dev-lead \| 2026-12-31 \| open \|/,
    );
  });

  test("CSV: one row per supplier", async () => {
    const csv = (await report(realistic(), "csv"))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    assert.equal(
      csv[0],
      "id,name,tier,owner,service,personal_data,contract_ref,contract_start,contract_end,security_clauses,right_to_audit,dpa,dpa_missing,certificates,next_certificate_expiry,last_assessment,last_assessment_type,last_assessment_result,questionnaire,next_review",
    );
    assert.equal(csv.length, 4);
    assert.equal(
      csv[1],
      'SUP-AWS,Amazon Web Services,critical,platform-lead,,yes,AWS CA,2023-03-01,2027-02-28,yes,no,yes,no,"ISO/IEC 27001 (2027-11-07), SOC 2 Type II (2026-12-15)",2026-12-15,2026-05-06,report-review,acceptable,,2027-05-20',
    );
  });

  test("bad input: no throw, no rule finding from values of the wrong type, no [object Object]", async () => {
    const ws = workspace({
      "suppliers.yaml": `kind: suppliers
suppliers:
  - id: SUP-1
    name: [a]
    owner: iso
    tier: high
    personal_data: "yes"
    contract: [signed]
    certificates: { name: ISO }
    assessments: [1, null, { date: [2026-01-01] }, { date: 2026-01-01, result: [unacceptable] }]
  - id: SUP-2
    name: B
    owner: iso
    tier: low
    contract: { end: { date: 2020-01-01 }, dpa: "true" }
    certificates: [{ name: { a: 1 }, expires: 2020-01-01 }, null]
  - 42
`,
    });
    const found = checkWorkspace(ws, { today: TODAY });
    assert.ok(found.some((f) => f.code === "schema"));
    assert.deepEqual(
      found.filter((f) => CODES.includes(f.code)),
      [],
    );
    for (const format of ["md", "html", "csv"] as const)
      assert.doesNotMatch(await report(ws, format), /\[object Object\]|\bundefined\b|\bnull\b/, format);
  });
});
