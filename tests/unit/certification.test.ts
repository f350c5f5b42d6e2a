// The certification cycle and the risk treatment plan: certificate-expiring and certificate-expired at
// their boundaries, surveillance-audit-missing (which audits keep a certificate), only internal audits in
// audit-coverage-gap, mitigation-no-plan with and without an open action, the certificate's expiry in the
// Overdue view, and what the treatment-plan and audits reports say.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { dueItems } from "../../server/src/core/queries";
import { addDuration, formatDay, parseDay, type Day } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-06-01")!;
const day = (offset: number): string => formatDay(TODAY + offset);

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

function findings(files: Record<string, string>, code: string, today: Day = TODAY): Finding[] {
  return checkWorkspace(workspace(files), { today }).filter((f) => f.code === code);
}

/** `line message` of each finding (1-based lines). */
const shown = (fs: Finding[]) => fs.map((f) => `${f.start.line + 1} ${f.message}`);

const manifest = (cert: string) =>
  `kind: isms\norganisation: Example Ltd\ncertification:\n  standard: ISO/IEC 27001:2022\n  body: BSI\n  number: IS 1\n${cert}`;

describe("certificate-expiring and certificate-expired", () => {
  const at = (offset: number) => {
    const files = { "isms.yaml": manifest(`  issued: 2023-06-01\n  expires: ${day(offset)}\n`) };
    return {
      expiring: shown(findings(files, "certificate-expiring")),
      expired: shown(findings(files, "certificate-expired")),
    };
  };

  test("90 days before expiry warns, 91 days does not", () => {
    assert.deepEqual(at(90), {
      expiring: [`8 ISO/IEC 27001:2022 certificate IS 1 (BSI) expires in 90 days, on ${day(90)}`],
      expired: [],
    });
    assert.deepEqual(at(91), { expiring: [], expired: [] });
  });

  test("expiring today is still valid: a warning, not an error", () => {
    assert.deepEqual(at(0), {
      expiring: [`8 ISO/IEC 27001:2022 certificate IS 1 (BSI) expires today, on ${day(0)}`],
      expired: [],
    });
  });

  test("expired yesterday is an error on the expires line", () => {
    const r = at(-1);
    assert.deepEqual(r.expiring, []);
    assert.deepEqual(r.expired, [
      `8 ISO/IEC 27001:2022 certificate IS 1 (BSI) expired on ${day(-1)} (yesterday): the ISMS is no longer certified`,
    ]);
    const f = findings({ "isms.yaml": manifest(`  expires: ${day(-1)}\n`) }, "certificate-expired");
    assert.equal(f[0].severity, "error");
    assert.equal(f[0].start.character, 11, "on the date, after `expires: `");
  });

  test("no certification, no expiry date, or a value of the wrong type: no finding and no crash", () => {
    const codes = ["certificate-expiring", "certificate-expired", "surveillance-audit-missing"];
    for (const text of [
      manifest(""),
      manifest("  expires: soon\n"),
      manifest("  expires: [2026, 6]\n  issued: { a: 1 }\n  number: [1, 2]\n"),
      "kind: isms\norganisation: X\ncertification: yes\n",
      "kind: isms\norganisation: X\ncertification:\n",
    ]) {
      const all = checkWorkspace(workspace({ "isms.yaml": text }), { today: TODAY });
      assert.deepEqual(
        all.filter((f) => f.messageId === "internal-error").map((f) => f.message),
        [],
      );
      const mine = all.filter((f) => codes.includes(f.code));
      assert.ok(
        mine.every((f) => f.code === "surveillance-audit-missing"),
        shown(mine).join("\n"),
      );
      for (const f of mine) assert.doesNotMatch(f.message, /undefined|null|\[object Object\]/);
    }
  });
});

describe("surveillance-audit-missing", () => {
  const cert = manifest("  issued: 2025-06-02\n  expires: 2028-06-01\n");
  const audit = (id: string, type: string, fields: string) =>
    `  - { id: ${id}, title: ${id}, type: ${type}, scope: [4, 5, 6, 7, 8, 9, 10], ${fields} }\n`;
  const check = (audits: string, manifestText = cert) =>
    shown(
      findings(
        { "isms.yaml": manifestText, "audits.yaml": `kind: audits\naudits:\n${audits}` },
        "surveillance-audit-missing",
      ),
    );
  const stage2 = audit("CB-1", "certification-stage-2", "planned: 2025-05-12, performed: 2025-05-14");

  test("certified, the last stage 2 more than 12 months ago, nothing planned: one finding on `certification`", () => {
    assert.deepEqual(check(stage2), [
      "3 The last certification-body audit, CB-1 (certification-stage-2), was performed on 2025-05-14, more than 12 months ago, and no surveillance audit is planned",
    ]);
  });

  test("a planned surveillance or recertification audit, or one in progress, is enough", () => {
    assert.deepEqual(
      check(stage2 + audit("CB-2", "surveillance", `planned: ${day(10)}, status: planned`)),
      [],
    );
    assert.deepEqual(check(stage2 + audit("CB-2", "recertification", `planned: ${day(0)}`)), []);
    assert.deepEqual(
      check(stage2 + audit("CB-2", "surveillance", "planned: 2026-05-20, status: in-progress")),
      [],
    );
  });

  test("an overdue or cancelled surveillance audit is not planned", () => {
    assert.equal(check(stage2 + audit("CB-2", "surveillance", "planned: 2026-05-20")).length, 1);
    assert.equal(
      check(stage2 + audit("CB-2", "surveillance", `planned: ${day(30)}, status: cancelled`)).length,
      1,
    );
  });

  test("stage 1, internal, client and supplier audits neither keep the certificate nor count as planned", () => {
    const others =
      audit("CB-0", "certification-stage-1", "planned: 2026-03-01, performed: 2026-03-01") +
      audit("IA-1", "internal", "planned: 2026-04-01, performed: 2026-04-01") +
      `  - { id: IA-2, title: No type is internal, scope: [9.2], planned: ${day(20)} }\n` +
      audit("CL-1", "client", `planned: ${day(20)}`) +
      audit("SU-1", "supplier", "planned: 2026-05-01, performed: 2026-05-01");
    assert.equal(check(stage2 + others).length, 1);
  });

  test("12 months to the day is not more than 12 months; a surveillance audit within 12 months is enough", () => {
    assert.deepEqual(check(audit("CB-1", "surveillance", "planned: 2025-06-01, performed: 2025-06-01")), []);
    assert.equal(
      check(audit("CB-1", "surveillance", "planned: 2025-05-31, performed: 2025-05-31")).length,
      1,
    );
    assert.deepEqual(
      check(stage2 + audit("CB-2", "surveillance", "planned: 2026-05-19, performed: 2026-05-20")),
      [],
    );
  });

  test("with no audit recorded, the certificate's issue date is the clock", () => {
    assert.deepEqual(check("", manifest(`  issued: ${day(-100)}\n  expires: 2029-01-01\n`)), []);
    assert.deepEqual(check("", manifest("  issued: 2025-01-10\n  expires: 2028-01-09\n")), [
      "3 No certification-body audit is recorded since the certificate was issued on 2025-01-10, 16 months ago, and none is planned",
    ]);
    assert.deepEqual(check("", manifest("  standard: ISO/IEC 27001:2022\n")), []);
  });

  test("not certified (expired, not yet issued, no dates): silent", () => {
    assert.deepEqual(check(stage2, manifest("  issued: 2022-06-01\n  expires: 2025-05-31\n")), []);
    assert.deepEqual(check(stage2, manifest(`  issued: ${day(5)}\n  expires: 2029-06-01\n`)), []);
    assert.deepEqual(check(stage2, manifest("  scope: The platform\n")), []);
  });
});

describe("audit-coverage-gap counts internal audits only", () => {
  const soa = "kind: soa\ncontrols:\n  A.5.1: { applicable: true, justification: Needed }\n";
  const gaps = (audits: string) =>
    findings(
      { "soa.yaml": soa, "audits.yaml": `kind: audits\naudits:\n${audits}` },
      "audit-coverage-gap",
    ).map((f) => `${f.file.replace("/w/", "")} ${f.message}`);
  const all = "[4, 5, 6, 7, 8, 9, 10, A.5.1]";

  test("an internal audit (no type or type internal) covers; others do not", () => {
    assert.deepEqual(gaps(`  - { id: IA-1, title: T, scope: ${all}, planned: 2026-03-01 }\n`), []);
    assert.deepEqual(
      gaps(`  - { id: IA-1, title: T, type: internal, scope: ${all}, planned: 2026-03-01 }\n`),
      [],
    );
    for (const type of [
      "certification-stage-2",
      "surveillance",
      "recertification",
      "client",
      "supplier",
      "regulator",
    ])
      assert.deepEqual(
        gaps(
          `  - { id: CB-1, title: T, type: ${type}, scope: ${all}, planned: 2026-03-01, performed: 2026-03-01 }\n`,
        ),
        [
          "audits.yaml Clauses 4, 5, 6, 7, 8, 9, 10 are in no internal audit scope within 12 months of today",
          "soa.yaml A.5.1 (Policies for information security) is applicable but no internal audit within 36 months covers it",
        ],
        type,
      );
  });
});

describe("mitigation-no-plan", () => {
  const soa =
    "kind: soa\ncontrols:\n  A.5.30: { applicable: true, status: partial, justification: BC }\n  A.8.13: { applicable: true, status: implemented, justification: Backups }\n";
  const risk = (extra: string) =>
    `kind: risks\nrisks:\n  - id: R-1\n    title: Restore fails\n    owner: iso\n    likelihood: 3\n    impact: 4\n    treatment: mitigate\n    controls: [A.8.13, A.5.30]\n${extra}`;
  const check = (extra: string, soaText = soa) =>
    shown(findings({ "soa.yaml": soaText, "risks.yaml": risk(extra) }, "mitigation-no-plan"));

  test("a partial control and no action: a warning on the treatment line naming the control and its status", () => {
    assert.deepEqual(check(""), [
      "8 Risk R-1 is mitigated by A.5.30 (partial), which is not yet implemented, and its treatment plan has no open action",
    ]);
  });

  test("an open (or overdue) action is a plan; closed actions are not", () => {
    assert.deepEqual(
      check("    actions:\n      - { description: Fail over, owner: iso, due: 2026-09-30 }\n"),
      [],
    );
    assert.deepEqual(
      check("    actions:\n      - { description: Fail over, owner: iso, due: 2026-01-30 }\n"),
      [],
    );
    assert.equal(
      check("    actions:\n      - { description: Done, owner: iso, due: 2026-01-30, closed: 2026-01-20 }\n")
        .length,
      1,
    );
    assert.equal(
      check(
        "    actions:\n      - { description: Closed empty is open, owner: iso, due: 2026-09-30, closed: }\n",
      ).length,
      0,
    );
  });

  test("the SoA decides: once implemented there is nothing to plan; a status change re-checks", () => {
    const ws = workspace({ "soa.yaml": soa, "risks.yaml": risk("") });
    assert.equal(
      checkWorkspace(ws, { today: TODAY }).filter((f) => f.code === "mitigation-no-plan").length,
      1,
    );
    ws.setText("/w/soa.yaml", soa.replace("status: partial", "status: implemented"));
    assert.equal(
      checkWorkspace(ws, { today: TODAY }).filter((f) => f.code === "mitigation-no-plan").length,
      0,
    );
  });

  test("bad input: actions not a list, controls not a list, a mapping as a control", () => {
    assert.equal(check("    actions: soon\n").length, 1);
    assert.deepEqual(
      shown(
        findings(
          { "soa.yaml": soa, "risks.yaml": risk("").replace("[A.8.13, A.5.30]", "{ a: 1 }") },
          "mitigation-no-plan",
        ),
      ),
      [],
    );
  });
});

describe("the certificate in the Overdue view", () => {
  const due = (expires: string, all = false) =>
    dueItems(
      workspace({ "isms.yaml": manifest(`  expires: ${expires}\n`) }).index,
      TODAY,
      () => undefined,
      all,
    )
      .filter((d) => d.kind === "certification")
      .map((d) => `${d.kindLabel} ${d.id} ${d.title} ${d.due} ${d.state}`);

  test("listed when due soon or past, with its number and name; later only when all is asked", () => {
    assert.deepEqual(due(day(20)), [
      `certificate expiry IS 1 ISO/IEC 27001:2022 certificate IS 1 (BSI) ${day(20)} due-soon`,
    ]);
    assert.deepEqual(due(day(-3)), [
      `certificate expiry IS 1 ISO/IEC 27001:2022 certificate IS 1 (BSI) ${day(-3)} overdue`,
    ]);
    assert.deepEqual(due(day(400)), []);
    assert.equal(due(day(400), true).length, 1);
    assert.deepEqual(due("someday"), []);
  });
});

describe("reports", () => {
  const files = {
    "isms.yaml": manifest("  issued: 2025-06-02\n  expires: 2028-06-01\n"),
    "roles.yaml": "kind: roles\nroles:\n  - { id: iso, title: Information Security Officer, holder: Ann }\n",
    "soa.yaml":
      "kind: soa\ncontrols:\n  A.5.30: { applicable: true, status: partial, owner: iso, justification: BC }\n  A.5.7: { applicable: true, status: planned, justification: TI }\n",
    "risks.yaml": `kind: risks
risks:
  - id: R-10
    title: Region lost
    owner: iso
    likelihood: 3
    impact: 4
    treatment: mitigate
    controls: [A.5.30]
    residual: { likelihood: 1, impact: 4 }
    actions:
      - { id: TP-1, description: Warm standby, owner: iso, due: 2026-09-30 }
      - { description: Runbook, owner: iso, due: 2026-03-31, closed: 2026-03-20 }
    plan_approved_by: iso
    plan_approved_on: 2026-04-14
  - id: R-2
    title: Threat intelligence ignored
    owner: iso
    likelihood: 3
    impact: 3
    treatment: mitigate
    controls: [A.5.7]
  - { id: R-3, title: Retained, owner: iso, likelihood: 1, impact: 1, treatment: accept }
`,
    "audits.yaml": `kind: audits
audits:
  - { id: IA-1, title: Internal, scope: [4, 5, 6, 7, 8, 9, 10], planned: 2026-03-01, performed: 2026-03-02 }
  - { id: CB-1, title: Surveillance, type: surveillance, body: BSI, scope: [4], planned: 2026-05-19, performed: 2026-05-20, report: reports/CB-1.md }
`,
  };
  const report = async (type: string, format: "md" | "csv") => {
    const ws = workspace(files);
    return String(
      await produce(REPORT_BY_ID.get(type)!, format, {
        index: ws.index,
        today: TODAY,
        findings: checkWorkspace(ws, { today: TODAY }),
        dir: "/w",
      }),
    );
  };

  test("treatment-plan: treated risks by id in natural order, with SoA status, actions and approval", async () => {
    const md = await report("treatment-plan", "md");
    assert.match(md, /^# Risk treatment plan$/m);
    assert.ok(md.indexOf("### R-2 ") < md.indexOf("### R-10 "), "R-2 before R-10");
    assert.doesNotMatch(md, /### R-3 /, "an accepted risk is retained, not planned");
    assert.match(
      md,
      /\| R-10 \| Region lost \| iso \(Information Security Officer\) \| 12 High \| 4 Low \| mitigate \| A\.5\.30 \(partial\) \| 1 \| iso \(Information Security Officer\) on 2026-04-14 \|/,
    );
    assert.match(md, /\| R-2 \| .* \| A\.5\.7 \(planned\) \| none \| not approved \|/);
    assert.match(
      md,
      /\| A\.5\.30 \| ICT readiness for business continuity \| partial \| iso \(Information Security Officer\) \|/,
    );
    assert.match(
      md,
      /\| TP-1: Warm standby \| iso \(Information Security Officer\) \| 2026-09-30 \| {3}\| open \|/,
    );
    assert.match(md, /\| Runbook \| .* \| 2026-03-31 \| 2026-03-20 \| closed \|/);
    assert.match(md, /No open action while A\.5\.7 is planned \(mitigation-no-plan\)\./);
    assert.match(md, /\*\*Plans approved by the risk owner:\*\* 1 of 2/);
    assert.doesNotMatch(md, /undefined|null|\[object Object\]/);
  });

  test("treatment-plan as CSV: one row per action, a risk without actions once", async () => {
    const lines = (await report("treatment-plan", "csv"))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const header = lines.findIndex((l) => l.startsWith("risk,"));
    assert.equal(
      lines[header],
      "risk,title,owner,inherent_score,inherent_level,residual_score,residual_level,treatment,controls,action_id,action,action_owner,due,closed,state,verified_by,plan_approved_by,plan_approved_on",
    );
    assert.deepEqual(
      lines
        .slice(header + 1)
        .map((l) => l.split(",").slice(0, 1).concat(l.split(",").slice(9, 15)).join(",")),
      [
        "R-2,,,,,,",
        "R-10,TP-1,Warm standby,iso,2026-09-30,,open",
        "R-10,,Runbook,iso,2026-03-31,2026-03-20,closed",
      ],
    );
  });

  test("audits: the programme lists internal audits only; certification audits have their own section", async () => {
    const md = await report("audits", "md");
    assert.match(md, /\*\*Audits in the programme:\*\* 1/);
    assert.match(
      md,
      /\*\*Certificate:\*\* ISO\/IEC 27001:2022 certificate IS 1 \(BSI\), issued 2025-06-02, expires 2028-06-01/,
    );
    const programme = md.slice(md.indexOf("## Programme"), md.indexOf("## Coverage"));
    assert.doesNotMatch(programme, /CB-1/);
    const coverage = md.slice(md.indexOf("## Coverage"), md.indexOf("## Certification"));
    assert.doesNotMatch(coverage, /CB-1/);
    assert.match(
      md,
      /## Certification and other external audits[\s\S]*\| CB-1 \| surveillance \| BSI \| Surveillance \| 4 \| 2026-05-19 \| 2026-05-20 \| completed \| reports\/CB-1\.md \| 0 \|/,
    );
  });
});

test("addDuration is what the 12 months are measured with", () => {
  assert.equal(formatDay(addDuration(TODAY, { n: 12, unit: "months" }, -1)), "2025-06-01");
});
