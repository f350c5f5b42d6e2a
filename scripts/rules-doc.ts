// Prints the README's rule reference from the rule modules (npm run docs rewrites README.md).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../server/src/core/rules";

export function rulesMarkdown(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.doc} | ${r.fix} |`);
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

if (require.main === module) {
  const path = join(__dirname, "..", "README.md");
  writeFileSync(path, withRules(readFileSync(path, "utf8")));
}
