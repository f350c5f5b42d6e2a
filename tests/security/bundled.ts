// What the bundles hold, read by the tests straight from esbuild's metafiles (dist/meta/*.json, written by
// npm run build), independently of scripts/sbom.mjs: every npm package with bytes in a bundle, and the
// packages a bundled file had itself inlined (`// node_modules/NAME/...` region markers, as in docx's
// dist/index.mjs, which carries nanoid and fflate).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const BUNDLES = ["dist/cli.js", "dist/server.js", "dist/extension.js"];

export interface Bundled {
  name: string;
  version: string;
  license: string;
  dir: string;
  bundles: string[];
  embeddedIn: string[];
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const pkgJson = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string | { type: string };
  };

/** The folder of `name` as node finds it from inside `from`. */
function resolveFrom(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const c = dir === "." ? join("node_modules", name) : join(dir, "node_modules", name);
    if (existsSync(join(ROOT, c, "package.json"))) return c.split("\\").join("/");
    if (dir === ".") return undefined;
  }
}

/** The packages in the given bundles, sorted by name then version. Fails when a metafile is stale. */
export function bundledPackages(bundles = BUNDLES): Bundled[] {
  const found = new Map<string, Bundled>();
  const add = (dir: string, bundle: string, embeddedIn?: string) => {
    const p = pkgJson(dir);
    const key = `${p.name}@${p.version}`;
    const license = typeof p.license === "string" ? p.license : (p.license?.type ?? "UNKNOWN");
    const entry = found.get(key) ?? {
      name: p.name,
      version: p.version,
      license,
      dir,
      bundles: [],
      embeddedIn: [],
    };
    found.set(key, entry);
    if (!entry.bundles.includes(bundle)) entry.bundles.push(bundle);
    if (embeddedIn && !entry.embeddedIn.includes(embeddedIn)) entry.embeddedIn.push(embeddedIn);
    return key;
  };
  for (const bundle of bundles) {
    const metaPath = join(ROOT, bundle.replace(/^dist\/(.*)\.js$/, "dist/meta/$1.json"));
    assert.ok(existsSync(metaPath), `${metaPath} exists: run npm run build first`);
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as Metafile;
    const out = meta.outputs[bundle];
    assert.ok(out, `${metaPath} describes ${bundle}`);
    assert.equal(
      out.bytes,
      statSync(join(ROOT, bundle)).size,
      `${metaPath} is the metafile of this ${bundle}`,
    );
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const i = input.lastIndexOf("node_modules/");
      if (i < 0 || bytesInOutput === 0) continue;
      const rest = input.slice(i + "node_modules/".length).split("/");
      const name = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
      const dir = input.slice(0, i) + "node_modules/" + name;
      const host = add(dir, bundle);
      const text = readFileSync(join(ROOT, input), "utf8");
      for (const m of text.matchAll(/^\/\/ (?:\\0)?node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\//gm)) {
        if (m[1] === name) continue;
        const embedded = resolveFrom(dir, m[1]);
        assert.ok(embedded, `${input} embeds ${m[1]}, which is installed`);
        add(embedded, bundle, host);
      }
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...found.values()]
    .map((p) => ({ ...p, bundles: p.bundles.sort(cmp), embeddedIn: p.embeddedIn.sort(cmp) }))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.version, b.version));
}

/** The licence file's text of a package folder (LICENSE, LICENCE, COPYING, any case and extension). */
export function licenseText(dir: string): string | undefined {
  const names = readdirSync(join(ROOT, dir))
    .filter((n) => /^(licen[cs]e|copying)([.-].*)?$/i.test(n))
    .sort();
  return names[0] === undefined
    ? undefined
    : readFileSync(join(ROOT, dir, names[0]), "utf8")
        .replace(/\r\n?/g, "\n")
        .trimEnd();
}
