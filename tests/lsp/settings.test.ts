// What the editor tells the server besides documents: workspace/didChangeConfiguration for `today` (pushed
// as Neovim, Helix and Emacs do, or pulled with workspace/configuration as VS Code does), and the
// workspace's trust (initializationOption `trusted`): in an untrusted folder the server runs no git.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DidChangeConfigurationNotification, type Diagnostic } from "vscode-languageserver-protocol/node";
import { CheckTextRequest, ReportRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, startClient, uriOf, type Client } from "./client";

const dirs: string[] = [];
const clients: Client[] = [];
after(async () => {
  for (const c of clients)
    if (c.proc.exitCode === null && c.proc.signalCode === null) await c.shutdown().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = copyOf(EXAMPLE);
  dirs.push(d);
  return d;
}
async function client(dir: string, opts: Parameters<typeof startClient>[1] = {}): Promise<Client> {
  const c = await startClient(dir, opts);
  clients.push(c);
  return c;
}

/** How many review-overdue findings the client holds, over all files. */
const overdue = (c: Client) =>
  [...c.diagnostics.values()].flat().filter((d: Diagnostic) => d.code === "review-overdue").length;

async function until(what: string, f: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("workspace/didChangeConfiguration: isms.today", () => {
  test("pushed settings move today: reviews fall overdue, and clearing it goes back", async () => {
    const c = await client(folder());
    await until("first diagnostics", () => overdue(c) > 0);
    const before = overdue(c);
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { isms: { today: "2031-01-01" } },
    });
    await until("more reviews overdue in 2031", () => overdue(c) > before);
    // Empty: the date the server had without the setting (here ISMS_TODAY).
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { isms: { today: "" } },
    });
    await until("back to today", () => overdue(c) === before);
    // Settings of other tools, a malformed date and a non-object change nothing.
    for (const settings of [{ yaml: { today: "2031-01-01" } }, { isms: { today: "01/01/2031" } }, [], null])
      await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(overdue(c), before);
  });

  test("pulled settings (VS Code): on a change without settings the server asks for section isms", async () => {
    let today = "";
    const c = await client(folder(), { configuration: () => ({ today, reportsFolder: "reports" }) });
    await until("first diagnostics", () => overdue(c) > 0);
    const before = overdue(c);
    today = "2031-01-01";
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await until("more reviews overdue in 2031", () => overdue(c) > before);
    const text = await c.conn.sendRequest(CheckTextRequest, {});
    assert.ok(text.text.split("\n").filter((l) => / {2}review-overdue {2}/.test(l)).length > before);
  });
});

describe("workspace trust", () => {
  const PRELOAD = join(__dirname, "..", "security", "no-network-preload.cjs");

  /** A git repository of the example, and a client with the spawn-recording preload. */
  async function inRepo(trusted: boolean | undefined) {
    const dir = folder();
    const git = (...args: string[]) =>
      spawnSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "A",
          GIT_AUTHOR_EMAIL: "a@x",
          GIT_COMMITTER_NAME: "A",
          GIT_COMMITTER_EMAIL: "a@x",
        },
      });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    assert.equal(git("commit", "-qm", "ISMS").status, 0);
    const log = join(tmpdir(), `isms-trust-${process.pid}-${String(trusted)}.jsonl`);
    writeFileSync(log, "");
    const c = await client(dir, {
      initializationOptions: trusted === undefined ? {} : { trusted },
      env: { NODE_OPTIONS: `--require ${PRELOAD}`, ISMS_NO_NETWORK_LOG: log },
    });
    const records = () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { kind: string; detail: unknown });
    const spawns = () => {
      assert.ok(
        records().some((r) => r.kind === "loaded"),
        "the preload runs in the server",
      );
      return records().filter((r) => r.kind === "spawn" || r.kind === "violation");
    };
    return { dir, c, spawns, done: () => rmSync(log, { force: true }) };
  }

  test("untrusted: diagnostics as ever; reports without a source commit; the change history refused; no git run", async () => {
    const { dir, c, spawns, done } = await inRepo(false);
    await c.diagnosticsOf(uriOf(join(dir, "risks", "people-and-suppliers.yaml")), (ds) =>
      ds.some((d) => d.code === "unknown-role"),
    );
    const md = await c.conn.sendRequest(ReportRequest, { type: "risk-register", format: "md" });
    assert.match(md.data, /^# Risk register/);
    assert.doesNotMatch(md.data, /\*\*Source:\*\*/);
    await assert.rejects(c.conn.sendRequest(ReportRequest, { type: "changes", format: "md" }), (e: Error) => {
      assert.match(
        e.message,
        /^Trust this folder to read its git history: in Restricted Mode isms runs no program/,
      );
      return true;
    });
    assert.deepEqual(spawns(), [], "no program ran, git included");
    done();
  });

  test("trusted (the default for editors without workspace trust): the same reports run git", async () => {
    const { c, spawns, done } = await inRepo(undefined);
    const md = await c.conn.sendRequest(ReportRequest, { type: "risk-register", format: "md" });
    assert.match(md.data, /\*\*Source:\*\* [0-9a-f]{7}/);
    const changes = await c.conn.sendRequest(ReportRequest, { type: "changes", format: "md" });
    assert.match(changes.data, /ISMS/);
    // The preload saw git run: its silence above is not blindness.
    assert.ok(spawns().length > 0 && spawns().every((s) => s.kind === "spawn"));
    done();
  });
});
