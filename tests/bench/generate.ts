// A seeded generator of realistic ISMS workspaces for the benchmark: the example's files for every kind,
// plus generated roles, assets and N risks (one big risks file, or split into files of 500), with
// comments, multi-line text, flow and block style, and a known set of planted defects; and the records of
// the management system and of operations in proportion to the risks (per 1,000: 50 obligations, 30
// metrics, 20 objectives, 12 meetings, 200 improvements, 40 services, 20 continuity plans, 100
// exceptions, 300 requests, 500 answers; a check on every SoA control), with planted defects of their
// rules at fixed rates.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTROLS, CONTROLS_2013 } from "../../server/src/core/catalogue";
import { random } from "../random";

export interface Generated {
  dir: string;
  /** The risks file the keystrokes go to (the only one, or the middle one when split). */
  bigFile: string;
  riskFiles: string[];
  rolesFile: string;
  /** A role cited as owner by 10% of the risks. */
  hotRole: string;
  hotCitations: number;
  planted: {
    unknownRole: number;
    control2013: number;
    aboveAppetite: number;
    overdue: number;
    mitigationNoPlan: number;
  };
  /** The records' files (under records/) and the findings planted in them, by rule code. */
  recordFiles: string[];
  recordsPlanted: Record<string, number>;
  lines: number;
  bytes: number;
}

const THREATS = [
  "Ransomware operators",
  "Insider error",
  "Cloud provider outage",
  "Phishing",
  "Supply chain attack",
  "Lost device",
];
const TREATMENTS = ["mitigate", "mitigate", "mitigate", "transfer", "avoid", "accept"];
const EXAMPLE = join(__dirname, "..", "..", "examples", "acme-isms");
const EXAMPLE_ROLES = [
  "ceo",
  "iso",
  "cto",
  "it-manager",
  "platform-lead",
  "dev-lead",
  "dpo",
  "hr-manager",
  "cfo",
];

export function generate(
  dir: string,
  risks: number,
  opts: { split?: boolean; seed?: number } = {},
): Generated {
  const rnd = random(opts.seed ?? 27001);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  mkdirSync(dir, { recursive: true });
  cpSync(EXAMPLE, dir, { recursive: true });
  const roleCount = Math.max(20, Math.round(risks / 50));
  const assetCount = Math.max(20, Math.round(risks / 10));
  const roles = Array.from({ length: roleCount }, (_, i) => `role-${String(i).padStart(4, "0")}`);
  const hotRole = "risk-champion";

  // Roles: the example's, then generated ones in flow and block style.
  let rolesText = readFileSync(join(EXAMPLE, "roles.yaml"), "utf8").trimEnd() + "\n\n  # Generated roles\n";
  rolesText += `  - id: ${hotRole}\n    title: Risk Champion\n    holder: Sam Hot\n    reports_to: iso\n    assigned: 2026-06-01\n`;
  roles.forEach((id, i) => {
    rolesText +=
      i % 3 === 0
        ? `  - { id: ${id}, title: Role ${i}, holder: Person ${i}, reports_to: iso, assigned: 2026-0${1 + (i % 9)}-15 }\n`
        : `  - id: ${id}\n    title: Role ${i}\n    holder: Person ${i}\n    reports_to: ${pick(EXAMPLE_ROLES)}\n    responsibilities:\n      - Owns the risks of area ${i}\n    assigned: 2026-0${1 + (i % 9)}-15\n`;
  });
  writeFileSync(join(dir, "roles.yaml"), rolesText);

  let assetsText =
    readFileSync(join(EXAMPLE, "assets.yaml"), "utf8").trimEnd() + "\n\n  # Generated assets\n";
  for (let i = 0; i < assetCount; i++)
    assetsText += `  - { id: AS-G${i}, name: Asset ${i}, type: ${pick(["information", "software", "hardware", "service"])}, owner: ${pick(roles)}, classification: internal, reviewed: 2026-0${1 + (i % 9)}-10 }\n`;
  writeFileSync(join(dir, "assets.yaml"), assetsText);

  // Risks cite controls the example's SoA applies (citing an excluded one is a planted defect of its own).
  const soaText = readFileSync(join(EXAMPLE, "soa.yaml"), "utf8");
  writeFileSync(join(dir, "soa.yaml"), soaWithChecks(soaText));
  const excluded = new Set(
    [...soaText.matchAll(/\n {2}(A\.[\d.]+):[^\n]*\n {4}applicable: false/g)].map((m) => m[1]),
  );
  // Mitigated risks cite implemented controls, as in a running ISMS; one in a hundred cites one the SoA
  // says is not finished and has no treatment action (mitigation-no-plan, planted).
  const unfinished = [
    ...soaText.matchAll(/\n {2}(A\.[\d.]+):[^\n]*\n(?: {4}[^\n]*\n)*? {4}status: (?!implemented)/g),
  ].map((m) => m[1]);
  const controls = CONTROLS.map((c) => c.id).filter((id) => !excluded.has(id) && !unfinished.includes(id));
  const old = [...CONTROLS_2013.keys()];
  const planted = { unknownRole: 0, control2013: 0, aboveAppetite: 0, overdue: 0, mitigationNoPlan: 0 };
  let hotCitations = 0;
  const riskText = (i: number): string => {
    const likelihood = 1 + Math.floor(rnd() * 5);
    const impact = 1 + Math.floor(rnd() * 5);
    let owner = pick(roles);
    if (i % 10 === 5) {
      owner = hotRole;
      hotCitations++;
    }
    if (i % 97 === 13) {
      owner = `ghost-${i}`;
      planted.unknownRole++;
    }
    const cs = [pick(controls), pick(controls), pick(controls)];
    if (i % 211 === 17) {
      cs[2] = pick(old);
      planted.control2013++;
    }
    let treatment = pick(TREATMENTS);
    if (i % 100 === 37) {
      cs[1] = unfinished[i % unfinished.length];
      treatment = "mitigate";
      planted.mitigationNoPlan++;
    }
    // Treatment brings the residual score within the appetite (at most 2 x 3 = 6).
    const residual =
      treatment === "mitigate"
        ? `    residual: { likelihood: ${Math.max(1, likelihood - 3)}, impact: ${Math.max(1, impact - 2)} }\n`
        : "";
    // Accepted risks above appetite carry their acceptance, but one in forty is planted without.
    const accepted = treatment === "accept" && likelihood * impact > 9 && i % 40 !== 0;
    if (treatment === "accept" && likelihood * impact > 9 && !accepted) planted.aboveAppetite++;
    const month = String(1 + (i % 11)).padStart(2, "0");
    // Most risks were reviewed this month; one in fifty is planted overdue.
    const reviewed = i % 50 === 7 ? "2025-06-12" : `2026-11-${String(10 + (i % 18)).padStart(2, "0")}`;
    if (i % 50 === 7) planted.overdue++;
    return (
      (i % 10 === 0 ? `  # Risks ${i} to ${i + 9}\n` : "") +
      `  - id: R-${String(i).padStart(6, "0")}\n` +
      `    title: ${pick(THREATS)} affects asset ${i % assetCount}\n` +
      `    description: >-\n      A scenario in which the asset is harmed and\n      the service degrades for customers.\n` +
      `    assets: [AS-G${i % assetCount}]\n` +
      `    threat: ${pick(THREATS)}\n` +
      `    owner: ${owner}\n` +
      `    likelihood: ${likelihood}\n    impact: ${impact}\n` +
      `    treatment: ${treatment}\n` +
      `    controls: [${cs.join(", ")}]\n` +
      residual +
      (accepted ? `    accepted_by: ${owner}\n    accepted_on: 2026-03-01\n` : "") +
      `    identified: 2025-${month}-03\n` +
      `    reviewed: ${reviewed}\n`
    );
  };
  const riskFiles: string[] = [];
  mkdirSync(join(dir, "risks"), { recursive: true });
  const per = opts.split ? 500 : risks;
  for (let start = 0; start < risks; start += per) {
    const file = join(
      dir,
      "risks",
      opts.split ? `register-${String(start / per).padStart(3, "0")}.yaml` : "register.yaml",
    );
    let text = "# Generated risk register (seeded): score = likelihood x impact.\nkind: risks\nrisks:\n";
    for (let i = start; i < Math.min(risks, start + per); i++) text += riskText(i);
    writeFileSync(file, text);
    riskFiles.push(file);
  }
  const { files: recordFiles, planted: recordsPlanted } = records(dir, risks, roles, pick);
  const bigFile = riskFiles[Math.floor(riskFiles.length / 2)];
  let lines = 0;
  let bytes = 0;
  for (const f of riskFiles) {
    const t = readFileSync(f, "utf8");
    lines += t.split("\n").length;
    bytes += t.length;
  }
  return {
    dir,
    bigFile,
    riskFiles,
    rolesFile: join(dir, "roles.yaml"),
    hotRole,
    hotCitations,
    planted,
    recordFiles,
    recordsPlanted,
    lines,
    bytes,
  };
}

/** Per 1,000 risks, at least one of each. */
const per1000 = (risks: number, n: number) => Math.max(1, Math.round((risks * n) / 1000));
const pad = (i: number) => String(i).padStart(5, "0");

/**
 * The management system's records in proportion to the risks, citing the generated roles and risks and
 * the example's documents; every planted defect is counted under its rule's code.
 */
function records(
  dir: string,
  risks: number,
  roles: string[],
  pick: <T>(xs: readonly T[]) => T,
): { files: string[]; planted: Record<string, number> } {
  const planted: Record<string, number> = {
    "obligation-no-controls": 0,
    "metric-stale": 0,
    "objective-overdue": 0,
    "meeting-overdue": 0,
    "nonconformity-no-action": 0,
    "rto-exceeds-mtpd": 0,
    "service-no-plan": 0,
    "continuity-test-overdue": 0,
    "continuity-test-failed": 0,
    "exception-expired": 0,
    "request-overdue": 0,
  };
  const riskId = (i: number) => `R-${String(i % risks).padStart(6, "0")}`;
  const out = join(dir, "records");
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const f = join(out, name);
    writeFileSync(f, text);
    files.push(f);
  };

  let t = "# Generated obligations (seeded)\nkind: obligations\nobligations:\n";
  for (let i = 0; i < per1000(risks, 50); i++) {
    const bare = i % 25 === 3;
    if (bare) planted["obligation-no-controls"]++;
    t +=
      `  - id: OB-G${pad(i)}\n    title: Contract ${i} with a customer\n    type: contractual\n` +
      `    source: Master services agreement ${i}, schedule 4 (security)\n    owner: ${pick(roles)}\n` +
      (bare ? "" : `    controls: [A.5.31, A.5.20]\n    documents: [DOC-POL-01]\n`) +
      `    status: compliant\n    assessed: 2026-10-${String(1 + (i % 28)).padStart(2, "0")}\n` +
      `    reviewed: 2026-11-${String(1 + (i % 28)).padStart(2, "0")}\n`;
  }
  write("obligations.yaml", t);

  const metrics = per1000(risks, 30);
  t = "# Generated metrics (seeded)\nkind: metrics\nmetrics:\n";
  for (let i = 0; i < metrics; i++) {
    const head = `  - id: KPI-G${pad(i)}\n    title: Indicator ${i}\n    owner: ${pick(roles)}\n`;
    if (i % 5 === 0) {
      // Derived, with a target no workspace of this size misses.
      t += `${head}    target: 1000000\n    every: 3 months\n    derived: ${pick(["incidents.count", "actions.overdue", "risks.above-appetite", "reviews.overdue"])}\n`;
      continue;
    }
    const stale = i % 10 === 3;
    if (stale) planted["metric-stale"]++;
    t +=
      `${head}    unit: "%"\n    direction: higher-is-better\n    target: 50\n    every: 3 months\n    measurements:\n` +
      `      - { date: 2025-12-15, value: 80 }\n` +
      (stale
        ? ""
        : `      - { date: 2026-11-${String(1 + (i % 28)).padStart(2, "0")}, value: 90, note: On target }\n`);
  }
  write("metrics.yaml", t);

  t = "# Generated objectives (seeded)\nkind: objectives\nobjectives:\n";
  for (let i = 0; i < per1000(risks, 20); i++) {
    const late = i % 10 === 4;
    if (late) planted["objective-overdue"]++;
    t +=
      `  - id: OBJ-G${pad(i)}\n    title: Objective ${i}\n    owner: ${pick(roles)}\n    policy: DOC-POL-01\n` +
      `    metrics: [KPI-G${pad((2 * i) % metrics)}, KPI-G${pad((2 * i + 1) % metrics)}]\n` +
      `    due: ${late ? "2026-06-30" : "2027-06-30"}\n    status: ${late ? "at-risk" : "on-track"}\n` +
      `    communicated: 2026-02-02\n    reviewed: 2026-11-02\n`;
  }
  write("objectives.yaml", t);

  t = "# Generated meetings (seeded)\nkind: meetings\nmeetings:\n";
  for (let i = 0; i < per1000(risks, 12); i++) {
    const missed = i % 6 === 1;
    if (missed) planted["meeting-overdue"]++;
    t +=
      `  - id: MTG-G${pad(i)}\n    title: Security forum ${i}\n    type: security-forum\n` +
      `    planned: ${missed ? "2026-10-01" : "2026-09-01"}\n` +
      (missed ? "" : "    held: 2026-09-01\n") +
      `    chair: iso\n    attendees: [${pick(roles)}, ${pick(roles)}]\n` +
      `    decisions:\n      - Keep the risk register's review cadence\n`;
  }
  write("meetings.yaml", t);

  t = "# Generated improvements (seeded)\nkind: improvements\nimprovements:\n";
  for (let i = 0; i < per1000(risks, 200); i++) {
    const nc = i % 4 === 0;
    const noAction = nc && i % 20 === 0;
    if (noAction) planted["nonconformity-no-action"]++;
    t +=
      `  - id: IMP-G${pad(i)}\n    title: Improvement ${i}\n    type: ${nc ? "nonconformity" : "improvement"}\n` +
      `    source: ${pick(["internal-audit", "incident", "monitoring", "management-review"])}\n` +
      `    refs: [${riskId(7 * i)}]\n    raised: 2026-0${1 + (i % 9)}-12\n    raised_by: ${pick(roles)}\n` +
      `    statement: >-\n      Finding ${i}: the control does not yet work as the procedure says.\n` +
      (noAction
        ? ""
        : `    action:\n      description: Mend the procedure and train the team (${i})\n      owner: ${pick(roles)}\n      due: 2027-0${1 + (i % 9)}-20\n`);
  }
  write("improvements.yaml", t);

  // Business impact analysis: criticality cycles critical, high, medium, low; plan j covers services 2j
  // and 2j + 1, except one plan in ten, which leaves out its (high) second service: service-no-plan.
  const services = per1000(risks, 40);
  const plans = per1000(risks, 20);
  const serviceId = (i: number) => `SVC-G${pad(i % services)}`;
  const criticality = ["critical", "high", "medium", "low"];
  const covered = new Set<number>();
  for (let j = 0; j < plans; j++) {
    covered.add((2 * j) % services);
    if (j % 10 !== 0) covered.add((2 * j + 1) % services);
  }
  t = "# Generated services (seeded)\nkind: services\nservices:\n";
  for (let i = 0; i < services; i++) {
    const long = i % 20 === 9;
    if (long) planted["rto-exceeds-mtpd"]++;
    if (i % 4 < 2 && !covered.has(i)) planted["service-no-plan"]++;
    t +=
      `  - id: ${serviceId(i)}\n    name: Service ${i}\n    owner: ${pick(roles)}\n` +
      `    assets: [AS-G${i % Math.max(20, Math.round(risks / 10))}]\n    criticality: ${criticality[i % 4]}\n` +
      `    mtpd: 48 hours\n    rto: ${long ? "72 hours" : "8 hours"}\n    rpo: 30 minutes\n` +
      `    reviewed: 2026-11-${String(1 + (i % 28)).padStart(2, "0")}\n`;
  }
  write("services.yaml", t);

  t = "# Generated continuity plans (seeded)\nkind: continuity\nplans:\n";
  for (let j = 0; j < plans; j++) {
    const overdue = j % 10 === 5;
    const failed = j % 10 === 7;
    if (overdue) planted["continuity-test-overdue"]++;
    if (failed) planted["continuity-test-failed"]++;
    const listed = j % 10 === 0 ? [serviceId(2 * j)] : [serviceId(2 * j), serviceId(2 * j + 1)];
    t +=
      `  - id: BCP-G${pad(j)}\n    title: Continuity plan ${j}\n    owner: ${pick(roles)}\n` +
      `    services: [${listed.join(", ")}]\n    document: DOC-POL-01\n    test_every: 12 months\n` +
      `    tests:\n      - date: ${overdue ? "2025-06-10" : "2026-06-10"}\n        type: tabletop\n` +
      `        result: ${failed ? "fail" : "pass"}\n        achieved_rto: 4 hours\n` +
      `    reviewed: 2026-11-${String(1 + (j % 28)).padStart(2, "0")}\n`;
  }
  write("continuity.yaml", t);

  t = "# Generated policy exceptions (seeded)\nkind: exceptions\nexceptions:\n";
  for (let i = 0; i < per1000(risks, 100); i++) {
    const expired = i % 20 === 11;
    if (expired) planted["exception-expired"]++;
    t +=
      `  - id: EXC-G${pad(i)}\n    title: Legacy system ${i} without MFA\n    policy: DOC-POL-01\n` +
      `    controls: [A.8.5]\n    risk: ${riskId(13 * i)}\n    requested_by: ${pick(roles)}\n` +
      `    justification: The vendor ships MFA in the next release.\n` +
      `    compensating:\n      - Network access limited to the office VLAN\n` +
      `    approved_by: iso\n    approved_on: ${expired ? "2026-04-01" : "2026-09-01"}\n` +
      `    expires: ${expired ? "2026-10-01" : "2027-03-01"}\n    status: approved\n`;
  }
  write("exceptions.yaml", t);

  const answers = per1000(risks, 500);
  t = "# Generated answer library (seeded)\nkind: answers\nanswers:\n";
  for (let i = 0; i < answers; i++)
    t +=
      `  - id: ANS-G${pad(i)}\n    question: Do you ${pick(["encrypt data at rest", "review access quarterly", "test backups", "train staff yearly"])} (${i})?\n` +
      `    answer: >-\n      Yes. The control is implemented and checked; evidence on request under NDA.\n` +
      `    controls: [A.8.24]\n    documents: [DOC-POL-01]\n    owner: ${pick(roles)}\n` +
      `    reviewed: 2026-11-${String(1 + (i % 28)).padStart(2, "0")}\n`;
  write("answers.yaml", t);

  t = "# Generated assurance requests (seeded)\nkind: requests\nrequests:\n";
  for (let i = 0; i < per1000(risks, 300); i++) {
    const late = i % 25 === 6;
    if (late) planted["request-overdue"]++;
    t +=
      `  - id: REQ-G${pad(i)}\n    title: Security questionnaire from customer ${i}\n    from: Customer ${i}\n` +
      `    type: questionnaire\n    received: 2026-10-01\n    due: ${late ? "2026-11-01" : "2026-12-15"}\n` +
      `    owner: ${pick(roles)}\n` +
      (late ? "" : `    answered: 2026-10-20\n    approved_by: iso\n`) +
      `    answers: [ANS-G${pad((3 * i) % answers)}, ANS-G${pad((3 * i + 1) % answers)}]\n    nda: true\n`;
  }
  write("requests.yaml", t);
  return { files, planted };
}

/** The example's SoA with a passing check on every applicable control that has none (no defect planted). */
export function soaWithChecks(soa: string): string {
  return soa.replace(
    /^ {2}(A\.[\d.]+):([^\n]*)\n((?: {4}[^\n]*\n)*)/gm,
    (block: string, id: string, rest: string, body: string) =>
      body.includes("    checks:") || !body.includes("    applicable: true")
        ? block
        : `  ${id}:${rest}\n${body}    checks:\n      - { description: Examine the evidence of ${id}, every: 12 months, method: examine, owner: iso, last: 2026-06-01, result: pass }\n`,
  );
}
