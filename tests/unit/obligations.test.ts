// The register of obligations (A.5.31 to A.5.34): its rules on a realistic register, renewals in the
// Overdue view, the obligations report (the regulator's organisation from its contact), and bad input.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { dueItems } from "../../server/src/core/queries";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-11-29")!;
const CODES = ["obligation-no-controls", "obligation-non-compliant", "obligation-renewal-overdue"];

const CONTACTS = `kind: contacts
contacts:
  - { id: CON-ICO, organisation: Information Commissioner's Office, type: supervisory-authority, owner: dpo, reviewed: 2026-05-01 }
`;
const OBLIGATIONS = `kind: obligations
obligations:
  - id: OB-UKGDPR
    title: UK GDPR and the Data Protection Act 2018
    type: legal
    source: UK GDPR art. 30 and 32 to 34
    jurisdiction: United Kingdom
    regulator: CON-ICO
    controls: [A.5.34, A.5.31]
    owner: dpo
    status: partial
    assessed: 2026-10-14
    actions:
      - { description: Move the records of processing to the GRC tool, owner: dpo, due: 2027-01-31 }
    reviewed: 2026-10-14
  - id: OB-ICO-FEE
    title: ICO data protection fee
    type: regulatory
    regulator: CON-ICO
    controls: [A.5.31]
    owner: dpo
    status: compliant
    renews: 2026-12-18
    reviewed: 2026-10-14
  - id: OB-INSURANCE
    title: Cyber insurance policy conditions
    type: contractual
    owner: cfo
    status: non-compliant
    renews: 2026-11-01
    reviewed: 2026-10-14
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const realistic = () => workspace({ "contacts.yaml": CONTACTS, "obligations.yaml": OBLIGATIONS });

describe("obligation rules", () => {
  test("a gap without an action, a lapsed renewal and an obligation met by nothing", () => {
    const found = checkWorkspace(realistic(), { today: TODAY }).filter((f) => CODES.includes(f.code));
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.code} ${f.message}`),
      [
        "25 obligation-no-controls Obligation OB-INSURANCE names no control or document that meets it",
        "29 obligation-non-compliant Obligation OB-INSURANCE is not met and has no open action to bring it into compliance",
        "30 obligation-renewal-overdue Obligation OB-INSURANCE was due for renewal on 2026-11-01 (28 days ago)",
      ],
    );
  });

  test("the Overdue view lists renewals: due soon and overdue, with their owner", () => {
    const items = dueItems(realistic().index, TODAY, () => undefined).filter((i) => i.kind === "renewals");
    assert.deepEqual(
      items.map((i) => `${i.id} ${i.kindTitle} ${i.state} ${i.due} ${i.owner} ${i.title}`),
      [
        "OB-INSURANCE Renewals overdue 2026-11-01 cfo Cyber insurance policy conditions",
        "OB-ICO-FEE Renewals due-soon 2026-12-18 dpo ICO data protection fee",
      ],
    );
  });
});

describe("the obligations report", () => {
  const report = async (ws: Workspace, format: "md" | "html" | "csv") =>
    String(
      await produce(REPORT_BY_ID.get("obligations")!, format, {
        index: ws.index,
        today: TODAY,
        findings: [],
        dir: "/w",
      }),
    );

  test("by type, with the regulator's organisation, status, renewals and open actions", async () => {
    const md = await report(realistic(), "md");
    assert.match(md, /^# Legal, statutory, regulatory and contractual requirements$/m);
    assert.match(md, /\*\*Partly met:\*\* 1\n/);
    assert.match(md, /\*\*Renewals overdue:\*\* 1\n/);
    assert.match(md, /\*\*Renewals due soon:\*\* 1\n/);
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, [
      "Summary",
      "Legal and statutory",
      "Regulatory",
      "Contractual",
      "Renewals",
      "Gaps and open actions",
    ]);
    const row = (id: string) => md.split("\n").find((l) => l.startsWith(`| ${id} |`)) ?? "";
    assert.match(
      row("OB-UKGDPR"),
      /\| United Kingdom \| Information Commissioner's Office \| A\.5\.34, A\.5\.31 \|/,
    );
    assert.match(row("OB-UKGDPR"), /\| partial \| 2026-10-14 \| +\| 1 \|$/);
    // A gap with no open action says so.
    assert.match(row("OB-INSURANCE"), /\| non-compliant \| +\| 2026-11-01 \| none \|$/);
    assert.match(
      md,
      /\| OB-INSURANCE \| Cyber insurance policy conditions \| 2026-11-01 \| overdue 28 days \|/,
    );
    assert.match(md, /\| OB-ICO-FEE \| ICO data protection fee \| 2026-12-18 \| due in 19 days \|/);
  });

  test("HTML tones the status; CSV has one row per obligation with the regulator's id and name", async () => {
    const html = await report(realistic(), "html");
    assert.match(html, /<td class="tone-warn">partial<\/td>/);
    assert.match(html, /<td class="tone-bad">non-compliant<\/td>/);
    const csv = (await report(realistic(), "csv"))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    assert.equal(
      csv[0],
      "id,type,title,source,jurisdiction,regulator,regulator_id,parties,controls,documents,owner,status,assessed,renews,open_actions,next_review",
    );
    assert.equal(csv.length, 4);
    assert.match(
      csv.find((l) => l.startsWith("OB-UKGDPR,"))!,
      /,Information Commissioner's Office,CON-ICO,,"A\.5\.34, A\.5\.31",,dpo,partial,2026-10-14,,1,2027-10-14$/,
    );
  });

  test("bad input: no throw, no finding of these rules beyond the schema's, no [object Object]", async () => {
    const ws = workspace({
      "obligations.yaml": `kind: obligations
obligations:
  - id: OB-1
    title: [a]
    type: { legal: true }
    regulator: { id: CON-ICO }
    controls: A.5.31
    status: [partial]
    renews: { date: 2026-01-01 }
    actions: [1, null, "x"]
  - id: OB-2
    type: statute
    documents: [{ id: DOC-1 }]
    status: partial
    actions: oops
  - 42
`,
    });
    const found = checkWorkspace(ws, { today: TODAY });
    assert.ok(found.some((f) => f.code === "schema"));
    // OB-2 is partial and has no (readable) action: that is the rule's finding, whatever the schema says.
    assert.deepEqual(
      found.filter((f) => CODES.includes(f.code)).map((f) => `${f.entryId} ${f.code}`),
      ["OB-2 obligation-non-compliant"],
    );
    for (const format of ["md", "html", "csv"] as const)
      assert.doesNotMatch(await report(ws, format), /\[object Object\]|\bundefined\b|\bnull\b/, format);
  });
});
