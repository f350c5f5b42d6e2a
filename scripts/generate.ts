// Generates every flat file that derives from the kind registry and the rule modules: the README's rule
// table and its format sections (each kind's format.md), one page per rule in docs/rules/<id>.md (linked from every diagnostic, with the failing fixture
// as an example), the JSON Schemas shipped in schemas/, the New-ISMS-Workspace templates in templates/,
// the snippets, and the language's firstLine pattern in package.json. `npm run docs` rewrites them; a test
// checks they are up to date.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format, resolveConfig } from "prettier";
import { COMMON_SCHEMA } from "../server/src/core/schema";
import { allRules, kindDefs, kindLinePattern, ruleKind, schemaOf } from "../server/src/core/registry";
import type { Rule } from "../server/src/core/rules/api";

export const ROOT = join(__dirname, "..");
export const KINDS_DIR = join(ROOT, "server", "src", "core", "kinds");

/** The folder of a kind: kinds/<kind>. */
export const kindDir = (kind: string): string => join(KINDS_DIR, kind);

/** Where a rule's pass and fail fixtures live: its kind's folder, or core/rules for cross-kind rules. */
export function ruleFixtureDir(id: string): string {
  const kind = ruleKind(id);
  return kind
    ? join(kindDir(kind.kind), "fixtures", id)
    : join(ROOT, "server", "src", "core", "rules", "fixtures", id);
}

export function rulesMarkdown(): string {
  const rows = allRules().map(
    (r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.doc} | ${r.fix} |`,
  );
  return ["| code | default | what it finds | how to fix |", "|---|---|---|---|", ...rows].join("\n");
}

/** The README with what lies between `<!-- name:start -->` and `<!-- name:end -->` replaced. */
function between(readme: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const a = readme.indexOf(start);
  const b = readme.indexOf(`<!-- ${name}:end -->`);
  if (a < 0 || b < 0) throw new Error(`README.md has no ${name} markers`);
  return `${readme.slice(0, a + start.length)}\n${content}\n${readme.slice(b)}`;
}

export const withRules = (readme: string): string => between(readme, "rules", rulesMarkdown());

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
  const dir = join(ruleFixtureDir(rule.id), "fail");
  const examples = existsSync(dir)
    ? readdirSync(dir)
        .sort()
        .filter((f) => readOrEmpty(join(dir, f)).includes(`# expect: ${rule.id}`))
    : [];
  if (examples.length) {
    out.push("", "## Example", "", "Each line marked `# expect:` is reported.");
    for (const f of examples)
      out.push(
        "",
        `\`${f}\`:`,
        "",
        "```yaml",
        readFileSync(join(dir, f), "utf8")
          .replace(/(# expect: [\w.-]+)\([\w-]+\)/g, "$1")
          .replace(/(# expect: [\w.-]+)@\d+/g, "$1")
          .trimEnd(),
        "```",
      );
  }
  return out.join("\n") + "\n";
}

/** The README with the kinds list of "The format" from the registry. */
export const withKinds = (readme: string): string =>
  between(
    readme,
    "kinds",
    kindDefs()
      .map((d) => `\`${d.kind}\``)
      .join(", ") + ".",
  );

/** The README with each kind's section of "The format" (kinds/<kind>/format.md), in kind order. */
export const withFormats = (readme: string): string =>
  between(
    readme,
    "format",
    kindDefs()
      .map((d) => readFileSync(join(kindDir(d.kind), "format.md"), "utf8").trim())
      .join("\n\n"),
  );

/** The snippets of every kind, in kind order (kinds/<kind>/snippets.json). */
export function snippetsJson(): string {
  const all: Record<string, unknown> = {};
  for (const def of kindDefs()) {
    const p = join(kindDir(def.kind), "snippets.json");
    if (existsSync(p)) Object.assign(all, JSON.parse(readFileSync(p, "utf8")));
  }
  return JSON.stringify(all, null, 2) + "\n";
}

/** package.json with the language's firstLine pattern of the registry's kinds. */
export function packageJson(text: string): string {
  const pattern = JSON.stringify(kindLinePattern());
  const out = text.replace(/("firstLine": )"(?:[^"\\]|\\.)*"/, `$1${pattern}`);
  if (out === text && !text.includes(`"firstLine": ${pattern}`))
    throw new Error("package.json has no firstLine");
  return out;
}

async function json(value: unknown, path: string): Promise<string> {
  const config = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(value), { ...config, parser: "json", filepath: path });
}

/** Every generated file: path (relative to the repository) -> content. */
export async function generated(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  out.set("README.md", withFormats(withKinds(withRules(readme))));
  for (const rule of allRules()) out.set(`docs/rules/${rule.id}.md`, rulePage(rule));
  out.set(
    "schemas/common.schema.json",
    await json(COMMON_SCHEMA, join(ROOT, "schemas", "common.schema.json")),
  );
  for (const def of kindDefs()) {
    const p = `schemas/${def.kind}.schema.json`;
    out.set(p, await json(schemaOf(def.kind), join(ROOT, p)));
    const template = join(kindDir(def.kind), "template.yaml");
    if (existsSync(template)) out.set(`templates/${def.kind}.yaml`, readFileSync(template, "utf8"));
  }
  out.set("snippets/isms.code-snippets", snippetsJson());
  out.set("package.json", packageJson(readFileSync(join(ROOT, "package.json"), "utf8")));
  return out;
}

if (require.main === module)
  void generated().then((files) => {
    for (const [p, content] of files) {
      mkdirSync(dirname(join(ROOT, p)), { recursive: true });
      writeFileSync(join(ROOT, p), content);
    }
  });
