// Bundles the CLI, the language server and the VS Code client with esbuild.
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

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
