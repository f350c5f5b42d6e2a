// Policy exceptions (A.5.1, A.5.36, 6.1.3): the domain state (approval, expiry, length against the
// manifest's exceptions.max_duration), the four rules, the Overdue view, the exceptions report, bad input.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { exceptionState, standingOf } from "../../server/src/core/kinds/exceptions/domain";
import { dueItems } from "../../server/src/core/queries";
import { settingsFrom } from "../../server/src/core/settings";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-11-29")!;
const CODES = [
  "exception-unapproved",
  "exception-expired",
  "exception-too-long",
  "exception-no-compensation",
];

const MANIFEST = `kind: isms
organisation: Acme
exceptions: { max_duration: 90 days }
`;
const EXCEPTIONS = `kind: exceptions
exceptions:
  - id: EX-001
    title: Switch on old firmware
    policy: DOC-POL-01
    controls: [A.8.8]
    requested_by: it-manager
    compensating: [Admin VLAN only]
    approved_by: iso
    approved_on: 2026-09-10
    expires: 2026-12-09
    status: approved
  - id: EX-002
    title: Mailbox without MFA
    compensating: [Fixed IP addresses]
    approved_by: ceo
    approved_on: 2026-05-01
    expires: 2026-10-31
    status: approved
  - id: EX-003
    title: Production data in test
    requested_by: dev-lead
    approved_on: 2026-11-16
    status: approved
  - id: EX-004
    title: Phones without MDM
    requested_by: platform-lead
    status: requested
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const realistic = () => workspace({ "isms.yaml": MANIFEST, "exceptions.yaml": EXCEPTIONS });

describe("an exception's state", () => {
  const settings = settingsFrom({ exceptions: { max_duration: "90 days" } });
  const soon = parseDay("2026-12-29")!;

  test("approved in full: days left, its length, within the maximum, in force or expiring soon", () => {
    const s = exceptionState(
      {
        status: "approved",
        approved_by: "iso",
        approved_on: "2026-09-10",
        expires: "2026-12-09",
        compensating: ["x"],
      },
      settings,
      TODAY,
    );
    assert.deepEqual(
      { missing: s.missing, expired: s.expired, daysLeft: s.daysLeft, length: s.length, tooLong: s.tooLong },
      { missing: [], expired: false, daysLeft: 10, length: 90, tooLong: false },
    );
    assert.equal(standingOf(s, soon), "expiring soon");
    assert.equal(standingOf(s, parseDay("2026-12-01")!), "in force");
  });

  test("one day past the maximum is too long; the default maximum is 12 months", () => {
    const v = { status: "approved", approved_by: "iso", approved_on: "2026-09-10", expires: "2026-12-10" };
    assert.equal(exceptionState(v, settings, TODAY).tooLong, true);
    assert.equal(exceptionState(v, settingsFrom({}), TODAY).tooLong, false);
    const year = { ...v, expires: "2027-09-10" };
    assert.equal(exceptionState(year, settingsFrom({}), TODAY).tooLong, false);
    assert.equal(exceptionState({ ...v, expires: "2027-09-11" }, settingsFrom({}), TODAY).tooLong, true);
  });

  test("approved without its approval fields lists them; a request needs none", () => {
    const s = exceptionState({ status: "approved", approved_on: "not a date" }, settings, TODAY);
    assert.deepEqual(s.missing, ["approved_by", "approved_on", "expires"]);
    assert.equal(standingOf(s, soon), "unapproved");
    const r = exceptionState({ status: "requested", expires: "2020-01-01" }, settings, TODAY);
    assert.deepEqual(r.missing, []);
    assert.equal(r.expired, false);
    assert.equal(standingOf(r, soon), "requested");
    assert.equal(standingOf(exceptionState({}, settings, TODAY), soon), "no status");
  });
});

describe("exception rules", () => {
  test("an expired approval, one too long, one without approver, expiry or compensation", () => {
    const found = checkWorkspace(realistic(), { today: TODAY }).filter((f) => CODES.includes(f.code));
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.code} ${f.message}`),
      [
        "18 exception-expired Exception EX-002 expired on 2026-10-31 (29 days ago) and is still approved",
        "18 exception-too-long Exception EX-002 runs 183 days (approved 2026-05-01, expires 2026-10-31), longer than the maximum of 90 days",
        "24 exception-no-compensation Exception EX-003 is approved without compensating measures",
        "24 exception-unapproved Exception EX-003 is approved but has no approved_by, expires",
      ],
    );
  });

  test("the Overdue view lists approved exceptions by expiry, owned by the approver", () => {
    const items = dueItems(realistic().index, TODAY, () => undefined).filter((i) => i.kind === "exceptions");
    assert.deepEqual(
      items.map((i) => `${i.id} ${i.kindTitle} ${i.state} ${i.due} ${i.owner} ${i.title}`),
      [
        "EX-002 Exceptions overdue 2026-10-31 ceo Mailbox without MFA",
        "EX-001 Exceptions due-soon 2026-12-09 iso Switch on old firmware",
      ],
    );
  });
});

describe("the exceptions report", () => {
  const report = async (ws: Workspace, format: "md" | "html" | "csv") =>
    String(
      await produce(REPORT_BY_ID.get("exceptions")!, format, {
        index: ws.index,
        today: TODAY,
        findings: [],
        dir: "/w",
      }),
    );

  test("summary, register with states, approved exceptions by expiry", async () => {
    const md = await report(realistic(), "md");
    assert.match(md, /^# Policy exceptions$/m);
    assert.match(md, /\*\*Expired:\*\* 1\n/);
    assert.match(md, /\*\*Approval incomplete:\*\* 1\n/);
    assert.match(md, /\*\*Longer than 90 days:\*\* 1\n/);
    const rows = md.split("\n").filter((l) => /^\| EX-00\d \|/.test(l));
    assert.match(
      rows[0],
      /^\| EX-001 \| Switch on old firmware \| DOC-POL-01 \| A\.8\.8 \| .*\| 2026-09-10 \| 2026-12-09 \| expiring soon \|$/,
    );
    assert.match(rows[1], /\| 2026-05-01 \| 2026-10-31 \| expired \|$/);
    assert.match(rows[2], /\| unapproved \|$/);
    assert.match(rows[3], /\| requested \|$/);
    // By expiry: the expired one first, then EX-001; EX-003 has no expiry and comes last.
    const byExpiry = md.split("## Approved exceptions by expiry")[1].split("## ")[0];
    assert.deepEqual(
      [...byExpiry.matchAll(/^\| (EX-\d+) \|/gm)].map((m) => m[1]),
      ["EX-002", "EX-001", "EX-003"],
    );
    assert.match(byExpiry, /\| EX-002 \| .* \| expired 29 days ago \| Fixed IP addresses \|/);
    assert.match(byExpiry, /\| EX-003 \| .* \| none \|$/m);
  });

  test("CSV: one row per exception", async () => {
    const csv = (await report(realistic(), "csv"))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    assert.equal(
      csv[0],
      "id,title,status,state,policy,controls,assets,risk,requested_by,justification,compensating,approved_by,approved_on,expires,days_left,duration_days",
    );
    assert.equal(csv.length, 5);
    assert.equal(
      csv[1],
      "EX-001,Switch on old firmware,approved,expiring soon,DOC-POL-01,A.8.8,,,it-manager,,Admin VLAN only,iso,2026-09-10,2026-12-09,10,90",
    );
    assert.equal(csv[4], "EX-004,Phones without MDM,requested,requested,,,,,platform-lead,,,,,,,");
  });

  test("bad input: no throw, only the schema's findings and the rules' own, no [object Object]", async () => {
    const ws = workspace({
      "exceptions.yaml": `kind: exceptions
exceptions:
  - id: EX-1
    title: [a]
    status: { approved: true }
    compensating: oops
    expires: { date: 2026-01-01 }
  - id: EX-2
    title: Approved, odd fields
    status: approved
    approved_by: [iso]
    approved_on: 2026-01-01
    expires: 2026-02-01
    compensating: [1, null, { a: b }]
  - 42
  - null
`,
    });
    const found = checkWorkspace(ws, { today: TODAY });
    assert.ok(found.some((f) => f.code === "schema"));
    assert.deepEqual(
      found.filter((f) => CODES.includes(f.code)).map((f) => `${f.entryId} ${f.code}`),
      ["EX-2 exception-no-compensation", "EX-2 exception-unapproved", "EX-2 exception-expired"],
    );
    for (const format of ["md", "html", "csv"] as const)
      assert.doesNotMatch(await report(ws, format), /\[object Object\]|\bundefined\b|\bnull\b/, format);
  });
});
