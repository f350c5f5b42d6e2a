// Context, interested parties and contacts (clauses 4.1, 4.2; controls A.5.5, A.5.6): the domain
// (requirements and their state, feedback, the climate change decision), the rules' messages on
// realistic input, bad input that must neither crash nor add nonsense, and the context report.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { climateDecision } from "../../server/src/core/kinds/context/domain";
import { issueHover } from "../../server/src/core/kinds/context/present";
import { contactHover } from "../../server/src/core/kinds/contacts/present";
import {
  feedbackOf,
  latestFeedback,
  requirementsOf,
  viaTarget,
} from "../../server/src/core/kinds/parties/domain";
import { partyHover } from "../../server/src/core/kinds/parties/present";
import { nodeAt } from "../../server/src/core/locate";
import { ruleById } from "../../server/src/core/registry";
import { formatDay, parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";
import { ROOT } from "./helpers";

const TODAY = parseDay("2026-06-01")!;
const MINE = [
  "climate-change-not-considered",
  "party-requirement-unaddressed",
  "unknown-reference",
  "breach-no-authority-contact",
];

function check(files: Record<string, string>) {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  const findings = checkWorkspace(ws, { today: TODAY, roots: ["/w"] });
  return { ws, findings };
}

/** `file:line code message` of the findings of the given rules (1-based lines). */
const lines = (findings: Finding[], codes = MINE) =>
  findings
    .filter((f) => codes.includes(f.code))
    .map((f) => `${f.file.replace("/w/", "")}:${f.start.line + 1} ${f.code} ${f.message}`);

const MANIFEST = "kind: isms\norganisation: Acme Cloud Ltd\n";
const ROLES = "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: Ann, reviewed: 2026-05-01 }\n";
const DOCUMENTS = `kind: documents
documents:
  - { id: DOC-POL-01, title: Information security policy, owner: iso, reviewed: 2026-01-20 }
  - { id: DOC-PRC-03, title: Incident response procedure, owner: iso, reviewed: 2026-01-20 }
`;
const CONTEXT = `kind: context
issues:
  - id: CTX-01
    title: UK GDPR applies to the ledgers we process
    origin: external
    category: legal
    effect: Breaches must be notified to the ICO within 72 hours.
    owner: iso
    identified: 2025-01-10
    reviewed: 2026-02-01
`;
const PARTIES = `kind: parties
parties:
  - id: IP-CUSTOMERS
    name: Customers
    type: customer
    requirements:
      - text: Tell us of a breach within 36 hours
        addressed: true
        via: [DOC-PRC-03, A.5.26]
      - text: Provide a SOC 2 Type II report
        addressed: false
      - text: Annual penetration test report
        addressed: true
    feedback:
      - { date: 2026-03-30, summary: Survey 4.5/5 }
      - { date: 2026-05-18, summary: Asked for single sign-on }
      - { summary: Undated remark }
    owner: iso
    reviewed: 2026-04-01
`;
const INCIDENT = `kind: incidents
incidents:
  - id: INC-2026-003
    title: Billing export sent to the wrong customer
    severity: high
    status: closed
    detected: 2026-05-08T15:30Z
    authority_notified: 2026-05-09T11:00Z
    personal_data_breach: true
    lessons_learned: Support escalates misdirected data to the DPO.
`;

describe("the rules' messages on realistic input", () => {
  test("climate-change-not-considered: on the manifest's kind line, once, with two quick fixes", () => {
    const { ws, findings } = check({ "isms.yaml": MANIFEST, "context.yaml": CONTEXT, "roles.yaml": ROLES });
    assert.deepEqual(lines(findings), [
      "isms.yaml:1 climate-change-not-considered The manifest records no climate change decision (clauses 4.1 and 4.2, 2024 amendment): add climate_change: { relevant, note }",
    ]);
    const f = findings.find((x) => x.code === "climate-change-not-considered")!;
    const file = ws.get("/w/isms.yaml")!;
    const fixes = ruleById(f.code)!.fixes!({
      index: ws.index,
      today: TODAY,
      file,
      range: f.range,
      at: nodeAt(file, f.range[0]),
      messageId: f.messageId,
      data: f.data,
    });
    assert.deepEqual(
      fixes.map((x) => x.title),
      [
        "Record that climate change is not a relevant issue",
        "Record that climate change is a relevant issue",
      ],
    );
    const edit = fixes[0].edits![0]!;
    const text = file.text.slice(0, edit.range[0]) + edit.newText + file.text.slice(edit.range[1]);
    assert.equal(
      text,
      'kind: isms\nclimate_change: { relevant: false, note: "Assessed 2026-06-01: climate change does not affect the intended outcomes of the ISMS" }\norganisation: Acme Cloud Ltd\n',
    );
    // The fixed manifest is valid and the finding is gone.
    const again = check({ "isms.yaml": text, "context.yaml": CONTEXT, "roles.yaml": ROLES }).findings;
    assert.deepEqual(lines(again, ["climate-change-not-considered", "schema"]), []);
    assert.equal(climateDecision(ws.index.manifests[0]), undefined);
  });

  test("climate-change-not-considered: an empty key is reported on the key; no context, no finding", () => {
    const empty = check({ "isms.yaml": `${MANIFEST}climate_change:\n`, "context.yaml": CONTEXT });
    assert.deepEqual(
      lines(empty.findings).map((l) => l.split(" ").slice(0, 2).join(" ")),
      ["isms.yaml:3 climate-change-not-considered"],
    );
    assert.deepEqual(lines(check({ "isms.yaml": MANIFEST, "roles.yaml": ROLES }).findings), []);
    // Without a manifest, once, on the first context file.
    const none = check({ "b.yaml": CONTEXT, "a.yaml": CONTEXT.replace("CTX-01", "CTX-02") });
    assert.deepEqual(lines(none.findings), [
      "a.yaml:1 climate-change-not-considered No manifest (kind: isms) records the climate change decision of clauses 4.1 and 4.2 (2024 amendment)",
    ]);
    // A decision of the wrong shape is the schema's finding only.
    const wrong = check({
      "isms.yaml": `${MANIFEST}climate_change: { note: We thought about it }\n`,
      "context.yaml": CONTEXT,
    });
    assert.deepEqual(
      lines(wrong.findings, ["climate-change-not-considered", "schema"]).map((l) =>
        l.split(" ").slice(0, 2).join(" "),
      ),
      ["isms.yaml:3 schema"],
    );
  });

  test("party-requirement-unaddressed names the party and the requirement, on its line", () => {
    const { findings } = check({ "parties.yaml": PARTIES, "documents.yaml": DOCUMENTS, "roles.yaml": ROLES });
    assert.deepEqual(lines(findings), [
      "parties.yaml:10 party-requirement-unaddressed Interested party IP-CUSTOMERS (Customers): the requirement 'Provide a SOC 2 Type II report' is not addressed",
      "parties.yaml:12 party-requirement-unaddressed Interested party IP-CUSTOMERS (Customers): nothing addresses the requirement 'Annual penetration test report' (its via names no obligation, document or control)",
    ]);
  });

  test("a requirement's via: did-you-mean over obligations and documents, another kind, a 2013 control", () => {
    const parties = PARTIES.replace(
      "via: [DOC-PRC-03, A.5.26]",
      "via: [DOC-PRC-3, CTX-01, A.16.1.5, OB-UKGDRP]",
    );
    const obligations =
      "kind: obligations\nobligations:\n  - { id: OB-UKGDPR, title: UK GDPR, type: legal, status: compliant, documents: [DOC-POL-01], owner: iso, reviewed: 2026-05-01 }\n";
    const { findings } = check({
      "parties.yaml": parties,
      "documents.yaml": DOCUMENTS,
      "context.yaml": CONTEXT,
      "obligations.yaml": obligations,
    });
    assert.deepEqual(lines(findings, ["unknown-reference", "unknown-control"]), [
      "parties.yaml:9 unknown-reference Unknown reference 'DOC-PRC-3' (did you mean the document 'DOC-PRC-03'?)",
      "parties.yaml:9 unknown-reference 'CTX-01' is a context issue: this field names an obligation, a document or an Annex A control",
      "parties.yaml:9 unknown-control A.16.1.5 is an ISO/IEC 27001:2013 control id; its 2022 equivalent is A.5.26 Response to information security incidents",
      "parties.yaml:9 unknown-reference Unknown reference 'OB-UKGDRP' (did you mean the obligation 'OB-UKGDPR'?)",
    ]);
    // The did-you-mean is the quick fix; the 2013 id's fix replaces it by its 2022 id.
    const near = findings.find((f) => f.code === "unknown-reference" && f.messageId === "near")!;
    assert.equal(near.data.near, "DOC-PRC-03");
  });

  test("breach-no-authority-contact: on each breach's personal_data_breach line, gone with the ICO", () => {
    const none = check({ "incidents.yaml": INCIDENT });
    assert.deepEqual(lines(none.findings), [
      "incidents.yaml:9 breach-no-authority-contact Incident INC-2026-003 is a personal data breach and the ISMS records no contacts: add the supervisory authority (type supervisory-authority) to notify",
    ]);
    const csirt =
      "kind: contacts\ncontacts:\n  - { id: CON-NCSC, organisation: National Cyber Security Centre, type: csirt }\n";
    assert.deepEqual(lines(check({ "incidents.yaml": INCIDENT, "contacts.yaml": csirt }).findings), [
      "incidents.yaml:9 breach-no-authority-contact Incident INC-2026-003 is a personal data breach and none of the 1 contacts is a supervisory authority (type supervisory-authority) to notify",
    ]);
    const ico = `${csirt}  - { id: CON-ICO, organisation: Information Commissioner's Office, type: supervisory-authority }\n`;
    assert.deepEqual(lines(check({ "incidents.yaml": INCIDENT, "contacts.yaml": ico }).findings), []);
  });
});

describe("bad input: no crash, no nonsense", () => {
  const BAD_PARTIES = `kind: parties
parties:
  - id: IP-1
    name: { first: Customers }
    type: customer
    requirements: Keep data safe
    feedback: { date: 2026-01-01 }
  - id: IP-2
    name: Staff
    type: staff
    requirements:
      - Keep data safe
      - 42
      - text: { a: 1 }
        addressed: "no"
        via: DOC-POL-01
      - text: Clear rules
        via: [{ id: DOC-POL-01 }, "", DOC-POL-01]
      - addressed: true
  - just text
  -
`;

  test("mappings where text is expected, missing fields, a scalar via", () => {
    const { ws, findings } = check({ "parties.yaml": BAD_PARTIES, "documents.yaml": DOCUMENTS });
    assert.deepEqual(lines(findings), [
      "parties.yaml:12 party-requirement-unaddressed Interested party IP-2 (Staff): nothing addresses the requirement 'Keep data safe' (its via names no obligation, document or control)",
      "parties.yaml:19 party-requirement-unaddressed Interested party IP-2 (Staff): nothing addresses the requirement no. 5 (no text) (its via names no obligation, document or control)",
    ]);
    for (const f of findings) assert.doesNotMatch(f.message, /\[object Object\]|undefined|null/);
    assert.ok(
      findings.some((f) => f.code === "schema"),
      "the schema reports the shapes",
    );
    const [p1, p2] = ws.index.byKind.get("party")!;
    assert.deepEqual(requirementsOf(p1), []);
    assert.deepEqual(feedbackOf(p1), []);
    assert.deepEqual(
      requirementsOf(p2).map((r) => `${r.index} ${r.state} ${r.text ?? r.textProblem} [${r.via.join(",")}]`),
      [
        "0 no-via Keep data safe []",
        "2 addressed not-text [DOC-POL-01]",
        "3 addressed Clear rules [DOC-POL-01]",
        "4 no-via missing []",
      ],
    );
    const hover = partyHover(p1, { index: ws.index, today: TODAY }).join("\n");
    assert.match(hover, /^\*\*IP-1\*\* · \(no name\)/);
    assert.doesNotMatch(hover, /\[object Object\]|undefined|null/);
  });

  test("a contact and an incident of the wrong shapes", () => {
    const contacts = `kind: contacts
contacts:
  - id: CON-1
    organisation: [ICO]
    type: supervisory-authority
    how: { phone: 0303 123 1113 }
    reference: 12345678
  - { id: CON-2, type: { a: 1 } }
  - 7
`;
    const incidents = `kind: incidents
incidents:
  - { id: INC-1, title: A, severity: low, status: open, detected: 2026-05-01, personal_data_breach: "yes" }
  - 3
`;
    const { ws, findings } = check({ "contacts.yaml": contacts, "incidents.yaml": incidents });
    assert.deepEqual(lines(findings), []);
    const c = ws.index.byKind.get("contact")![0];
    const hover = contactHover(c, { index: ws.index, today: TODAY });
    assert.deepEqual(hover, [
      "**CON-1** · (no organisation)",
      "",
      "Contact: supervisory-authority",
      "Reference: 12345678",
    ]);
  });

  test("the context report shows '(not text)' for a mapping and never [object Object]", async () => {
    const context = `kind: context
issues:
  - id: CTX-1
    title: { a: 1 }
    effect: [one, two]
    category: { b: 2 }
    risks: R-1
  - { id: CTX-2, title: No origin }
`;
    const { ws } = check({ "context.yaml": context, "parties.yaml": BAD_PARTIES });
    const md = String(
      await produce(REPORT_BY_ID.get("context")!, "md", {
        index: ws.index,
        today: TODAY,
        findings: [],
        dir: "/w",
      }),
    );
    assert.doesNotMatch(md, /\[object Object\]|undefined|null/);
    assert.match(md, /## Issues of no recorded origin \(4\.1\)/);
    assert.match(
      md,
      /\| CTX-1 \| \(not text\) \| \(not text\) \| one, two \| {3}\| {3}\| {3}\| never reviewed \|/,
    );
    assert.match(md, /\*\*Climate change \(4\.1, 4\.2\):\*\* no decision recorded/);
    assert.match(md, /\| IP-2 \| \(not text\) \| addressed \| DOC-POL-01 \|/);
    assert.match(md, /\| IP-2 \| \(no text\) \| nothing named \| {3}\|/);
    assert.match(md, /\| IP-1 \| \(not text\) \| customer \| {3}\| none recorded \|/);
  });
});

describe("domain", () => {
  test("requirements, feedback newest first, via targets", () => {
    const { ws } = check({ "parties.yaml": PARTIES, "documents.yaml": DOCUMENTS });
    const p = ws.index.byKind.get("party")![0];
    assert.deepEqual(
      requirementsOf(p).map((r) => r.state),
      ["addressed", "unaddressed", "no-via"],
    );
    assert.deepEqual(
      feedbackOf(p).map((f) => `${f.day === undefined ? "-" : formatDay(f.day)} ${f.summary}`),
      ["2026-05-18 Asked for single sign-on", "2026-03-30 Survey 4.5/5", "- Undated remark"],
    );
    assert.equal(latestFeedback(p)?.summary, "Asked for single sign-on");
    assert.deepEqual(viaTarget(ws.index, "DOC-PRC-03"), {
      kind: "document",
      entry: ws.index.defs.get("DOC-PRC-03")![0],
      label: "DOC-PRC-03 Incident response procedure",
    });
    assert.equal(viaTarget(ws.index, "A.5.26").label, "A.5.26 Response to information security incidents");
    assert.equal(viaTarget(ws.index, "A.5").label, "A.5 Organizational");
    assert.equal(viaTarget(ws.index, "A.99").kind, "unknown");
    assert.equal(viaTarget(ws.index, "IP-CUSTOMERS").kind, "other");
  });

  test("a context issue's hover", () => {
    const { ws } = check({
      "context.yaml": CONTEXT.replace("    owner: iso\n", "    risks: [R-032]\n    owner: iso\n"),
    });
    const issue = ws.index.byKind.get("issue")![0];
    assert.deepEqual(issueHover(issue, { index: ws.index, today: TODAY }), [
      "**CTX-01** · UK GDPR applies to the ledgers we process",
      "",
      "External issue (clause 4.1) · legal",
      "Effect: Breaches must be notified to the ICO within 72 hours.",
      "Risks: R-032",
      "Owner: iso",
      "",
      "Next review: 2027-02-01 (in 245 days)",
    ]);
    const bad = check({
      "context.yaml": "kind: context\nissues:\n  - { id: CTX-9, title: [a], origin: 3, risks: { a: 1 } }\n",
    });
    assert.deepEqual(
      issueHover(bad.ws.index.byKind.get("issue")![0], { index: bad.ws.index, today: TODAY }),
      ["**CTX-9** · (no title)", "", "Context issue (clause 4.1)"],
    );
  });

  test("the climate change decision", () => {
    const decision = (yaml: string) =>
      climateDecision(check({ "isms.yaml": MANIFEST + yaml }).ws.index.manifests[0]);
    assert.deepEqual(decision('climate_change: { relevant: true, note: "Flooding, CTX-07" }\n'), {
      relevant: true,
      note: "Flooding, CTX-07",
    });
    assert.deepEqual(decision("climate_change: { relevant: false }\n"), { relevant: false, note: undefined });
    assert.equal(decision("climate_change: { relevant: maybe }\n"), undefined);
    assert.equal(decision(""), undefined);
  });
});

describe("the context report of the example", () => {
  const EXAMPLE = join(ROOT, "examples", "acme-isms");
  const today = parseDay("2026-11-29")!;

  test("clauses, the climate decision, issues by origin, requirements and feedback", async () => {
    const ws = loadDirectory(EXAMPLE);
    const findings = checkWorkspace(ws, { today, roots: [EXAMPLE], fileExists });
    assert.deepEqual(
      findings
        .filter((f) => MINE.includes(f.code))
        .map((f) => `${f.file.slice(EXAMPLE.length + 1)}:${f.start.line + 1} ${f.code}`),
      ["parties.yaml:22 party-requirement-unaddressed"],
    );
    const md = String(
      await produce(REPORT_BY_ID.get("context")!, "md", {
        index: ws.index,
        today,
        findings: [],
        dir: EXAMPLE,
      }),
    );
    assert.match(md, /^# Context of the organisation and interested parties \(clauses 4\.1, 4\.2\)$/m);
    assert.match(
      md,
      /\*\*Climate change \(4\.1, 4\.2\):\*\* relevant: Flooding and summer heat at the Leeds office/,
    );
    assert.match(md, /\*\*Context issues:\*\* 11 \(7 external, 4 internal\)/);
    assert.match(md, /\*\*Requirements not addressed:\*\* 1\n/);
    const external = md.slice(md.indexOf("## External issues"), md.indexOf("## Internal issues"));
    const internal = md.slice(md.indexOf("## Internal issues"), md.indexOf("## Interested parties"));
    assert.match(
      external,
      /\| CTX-07 \| Flooding and heat at the Leeds office \| climate \| .* \| R-025, R-038 \| office-manager \(Office Manager\) \| 2025-03-10 \| 2027-03-02 \|/,
    );
    assert.doesNotMatch(external, /CTX-08/);
    assert.match(internal, /\| CTX-08 \| Headcount grew/);
    assert.match(
      md,
      /\| IP-CUSTOMERS \| Customers of Acme Ledger \| customer \| ceo \(Chief Executive Officer\) \| 5, 1 not addressed \| 2026-09-18: Customer survey: 4\.4\/5/,
    );
    assert.match(md, /\| IP-CUSTOMERS \| Provide a SOC 2 Type II report .* \| not addressed \| {3}\|/);
    assert.match(
      md,
      /\| IP-ICO \| Notify personal data breaches .* \| addressed \| OB-UKGDPR UK GDPR and the Data Protection Act 2018; DOC-PRC-03 Incident response procedure; A\.5\.24 .*; A\.5\.5 Contact with authorities \|/,
    );
    // Feedback, newest first.
    const feedback = md.slice(md.indexOf("## Feedback from interested parties"));
    const dates = [...feedback.matchAll(/^\| (\d{4}-\d{2}-\d{2}) \|/gm)].map((m) => m[1]);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(dates.length, 5);
  });
});
