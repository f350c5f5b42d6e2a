// A client that cannot watch files for the server (no dynamic registration of
// workspace/didChangeWatchedFiles: Helix, Neovim 0.7) and reports only its own edits: the server
// watches the workspace folders itself (node:fs.watch, debounced), so a file changed, created or
// deleted on disk by another program (a `git pull`) updates the diagnostics of every file it affects.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { Diagnostic } from "vscode-languageserver-protocol/node";
import { converge, copyOf, EXAMPLE, freshCheck, startClient, uriOf, type Client } from "./client";

/** How long a change on disk may take to reach the diagnostics (the debounce is 50 ms). */
const BOUND_MS = 3000;

const dirs: string[] = [];
const clients: Client[] = [];
after(async () => {
  for (const c of clients)
    if (c.proc.exitCode === null && c.proc.signalCode === null) await c.shutdown().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function setUp(watchedFiles: boolean): Promise<{ dir: string; c: Client }> {
  const dir = copyOf(EXAMPLE);
  dirs.push(dir);
  const c = await startClient(dir, { watchedFiles });
  clients.push(c);
  return { dir, c };
}

const ownerFinding = (ds: Diagnostic[]) =>
  ds.some((d) => d.code === "unknown-role" && String(d.message).includes("'devops-lead'"));

/** Adds the role devops-lead at the top of roles.yaml's list, on disk. */
function addRole(dir: string): void {
  const path = join(dir, "roles.yaml");
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes("\nroles:\n"));
  writeFileSync(
    path,
    text.replace(
      "\nroles:\n",
      "\nroles:\n  - id: devops-lead\n    title: DevOps Lead\n    holder: Sam Lee\n\n",
    ),
  );
}

/** Resolves with the ms until the diagnostics of `uri` match; fails after BOUND_MS. */
async function within(c: Client, uri: string, pred: (d: Diagnostic[]) => boolean): Promise<number> {
  const start = Date.now();
  await c.diagnosticsOf(uri, pred, BOUND_MS);
  return Date.now() - start;
}

describe("without watched-file support the server watches the workspace itself", () => {
  test("a role added on disk to roles.yaml clears the unknown-role of a risk in another file", async () => {
    const { dir, c } = await setUp(false);
    const risks = uriOf(join(dir, "risks", "people-and-suppliers.yaml"));
    await c.diagnosticsOf(risks, ownerFinding);
    addRole(dir);
    const took = await within(c, risks, (ds) => !ownerFinding(ds));
    assert.ok(took < BOUND_MS, `${took} ms`);
    // Everything the server shows is what a fresh `isms check` of the folder says now.
    await converge(c, freshCheck([dir]), BOUND_MS);
  });

  test("a new folder with a file, a deleted file and a rewritten file (a checkout) are all followed", async () => {
    const { dir, c } = await setUp(false);
    // A folder created after the start, with a file in it written at once (as git does).
    const extra = join(dir, "risks", "2027");
    mkdirSync(extra);
    const added = join(extra, "new.yaml");
    writeFileSync(
      added,
      "kind: risks\nrisks:\n  - id: R-900\n    title: A risk nobody owns\n    owner: nobody-here\n    likelihood: 2\n    impact: 2\n    treatment: accept\n    reviewed: 2026-11-01\n",
    );
    await within(c, uriOf(added), (ds) =>
      ds.some((d) => d.code === "unknown-role" && String(d.message).includes("'nobody-here'")),
    );
    // A later file in the new folder: the folder itself is watched now.
    const later = join(extra, "later.yaml");
    writeFileSync(later, readFileSync(added, "utf8").replace("R-900", "R-901"));
    await within(c, uriOf(later), (ds) => ds.some((d) => d.code === "unknown-role"));
    // Deleted: its diagnostics are cleared.
    rmSync(added);
    await within(c, uriOf(added), (ds) => ds.length === 0);
    // Rewritten in place: the risk's owner fixed.
    const risks = join(dir, "risks", "people-and-suppliers.yaml");
    writeFileSync(risks, readFileSync(risks, "utf8").replace("owner: devops-lead", "owner: dev-lead"));
    await within(c, uriOf(risks), (ds) => !ownerFinding(ds));
    await converge(c, freshCheck([dir]), BOUND_MS);
  });

  test("files under node_modules and .git are not read, as `isms check` skips them", async () => {
    const { dir, c } = await setUp(false);
    for (const skipped of ["node_modules", ".git"]) {
      mkdirSync(join(dir, skipped, "pkg"), { recursive: true });
      writeFileSync(
        join(dir, skipped, "pkg", "risks.yaml"),
        "kind: risks\nrisks:\n  - id: R-1\n    owner: x\n",
      );
    }
    // A change that is seen, after the skipped ones: when it arrives, those had their chance.
    addRole(dir);
    await within(c, uriOf(join(dir, "risks", "people-and-suppliers.yaml")), (ds) => !ownerFinding(ds));
    await new Promise((r) => setTimeout(r, 200));
    for (const skipped of ["node_modules", ".git"])
      assert.equal(c.diagnostics.get(uriOf(join(dir, skipped, "pkg", "risks.yaml"))), undefined);
  });
});

test("a client that watches files (dynamic registration) gets no second watcher from the server", async () => {
  const { dir, c } = await setUp(true);
  const risks = uriOf(join(dir, "risks", "people-and-suppliers.yaml"));
  await c.diagnosticsOf(risks, ownerFinding);
  // The client watches and would send workspace/didChangeWatchedFiles; this one does not, so the server,
  // which relies on it, does not see the change by itself.
  addRole(dir);
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(ownerFinding(c.diagnostics.get(risks) ?? []));
});
