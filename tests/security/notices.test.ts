// dist/THIRD-PARTY-NOTICES.md (written by npm run build, shipped in the .vsix) names every npm package
// whose code is in a bundle, with its declared licence and its licence file's text; every such licence is
// permissive. Reads the metafiles and dist/ only: builds nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { bundledPackages, licenseText, ROOT } from "./bundled";

const NOTICES = join(ROOT, "dist", "THIRD-PARTY-NOTICES.md");

/** Licences a bundle may carry: permissive, notice-only. */
const ALLOWED = new Set([
  "MIT",
  "ISC",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "Apache-2.0",
  "0BSD",
  "BlueOak-1.0.0",
  "Python-2.0",
]);

/** Whether an SPDX expression is satisfied by the allow-list: OR needs one side, AND (and WITH) both. */
function permitted(expr: string): boolean {
  const tokens = expr
    .replace(/[()]/g, (p) => ` ${p} `)
    .trim()
    .split(/\s+/);
  let i = 0;
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === "(") {
      const v = or();
      i++; // ")"
      return v;
    }
    if (tokens[i] === "WITH") {
      i += 2;
      return false; // a licence exception: look at it by hand
    }
    return ALLOWED.has(t);
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[i] === "AND") {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === "OR") {
      i++;
      v = and() || v;
    }
    return v;
  };
  const v = or();
  return v && i === tokens.length;
}

interface Section {
  heading: string;
  license?: string;
  bundles?: string[];
  text?: string;
}

/** The notice file's per-package sections: "## NAME VERSION", "Licence: X.", "In: ...", a fenced text. */
function sections(md: string): Map<string, Section> {
  const out = new Map<string, Section>();
  let current: Section | undefined;
  let fence: string | undefined;
  let body: string[] = [];
  for (const line of md.split("\n")) {
    if (fence !== undefined) {
      // Inside a licence text (which may hold "## " headings of its own) until the same fence closes it.
      if (line === fence) {
        if (current) current.text = body.join("\n");
        fence = undefined;
      } else body.push(line);
      continue;
    }
    const open = /^(`{3,})text$/.exec(line);
    if (open) {
      fence = open[1];
      body = [];
    } else if (line.startsWith("## ")) {
      current = { heading: line.slice(3) };
      out.set(current.heading, current);
    } else if (current && line.startsWith("Licence: ")) current.license = line.slice(9).replace(/\.$/, "");
    else if (current && line.startsWith("In: "))
      current.bundles = line.slice(4).replace(/\.$/, "").split(", ");
  }
  assert.equal(fence, undefined, "every licence text's fence is closed");
  return out;
}

test("every bundled package is in the third-party notices with its licence text, and nothing else is", () => {
  const packages = bundledPackages();
  assert.ok(packages.length > 0);
  const md = readFileSync(NOTICES, "utf8");
  const found = sections(md);
  const missing: string[] = [];
  for (const p of packages) {
    const s = found.get(`${p.name} ${p.version}`);
    if (!s) {
      missing.push(`${p.name} ${p.version}`);
      continue;
    }
    assert.equal(s.license, p.license, `${p.name}: the declared licence`);
    assert.deepEqual(s.bundles, p.bundles, `${p.name}: the bundles that hold it`);
    const text = licenseText(p.dir);
    assert.ok(text, `${p.name} ${p.version} (${p.dir}) has a LICENSE/LICENCE/COPYING file`);
    assert.ok((s.text ?? "").length > 0, `${p.name}: the notice carries a licence text`);
    assert.equal(s.text, text, `${p.name}: the notice carries the text of its licence file`);
  }
  assert.deepEqual(missing, [], "packages bundled but missing from the notices");
  const extra = [...found.keys()].filter((h) => !packages.some((p) => `${p.name} ${p.version}` === h));
  assert.deepEqual(extra, [], "packages in the notices but not bundled");
  console.log(
    "bundled packages and their licences:\n" +
      packages
        .map(
          (p) =>
            `  ${p.name}@${p.version}  ${p.license}  ${p.bundles.join(", ")}` +
            (p.embeddedIn.length > 0 ? `  (embedded in ${p.embeddedIn.join(", ")})` : ""),
        )
        .join("\n"),
  );
});

test("no bundled package has a licence outside the permissive allow-list", () => {
  const packages = bundledPackages();
  const byLicense = new Map<string, string[]>();
  for (const p of packages) byLicense.set(p.license, [...(byLicense.get(p.license) ?? []), p.name]);
  console.log(
    "licences found: " +
      [...byLicense]
        .sort()
        .map(([l, names]) => `${l} (${names.length}: ${names.join(", ")})`)
        .join("; "),
  );
  const refused = packages
    .filter((p) => !permitted(p.license))
    .map((p) => `${p.name}@${p.version}: ${p.license}`);
  assert.deepEqual(refused, [], `allowed: ${[...ALLOWED].join(", ")}`);
});

test("the licence allow-list reads SPDX expressions", () => {
  for (const ok of [
    "MIT",
    "(MIT OR GPL-3.0-only)",
    "Apache-2.0 AND MIT",
    "(BSD-3-Clause OR (GPL-2.0 AND MIT))",
  ])
    assert.ok(permitted(ok), ok);
  for (const bad of [
    "GPL-3.0-only",
    "MIT AND GPL-2.0",
    "UNKNOWN",
    "SEE LICENSE IN LICENSE",
    "GPL-2.0 WITH Classpath-exception-2.0",
  ])
    assert.ok(!permitted(bad), bad);
});

test("the notices are deterministic: generating them again from the metafiles gives the same bytes", async () => {
  const sbom = (await import(pathToFileURL(join(ROOT, "scripts", "sbom.mjs")).href)) as {
    bundledPackages(): unknown;
    noticesMarkdown(p: unknown, product: unknown): string;
  };
  const product: unknown = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const again = sbom.noticesMarkdown(sbom.bundledPackages(), product);
  assert.equal(again, readFileSync(NOTICES, "utf8"));
  assert.equal(sbom.noticesMarkdown(sbom.bundledPackages(), product), again);
});
