// Bundles the CLI, the language server and the VS Code client with esbuild, keeps each bundle's metafile
// (dist/meta/*.json: which input files, from which packages, ended up in it), and writes
// dist/THIRD-PARTY-NOTICES.md: every npm package whose code is in a bundle, with its licence text.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { build } from "esbuild";
import { bundledPackages, metafileOf, noticesMarkdown } from "./sbom.mjs";

// yaml's parser reads process.env.LOG_TOKENS (a debugging switch) once per token, and a process.env read
// goes into C++: about 15% of parse time. The bundles ship without that read; behaviour is unchanged.
const PARSER = /[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/;
const quietYaml = {
  name: "quiet-yaml",
  setup(b) {
    b.onLoad({ filter: PARSER }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const patched = source.replace("if (node_process.env.LOG_TOKENS)", "if (false)");
      if (patched === source) throw new Error(`quiet-yaml: the LOG_TOKENS read moved in ${args.path}`);
      return { contents: patched, loader: "js" };
    });
  },
};

const common = {
  bundle: true,
  plugins: [quietYaml],
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  metafile: true,
};

const bundles = [
  {
    ...common,
    entryPoints: ["server/src/cli.ts"],
    outfile: "dist/cli.js",
    banner: { js: "#!/usr/bin/env node" },
  },
  {
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
  },
  {
    ...common,
    entryPoints: ["server/src/server.ts"],
    outfile: "dist/server.js",
    banner: { js: "#!/usr/bin/env node" },
  },
];
const results = await Promise.all(bundles.map((b) => build(b)));

await mkdir("dist/meta", { recursive: true });
await Promise.all(
  results.map((r, i) =>
    writeFile(metafileOf(bundles[i].outfile), JSON.stringify(r.metafile, null, 1) + "\n"),
  ),
);
const product = JSON.parse(await readFile("package.json", "utf8"));
await writeFile("dist/THIRD-PARTY-NOTICES.md", noticesMarkdown(bundledPackages(), product));
