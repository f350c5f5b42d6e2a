// "ISMS: Build Audit Pack..." as the server answers it over stdio: the tags to choose from, the pack of a
// tag written as a ZIP file into the reports folder (intact by verify, as of the tag's commit day), a
// pack changed by hand not replaced without force, and nothing built or listed in Restricted Mode.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { AuditPackTagsRequest, BuildAuditPackRequest } from "../../server/src/protocol";
import { readZip } from "../../server/src/pack/zip";
import { verifyPack } from "../../server/src/pack/verify";
import { EXAMPLE, startClient, type Client } from "./client";

let dir: string;
let c: Client;

function git(...args: string[]) {
  const r = spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "Officer",
      GIT_AUTHOR_EMAIL: "iso@example.invalid",
      GIT_COMMITTER_NAME: "Officer",
      GIT_COMMITTER_EMAIL: "iso@example.invalid",
      GIT_AUTHOR_DATE: "2026-09-01T08:00:00Z",
      GIT_COMMITTER_DATE: args.includes("second") ? "2026-10-05T08:00:00Z" : "2026-09-01T08:00:00Z",
    },
  });
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "isms-lsp-pack-"));
  cpSync(EXAMPLE, dir, { recursive: true });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "first");
  git("tag", "stage-1");
  writeFileSync(join(dir, "roles.yaml"), readFileSync(join(dir, "roles.yaml"), "utf8") + "\n# reviewed\n");
  git("commit", "-qam", "second");
  git("tag", "-a", "stage-2", "-m", "stage 2 audit");
  c = await startClient(dir);
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

describe("Build Audit Pack over LSP", () => {
  test("the tags to choose from, newest first", async () => {
    const tags = await c.conn.sendRequest(AuditPackTagsRequest, {});
    assert.deepEqual(
      tags.map((t) => [t.tag, t.date]),
      [
        ["stage-2", "2026-10-05T08:00:00Z"],
        ["stage-1", "2026-09-01T08:00:00Z"],
      ],
    );
    assert.match(tags[0].short, /^[0-9a-f]{7}$/);
  });

  test("the pack of a tag is written into the reports folder, intact, as of the tag's day", async () => {
    const r = await c.conn.sendRequest(BuildAuditPackRequest, { ref: "stage-1", folder: "out/reports" });
    assert.equal(r.reason, undefined);
    assert.equal(r.written, true);
    const path = fileURLToPath(r.uri!);
    assert.equal(path, join(dir, "out", "reports", "audit-pack-stage-1.zip"));
    const check = verifyPack(path);
    assert.deepEqual([check.problem, check.changed, check.added, check.missing], [undefined, [], [], []]);
    assert.equal(r.manifestSha256, check.manifestSha256);
    assert.equal(r.missing, 1, "procedures/incident-response.md, the example's planted gap");
    const z = readZip(readFileSync(path));
    assert.ok(z.ok);
    const m = JSON.parse(z.files.get("manifest.json")!.toString("utf8")) as { ref: string; today: string };
    assert.deepEqual([m.ref, m.today], ["stage-1", "2026-09-01"]);
    assert.equal(r.files, JSON.parse(z.files.get("manifest.json")!.toString("utf8")).files.length);
    // The tag's roles.yaml, not the one committed after it.
    assert.doesNotMatch(z.files.get("records/roles.yaml")!.toString("utf8"), /# reviewed/);
  });

  test("a pack changed by hand is replaced only with force; a reports folder leaving the workspace is refused", async () => {
    const path = join(dir, "out", "reports", "audit-pack-stage-1.zip");
    writeFileSync(path, "edited\n");
    const r = await c.conn.sendRequest(BuildAuditPackRequest, { ref: "stage-1", folder: "out/reports" });
    assert.equal(r.written, false);
    assert.equal(r.forceable, true);
    assert.match(r.reason!, /was changed since isms wrote it/);
    assert.equal(readFileSync(path, "utf8"), "edited\n");
    const forced = await c.conn.sendRequest(BuildAuditPackRequest, {
      ref: "stage-1",
      folder: "out/reports",
      force: true,
    });
    assert.equal(forced.written, true);
    const outside = mkdtempSync(join(tmpdir(), "isms-lsp-pack-outside-"));
    symlinkSync(outside, join(dir, "linked"));
    const linked = await c.conn.sendRequest(BuildAuditPackRequest, { ref: "stage-1", folder: "linked" });
    assert.equal(linked.written, false);
    assert.match(linked.reason!, /symbolic link/);
    assert.equal(existsSync(join(outside, "audit-pack-stage-1.zip")), false);
    const up = await c.conn.sendRequest(BuildAuditPackRequest, { ref: "stage-1", folder: "../up" });
    assert.equal(up.written, false);
    assert.match(up.reason!, /outside/);
    const unknown = await c.conn.sendRequest(BuildAuditPackRequest, { ref: "stage-3", folder: "reports" });
    assert.equal(unknown.written, false);
    assert.match(unknown.reason!, /no tag or commit 'stage-3'/);
    rmSync(outside, { recursive: true, force: true });
  });

  test("a request without params builds the working tree into reports/", async () => {
    const r = await c.conn.sendRequest(BuildAuditPackRequest, null as never);
    assert.equal(r.written, true, r.reason);
    const path = join(dir, "reports", "audit-pack-working-tree.zip");
    assert.equal(fileURLToPath(r.uri!), path);
    const z = readZip(readFileSync(path));
    assert.ok(z.ok);
    const m = JSON.parse(z.files.get("manifest.json")!.toString("utf8")) as { ref: null; today: string };
    assert.deepEqual([m.ref, m.today], [null, "2026-11-29"]);
    // The working tree's roles.yaml: the one committed second.
    assert.match(z.files.get("records/roles.yaml")!.toString("utf8"), /# reviewed/);
  });

  test("in Restricted Mode nothing is listed or built", async () => {
    const untrusted = await startClient(dir, { initializationOptions: { trusted: false } });
    try {
      assert.deepEqual(await untrusted.conn.sendRequest(AuditPackTagsRequest, {}), []);
      const r = await untrusted.conn.sendRequest(BuildAuditPackRequest, {
        ref: "stage-2",
        folder: "restricted",
      });
      assert.equal(r.written, false);
      assert.match(r.reason!, /Restricted Mode/);
      assert.equal(existsSync(join(dir, "restricted")), false);
    } finally {
      await untrusted.shutdown();
    }
  });
});
