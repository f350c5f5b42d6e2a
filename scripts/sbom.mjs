// What the bundles ship: the npm packages whose code esbuild put into dist/cli.js, dist/server.js and
// dist/extension.js (read from the metafiles scripts/build.mjs writes to dist/meta/), their licences as a
// third-party notice file, and a CycloneDX SBOM of them.
//
//   node scripts/sbom.mjs OUT.cdx.json [--bundle dist/cli.js ...]   (default: the three bundles)
//
// Every package the bundles use is a devDependency (esbuild inlines them), so `npm sbom --omit dev`
// lists nothing, and a plain `npm sbom` lists the whole toolchain (eslint, vsce, tsx...), which ships in
// none of them. The SBOM here holds exactly the packages the metafiles show with bytes in a bundle, plus
// the packages a bundled package had already inlined into its own dist (docx ships nanoid and fflate
// inside dist/index.mjs: its `// node_modules/NAME/...` region markers name them); npm sbom supplies
// their metadata (purl, SHA-512 from the lockfile, licences), and each component says which bundle
// holds it.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLES = ["dist/cli.js", "dist/server.js", "dist/extension.js"];
/** The metafile of a bundle: dist/cli.js -> dist/meta/cli.json. */
export const metafileOf = (bundle) => bundle.replace(/^dist\/(.*)\.js$/, "dist/meta/$1.json");

const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The package an input path lies in: its name and folder (the last node_modules/NAME or @scope/NAME). */
export function packageOfInput(input) {
  const m = /^(.*?node_modules\/((?:@[^/]+\/)?[^/]+))\/(?!.*node_modules\/)/.exec(input);
  return m ? { name: m[2], dir: m[1] } : undefined;
}

/** The package.json `license` (or old-style `licenses`) as an SPDX expression. */
export function licenseOf(pkg) {
  const one = (l) => (typeof l === "string" ? l : l && typeof l.type === "string" ? l.type : undefined);
  if (pkg.license !== undefined) return one(pkg.license) ?? "UNKNOWN";
  if (Array.isArray(pkg.licenses) && pkg.licenses.length > 0) {
    const all = pkg.licenses.map(one).filter(Boolean);
    return all.length > 1 ? `(${all.join(" OR ")})` : (all[0] ?? "UNKNOWN");
  }
  return "UNKNOWN";
}

/** The licence file of a package folder: LICENSE, LICENCE, COPYING (any case, any extension). */
export function licenseFileOf(dir) {
  const names = readdirSync(join(ROOT, dir))
    .filter((n) => /^(licen[cs]e|copying)([.-].*)?$/i.test(n))
    .sort(byString);
  return names[0];
}

/** The folder of package `name` as node would find it from inside `fromDir` (both relative to ROOT). */
function installedFrom(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = dir === "." ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (existsSync(join(ROOT, candidate, "package.json"))) return candidate;
    if (dir === "." || dir === "/" || dir === "") return undefined;
  }
}

const EMBEDDED = /^\/\/ (?:\\0)?node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\//gm;

/**
 * The packages whose code is in the given bundles, sorted by name and version: for each its name,
 * version, folder, licence (SPDX expression), licence file and text, repository, the bundles that hold
 * it, and for a package inlined in another package's dist, the package that embeds it.
 */
export function bundledPackages(bundles = BUNDLES) {
  const found = new Map();
  const add = (dir, bundle, embeddedIn) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));
    const key = `${pkg.name}@${pkg.version}`;
    let entry = found.get(key);
    if (!entry) {
      const licenseFile = licenseFileOf(dir);
      entry = {
        name: pkg.name,
        version: pkg.version,
        dir,
        license: licenseOf(pkg),
        licenseFile: licenseFile ? `${dir}/${licenseFile}` : undefined,
        licenseText: licenseFile
          ? readFileSync(join(ROOT, dir, licenseFile), "utf8")
              .replace(/\r\n?/g, "\n")
              .trimEnd()
          : undefined,
        repository: typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url,
        bundles: new Set(),
        embeddedIn: new Set(),
      };
      found.set(key, entry);
    }
    entry.bundles.add(bundle);
    if (embeddedIn) entry.embeddedIn.add(embeddedIn);
    return key;
  };
  for (const bundle of bundles) {
    const meta = JSON.parse(readFileSync(join(ROOT, metafileOf(bundle)), "utf8"));
    const output = meta.outputs[bundle];
    if (!output) throw new Error(`${metafileOf(bundle)} has no output ${bundle}`);
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const owner = packageOfInput(input);
      if (!owner || bytesInOutput === 0) continue;
      const host = add(owner.dir, bundle);
      // Packages the owner had already bundled into this file of its own dist.
      const text = readFileSync(join(ROOT, input), "utf8");
      for (const [, name] of text.matchAll(EMBEDDED)) {
        if (name === owner.name) continue;
        const dir = installedFrom(owner.dir, name);
        if (!dir) throw new Error(`${input} embeds ${name}, which is not installed: cannot list its licence`);
        add(dir, bundle, host);
      }
    }
  }
  return [...found.values()].sort((a, b) => byString(a.name, b.name) || byString(a.version, b.version));
}

const shortBundle = (b) => b.replace(/^dist\//, "");

/** dist/THIRD-PARTY-NOTICES.md: the same bytes for the same packages. */
export function noticesMarkdown(packages, product) {
  const lines = [
    "# Third-party notices",
    "",
    `${product.name} ${product.version} ships the bundles ${BUNDLES.join(", ")}. Besides its own code (licence: ` +
      `${product.license}), they contain the code of the npm packages below, each under its own licence, ` +
      "reproduced here. Generated by scripts/build.mjs from esbuild's metafiles.",
    "",
    "| package | version | licence | in |",
    "|---|---|---|---|",
  ];
  for (const p of packages)
    lines.push(
      `| ${p.name} | ${p.version} | ${p.license} | ${[...p.bundles].map(shortBundle).sort(byString).join(", ")} |`,
    );
  for (const p of packages) {
    lines.push("", `## ${p.name} ${p.version}`, "");
    lines.push(`Licence: ${p.license}.`);
    lines.push(`In: ${[...p.bundles].sort(byString).join(", ")}.`);
    if (p.embeddedIn.size > 0)
      lines.push(
        `Embedded in the dist of: ${[...p.embeddedIn].sort(byString).join(", ")} (version as installed).`,
      );
    if (p.repository) lines.push(`Source: ${p.repository}`);
    lines.push("");
    if (p.licenseText) {
      const longest = Math.max(2, ...[...p.licenseText.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = "`".repeat(longest + 1);
      lines.push(`${fence}text`, p.licenseText, fence);
    } else {
      lines.push(`NO LICENCE FILE in ${p.dir}: only the declared licence above is known.`);
    }
  }
  return lines.join("\n") + "\n";
}

/** A CycloneDX 1.5 SBOM of the bundled packages, from npm sbom's metadata of the installed tree. */
export function cyclonedx(packages, bundles) {
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath]]
    : [process.platform === "win32" ? "npm.cmd" : "npm", []];
  const r = spawnSync(
    npm[0],
    [...npm[1], "sbom", "--sbom-format", "cyclonedx", "--sbom-type", "application"],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(`npm sbom failed: ${r.stderr}`);
  const full = JSON.parse(r.stdout);
  const product = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const rootRef = `${product.name}@${product.version}`;
  const wanted = new Map(packages.map((p) => [`${p.name}@${p.version}`, p]));
  const components = [];
  for (const c of full.components ?? []) {
    const p = wanted.get(`${c.name}@${c.version}`);
    if (!p || components.some((k) => k["bom-ref"] === c["bom-ref"])) continue;
    const properties = (c.properties ?? []).filter(
      // npm's view of the install (a devDependency, where it sits in node_modules) is not what ships.
      (x) => x.name !== "cdx:npm:package:development" && x.name !== "cdx:npm:package:path",
    );
    for (const b of [...p.bundles].sort(byString)) properties.push({ name: "isms:bundle", value: b });
    for (const e of [...p.embeddedIn].sort(byString)) properties.push({ name: "isms:embedded-in", value: e });
    components.push({ ...c, scope: "required", properties });
  }
  const missing = [...wanted.keys()].filter((k) => !components.some((c) => `${c.name}@${c.version}` === k));
  if (missing.length > 0) throw new Error(`npm sbom does not list ${missing.join(", ")}`);
  components.sort((a, b) => byString(a["bom-ref"], b["bom-ref"]));
  const kept = new Set(components.map((c) => c["bom-ref"]));
  const dependencies = [];
  const dependedOn = new Set();
  for (const d of full.dependencies ?? []) {
    if (!kept.has(d.ref)) continue;
    const dependsOn = (d.dependsOn ?? []).filter((x) => kept.has(x)).sort(byString);
    dependsOn.forEach((x) => dependedOn.add(x));
    dependencies.push({ ref: d.ref, dependsOn });
  }
  for (const c of components)
    for (const e of wanted.get(`${c.name}@${c.version}`).embeddedIn) {
      const host = dependencies.find((d) => d.ref === e);
      if (host && !host.dependsOn.includes(c["bom-ref"]))
        host.dependsOn = [...host.dependsOn, c["bom-ref"]].sort(byString);
      dependedOn.add(c["bom-ref"]);
    }
  dependencies.unshift({
    ref: rootRef,
    dependsOn: [...kept].filter((k) => !dependedOn.has(k)).sort(byString),
  });
  dependencies.sort((a, b) => (a.ref === rootRef ? -1 : b.ref === rootRef ? 1 : byString(a.ref, b.ref)));
  const component = {
    ...full.metadata.component,
    "bom-ref": rootRef,
    name: product.name,
    version: product.version,
    purl: `pkg:npm/${product.name}@${product.version}`,
  };
  const bom = {
    $schema: full.$schema,
    bomFormat: "CycloneDX",
    specVersion: full.specVersion,
    serialNumber: "",
    version: 1,
    metadata: {
      timestamp: process.env.SOURCE_DATE_EPOCH
        ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000).toISOString()
        : new Date().toISOString(),
      lifecycles: [{ phase: "build" }],
      tools: full.metadata.tools,
      component,
      properties: [
        {
          name: "isms:sbom-scope",
          value: `the npm packages whose code esbuild put into ${bundles.join(", ")} (esbuild metafiles), with packages their own dists embed`,
        },
      ],
    },
    components,
    dependencies,
  };
  // The same components give the same serial number (a name-based UUID of the content).
  const h = createHash("sha256")
    .update(JSON.stringify({ ...bom, metadata: { ...bom.metadata, timestamp: "" } }))
    .digest("hex");
  bom.serialNumber = `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return bom;
}

function main(argv) {
  const bundles = [];
  let out;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--bundle") bundles.push(argv[++i]);
    else if (!out) out = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (!out) {
    console.error("usage: node scripts/sbom.mjs OUT.cdx.json [--bundle dist/cli.js ...]");
    process.exit(2);
  }
  const chosen = bundles.length > 0 ? bundles : BUNDLES;
  const bom = cyclonedx(bundledPackages(chosen), chosen);
  writeFileSync(resolve(out), JSON.stringify(bom, null, 2) + "\n");
  console.log(
    `${out}: CycloneDX ${bom.specVersion}, ${bom.components.length} components (${chosen.join(", ")})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2));
