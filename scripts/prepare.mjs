// npm runs `prepare` after `npm install` / `npm ci` in this repository and when it installs the package
// from git (`npm install -g git+https://...`: it installs the devDependencies in its clone, runs this,
// then packs what .npmignore allows). It builds the bundles, which takes a few seconds and downloads
// nothing; where the build tools are not installed (a production install), it does nothing.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
try {
  require.resolve("esbuild");
} catch {
  console.log("prepare: esbuild is not installed; the bundles are not built");
  process.exit(0);
}
const r = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
process.exit(r.status ?? 1);
