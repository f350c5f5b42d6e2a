// `npm run pack:cli`: the npm package `isms` (the CLI and the language server), from the built bundles.
// It is staged in its own folder with its own manifest (the repository's package.json is the VS Code
// extension's), holding only what runs: the two bundles and their third-party notices, the JSON Schemas,
// the rule pages, the templates, README and LICENSE. No dependencies: the bundles are self-contained.
// Writes out/npm/isms-VERSION.tgz (or into --out DIR) and prints its path.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");

/** The bundles as the package ships them, the files their bins name. */
export const BINS = { isms: "dist/cli.js", "isms-language-server": "dist/server.js" } as const;

/** What the package holds besides package.json (npm's `files` allow-list). */
export const FILES = [
  "dist/cli.js",
  "dist/server.js",
  "dist/THIRD-PARTY-NOTICES.md",
  "schemas/",
  "docs/rules/",
  "templates/",
  "lsp/isms.lua",
  "README.md",
  "LICENSE",
];

interface RootManifest {
  version: string;
  description: string;
  license: string;
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: unknown;
  keywords?: string[];
}

/** The package's own manifest, from the repository's. */
export function manifest(root: RootManifest): object {
  return {
    name: "isms",
    version: root.version,
    description:
      "Check an ISO/IEC 27001:2022 ISMS kept as YAML files: the isms CLI (check, report, init) for CI and the isms-language-server for any editor.",
    license: root.license,
    ...(root.repository ? { repository: root.repository } : {}),
    ...(root.homepage ? { homepage: root.homepage } : {}),
    ...(root.bugs ? { bugs: root.bugs } : {}),
    keywords: [
      ...new Set([...(root.keywords ?? []), "iso27001", "lint", "cli", "sarif", "language-server", "lsp"]),
    ],
    bin: BINS,
    // The bundles are built for node20 (scripts/build.mjs, esbuild's target).
    engines: { node: ">=20" },
    files: FILES,
  };
}

export function packCli(outDir = join(ROOT, "out", "npm")): {
  tarball: string;
  files: string[];
  size: number;
} {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as RootManifest;
  for (const f of [...Object.values(BINS), "dist/THIRD-PARTY-NOTICES.md"])
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first`);
  const stage = join(outDir, "stage");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "dist"), { recursive: true });
  for (const f of FILES) {
    const from = join(ROOT, f);
    if (f.startsWith("dist/")) {
      // Without the source map comment: the maps are not shipped.
      const text = readFileSync(from, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
      writeFileSync(join(stage, f), text);
      if (Object.values(BINS).includes(f as never)) {
        if (!text.startsWith("#!/usr/bin/env node\n"))
          throw new Error(`${f} has no #!/usr/bin/env node line`);
        chmodSync(join(stage, f), 0o755);
      }
    } else cpSync(from, join(stage, f), { recursive: true });
  }
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest(root), null, 2) + "\n");
  mkdirSync(outDir, { recursive: true });
  // One tarball in the folder (the Dockerfile copies out/npm/isms-*.tgz).
  for (const name of readdirSync(outDir)) if (/^isms-.*\.tgz$/.test(name)) rmSync(join(outDir, name));
  const r = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", outDir], {
    cwd: stage,
    encoding: "utf8",
    // Offline: packing reads nothing from a registry.
    env: { ...process.env, npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false" },
  });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string; size: number; files: { path: string }[] }[];
  return {
    tarball: join(outDir, info.filename),
    files: info.files.map((f) => f.path).sort(),
    size: info.size,
  };
}

if (require.main === module) {
  const i = process.argv.indexOf("--out");
  const out = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  const { tarball, files, size } = packCli(out);
  process.stdout.write(`${tarball}\n${files.length} files, ${(size / 1024).toFixed(0)} KiB\n`);
}
