// Generates the rule reference from the rule modules: the README's table and one page per rule in
// docs/rules/<id>.md (linked from every diagnostic), with the failing fixture as an example.
// `npm run docs` rewrites both; a test checks they are up to date.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../server/src/core/rules";
import type { Rule } from "../server/src/core/rules/api";

const ROOT = join(__dirname, "..");

export function rulesMarkdown(): string {
  const rows = RULES.map(
    (r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.doc} | ${r.fix} |`,
  );
  return ["| code | default | what it finds | how to fix |", "|---|---|---|---|", ...rows].join("\n");
}

const START = "<!-- rules:start -->";
const END = "<!-- rules:end -->";

export function withRules(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0) throw new Error("README.md has no rules markers");
  return `${readme.slice(0, a + START.length)}\n${rulesMarkdown()}\n${readme.slice(b)}`;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8"); // some fixtures are broken links or not UTF-8 on purpose
  } catch {
    return "";
  }
}

/** The page of one rule. */
export function rulePage(rule: Rule): string {
  const out = [
    `# ${rule.id}`,
    "",
    `Default severity: **${rule.severity}**. Change it, or turn the rule off, in the manifest:`,
    "",
    "```yaml",
    "rules:",
    `  ${rule.id}: off   # or error, warning, information, hint`,
    "```",
    "",
    "## What it finds",
    "",
    rule.doc,
    "",
    "## How to fix it",
    "",
    rule.fix,
    "",
    `Silence one line with \`# isms-disable-next-line ${rule.id}\` on the line above it.`,
  ];
  const dir = join(ROOT, "tests", "fixtures", "rules", rule.id, "fail");
  const examples = existsSync(dir)
    ? readdirSync(dir)
        .sort()
        .filter((f) => readOrEmpty(join(dir, f)).includes(`# expect: ${rule.id}`))
    : [];
  if (examples.length) {
    out.push("", "## Example", "", "Each line marked `# expect:` is reported.");
    for (const f of examples)
      out.push("", `\`${f}\`:`, "", "```yaml", readFileSync(join(dir, f), "utf8").trimEnd(), "```");
  }
  return out.join("\n") + "\n";
}

if (require.main === module) {
  const path = join(ROOT, "README.md");
  writeFileSync(path, withRules(readFileSync(path, "utf8")));
  mkdirSync(join(ROOT, "docs", "rules"), { recursive: true });
  for (const rule of RULES) writeFileSync(join(ROOT, "docs", "rules", `${rule.id}.md`), rulePage(rule));
}
