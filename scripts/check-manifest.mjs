// Checks that package.json is a manifest the VS Code Marketplace and Open VSX take (`npm run package`
// runs it first): publisher, name, version, licence with its LICENSE file, repository, icon (a PNG of at
// least 128x128 that the .vsix ships), gallery banner, engines, and the workspace-trust and
// virtual-workspace declarations.
//
//   node scripts/check-manifest.mjs [--publish]
//
// A placeholder (a repository on an example or .invalid host) is a warning for a local .vsix and an
// error with --publish.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The problems of a manifest: errors (not publishable, not packaged) and warnings (placeholders). */
export function checkManifest(pkg, root = ROOT, { publish = false } = {}) {
  const errors = [];
  const warnings = [];
  const placeholder = (what, value) =>
    (publish ? errors : warnings).push(
      `${what} is a placeholder (${value}): set the real one before publishing`,
    );
  const str = (v) => typeof v === "string" && v.trim() !== "";

  if (!str(pkg.publisher) || !/^[a-z0-9][a-z0-9-]*$/i.test(pkg.publisher))
    errors.push("publisher: letters, digits and '-' (the Open VSX namespace)");
  if (!str(pkg.name) || !/^[a-z0-9][a-z0-9-]*$/.test(pkg.name))
    errors.push("name: lower case, digits and '-'");
  if (!str(pkg.version) || !/^\d+\.\d+\.\d+$/.test(pkg.version))
    errors.push("version: MAJOR.MINOR.PATCH (no pre-release tag: the Marketplace refuses them)");
  if (!str(pkg.displayName)) errors.push("displayName is missing");
  if (!str(pkg.description)) errors.push("description is missing");
  if (!pkg.engines || !str(pkg.engines.vscode)) errors.push("engines.vscode is missing");

  if (!str(pkg.license)) errors.push("license is missing (an SPDX id)");
  else if (!existsSync(join(root, "LICENSE")) && !existsSync(join(root, "LICENSE.md")))
    errors.push("license: no LICENSE file to ship with it");

  const repo = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  if (!str(repo)) errors.push("repository is missing");
  else if (!/^(git\+)?https:\/\/[^/]+\/.+/.test(repo)) errors.push(`repository: an https URL (${repo})`);
  else if (/^(git\+)?https:\/\/([^/]*\.)?(invalid|example|test|localhost)(\.[^/]*)?(\/|$)/.test(repo))
    placeholder("repository", repo);

  if (!str(pkg.icon)) errors.push("icon is missing");
  else {
    const icon = join(root, pkg.icon);
    if (!existsSync(icon)) errors.push(`icon: ${pkg.icon} does not exist`);
    else {
      const png = readFileSync(icon);
      if (png.length < 24 || png.toString("latin1", 1, 4) !== "PNG")
        errors.push(`icon: ${pkg.icon} is not a PNG (the Marketplace takes no SVG icon)`);
      else if (png.readUInt32BE(16) < 128 || png.readUInt32BE(20) < 128)
        errors.push(`icon: ${pkg.icon} is ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}, at least 128x128`);
    }
  }

  const banner = pkg.galleryBanner;
  if (!banner || !/^#[0-9a-f]{6}$/i.test(banner.color ?? "") || !["dark", "light"].includes(banner.theme))
    errors.push('galleryBanner: { "color": "#rrggbb", "theme": "dark" | "light" }');

  const trust = pkg.capabilities?.untrustedWorkspaces;
  if (!trust || !["limited", true, false].includes(trust.supported))
    errors.push("capabilities.untrustedWorkspaces.supported is missing");
  else if (trust.supported !== true && !str(trust.description))
    errors.push("capabilities.untrustedWorkspaces.description: say what Restricted Mode limits");
  const virtual = pkg.capabilities?.virtualWorkspaces;
  if (virtual === undefined) errors.push("capabilities.virtualWorkspaces is missing");
  else if (typeof virtual === "object" && virtual.supported !== true && !str(virtual.description))
    errors.push("capabilities.virtualWorkspaces.description: say why");

  return { errors, warnings };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const { errors, warnings } = checkManifest(pkg, ROOT, { publish: process.argv.includes("--publish") });
  for (const w of warnings) console.warn(`package.json: warning: ${w}`);
  for (const e of errors) console.error(`package.json: ${e}`);
  if (errors.length) process.exit(1);
  console.log(
    warnings.length
      ? `package.json: ${pkg.publisher}.${pkg.name} ${pkg.version} packages; fix the warnings before publishing`
      : `package.json: ${pkg.publisher}.${pkg.name} ${pkg.version} is a manifest Open VSX takes`,
  );
}
