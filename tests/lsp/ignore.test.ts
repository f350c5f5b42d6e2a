// .ismsignore in the language server: a file created later in an ignored folder is not read, and editing
// .ismsignore itself lets files in and out without a restart.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startClient, uriOf, watched, type Client } from "./client";

const dir = mkdtempSync(join(tmpdir(), "isms-ignore-"));
const VENDOR = join(dir, "vendor", "risks.yaml");
const BAD =
  "kind: risks\nrisks:\n  - { id: R-1, title: T, owner: ghost, likelihood: 1, impact: 1, treatment: avoid }\n";
let c: Client;

before(async () => {
  writeFileSync(join(dir, "roles.yaml"), "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: A }\n");
  writeFileSync(join(dir, ".ismsignore"), "# the tool's own checkout\nvendor/\n");
  c = await startClient(dir);
  await c.diagnosticsOf(uriOf(join(dir, "roles.yaml")));
});
after(() => c.shutdown());

test("a file created in an ignored folder gets no diagnostics; un-ignoring it brings them", async () => {
  mkdirSync(join(dir, "vendor"));
  writeFileSync(VENDOR, BAD);
  await watched(c, [{ path: VENDOR, type: 1 }]);
  await c.nextChange().catch(() => undefined);
  assert.deepEqual(c.diagnostics.get(uriOf(VENDOR)) ?? [], []);
  writeFileSync(join(dir, ".ismsignore"), "# nothing left out\n");
  await watched(c, [{ path: join(dir, ".ismsignore"), type: 2 }]);
  const ds = await c.diagnosticsOf(uriOf(VENDOR), (d) => d.some((x) => x.code === "unknown-role"));
  assert.equal(ds.find((x) => x.code === "unknown-role")?.range.start.line, 2);
  writeFileSync(join(dir, ".ismsignore"), "vendor/\n");
  await watched(c, [{ path: join(dir, ".ismsignore"), type: 2 }]);
  await c.diagnosticsOf(uriOf(VENDOR), (d) => d.length === 0);
});
