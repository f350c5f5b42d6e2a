// Bundles the CLI, the language server and the VS Code client with esbuild.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
};

await Promise.all([
  build({
    ...common,
    entryPoints: ["server/src/cli.ts"],
    outfile: "dist/cli.js",
    banner: { js: "#!/usr/bin/env node" },
  }),
  build({
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
  }),
  build({
    ...common,
    entryPoints: ["server/src/server.ts"],
    outfile: "dist/server.js",
    banner: { js: "#!/usr/bin/env node" },
  }),
]);
