// A seeded generator of realistic ISMS workspaces for the benchmark: the example's files for every kind,
// plus generated roles, assets and N risks (one big risks file, or split into files of 500), with
// comments, multi-line text, flow and block style, and a known set of planted defects.
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
  planted: { unknownRole: number; control2013: number; aboveAppetite: number; overdue: number };
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
  const excluded = new Set(
    [...soaText.matchAll(/\n {2}(A\.[\d.]+):[^\n]*\n {4}applicable: false/g)].map((m) => m[1]),
  );
  const controls = CONTROLS.map((c) => c.id).filter((id) => !excluded.has(id));
  const old = [...CONTROLS_2013.keys()];
  const planted = { unknownRole: 0, control2013: 0, aboveAppetite: 0, overdue: 0 };
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
    const treatment = pick(TREATMENTS);
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
    lines,
    bytes,
  };
}
