// The scaffold of a new ISMS, for `isms init` and VS Code's New ISMS Workspace alike: the manifest and one
// file per kind from the templates (each with one realistic example entry, marked as such), never
// replacing a file that exists.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { yamlScalar } from "./core/edits";

/** The templates folder shipped beside the bundle (dist/../templates) or the sources. */
export function findTemplates(from = __dirname): string | undefined {
  for (let dir = from, i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "isms.yaml"))) return candidate;
  }
  return undefined;
}

export interface Scaffold {
  created: string[];
  /** Files that were there already: left as they were. */
  kept: string[];
}

/** Writes the templates into `dir`; with `organisation`, the manifest names it. Replaces nothing. */
export function scaffold(dir: string, templates: string, organisation?: string): Scaffold {
  mkdirSync(dir, { recursive: true });
  const out: Scaffold = { created: [], kept: [] };
  for (const name of readdirSync(templates)
    .filter((n) => n.endsWith(".yaml"))
    .sort()) {
    const target = join(dir, name);
    let text = readFileSync(join(templates, name), "utf8");
    if (name === "isms.yaml" && organisation)
      text = text.replace(/^organisation: .*$/m, `organisation: ${yamlScalar(organisation)}`);
    // Written whole to a temporary file, then linked into place: a file that appeared meanwhile is kept.
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text, { flag: "wx" });
    try {
      linkSync(tmp, target);
      out.created.push(name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      out.kept.push(name);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  return out;
}
