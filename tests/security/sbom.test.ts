// scripts/sbom.mjs OUT writes a CycloneDX SBOM of what the bundles ship (npm run package puts it beside
// the .vsix): exactly the packages the metafiles show, with npm's metadata. Runs npm sbom (offline).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { bundledPackages, ROOT } from "./bundled";

interface Component {
  "bom-ref": string;
  name: string;
  version: string;
  purl: string;
  scope: string;
  hashes?: { alg: string; content: string }[];
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
}
interface Bom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { component: { name: string; version: string; "bom-ref": string; type: string } };
  components: Component[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

const dir = mkdtempSync(join(tmpdir(), "isms-sbom-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function sbom(out: string, ...args: string[]): Bom {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "sbom.mjs"), out, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SOURCE_DATE_EPOCH: "1798761600" },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(out, "utf8")) as Bom;
}

const product = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

test("the SBOM lists exactly the bundled packages, with purl, SHA-512, licence and the bundles holding each", () => {
  const bom = sbom(join(dir, "all.cdx.json"));
  assert.equal(bom.bomFormat, "CycloneDX");
  assert.equal(bom.specVersion, "1.5");
  assert.match(
    bom.serialNumber,
    /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(bom.metadata.component.name, product.name);
  assert.equal(bom.metadata.component.version, product.version);
  assert.equal(bom.metadata.component.type, "application");
  const packages = bundledPackages();
  assert.deepEqual(
    bom.components.map((c) => `${c.name}@${c.version}`).sort(),
    packages.map((p) => `${p.name}@${p.version}`).sort(),
  );
  for (const c of bom.components) {
    const p = packages.find((x) => x.name === c.name && x.version === c.version)!;
    assert.equal(c.purl, `pkg:npm/${c.name.replace("@", "%40")}@${c.version}`);
    assert.equal(c.scope, "required");
    assert.ok(
      c.hashes?.some((h) => h.alg === "SHA-512" && /^[0-9a-f]{128}$/.test(h.content)),
      `${c.name}: SHA-512`,
    );
    assert.ok((c.licenses ?? []).length > 0, `${c.name}: licence`);
    const props = c.properties ?? [];
    assert.ok(
      !props.some((x) => x.name === "cdx:npm:package:development"),
      `${c.name}: shipped, so not marked dev`,
    );
    assert.deepEqual(
      props.filter((x) => x.name === "isms:bundle").map((x) => x.value),
      p.bundles,
      `${c.name}: its bundles`,
    );
    assert.deepEqual(
      props.filter((x) => x.name === "isms:embedded-in").map((x) => x.value),
      p.embeddedIn,
    );
  }
  // The dependency graph is closed over what ships and rooted at isms.
  const refs = new Set([bom.metadata.component["bom-ref"], ...bom.components.map((c) => c["bom-ref"])]);
  for (const d of bom.dependencies) {
    assert.ok(refs.has(d.ref), d.ref);
    for (const x of d.dependsOn) assert.ok(refs.has(x), `${d.ref} -> ${x}`);
  }
  const root = bom.dependencies.find((d) => d.ref === bom.metadata.component["bom-ref"]);
  assert.ok(root && root.dependsOn.length > 0, "isms depends on its direct packages");
  console.log(
    `SBOM: ${bom.components.length} components: ${bom.components.map((c) => c["bom-ref"]).join(", ")}`,
  );
});

test("an SBOM of one bundle (the CLI's npm tarball) holds that bundle's packages only; the same input gives the same bytes", () => {
  const a = join(dir, "cli-a.cdx.json");
  const b = join(dir, "cli-b.cdx.json");
  const bom = sbom(a, "--bundle", "dist/cli.js");
  sbom(b, "--bundle", "dist/cli.js");
  assert.deepEqual(
    bom.components.map((c) => `${c.name}@${c.version}`).sort(),
    bundledPackages(["dist/cli.js"])
      .map((p) => `${p.name}@${p.version}`)
      .sort(),
  );
  assert.ok(
    !bom.components.some((c) => c.name === "vscode-languageclient"),
    "the extension's client is not in the CLI",
  );
  assert.equal(readFileSync(a, "utf8"), readFileSync(b, "utf8"));
});

test("npm sbom --omit dev alone would list nothing: every shipped package is a bundled devDependency", () => {
  const r = spawnSync("npm", ["sbom", "--sbom-format", "cyclonedx", "--omit", "dev"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const bom = JSON.parse(r.stdout) as Bom;
  assert.deepEqual(bom.components ?? [], []);
});
