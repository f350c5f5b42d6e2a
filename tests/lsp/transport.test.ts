// The other transport (node IPC, what the VS Code client uses) and the first scan's progress report.
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  WorkDoneProgressCreateRequest,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { EXAMPLE, SERVER, TODAY, uriOf } from "./client";

async function run(
  folder: string,
  onReady: (received: PublishDiagnosticsParams[], progress: string[]) => boolean,
) {
  const proc = fork(SERVER, ["--node-ipc"], { env: { ...process.env, ISMS_TODAY: TODAY }, silent: true });
  const conn = createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
  const received: PublishDiagnosticsParams[] = [];
  const progress: string[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    received.push(p);
    if (onReady(received, progress)) resolve();
  });
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.onNotification("$/progress", (p: { value: { kind: string; message?: string } }) => {
    progress.push(`${p.value.kind}${p.value.message ? ` ${p.value.message}` : ""}`);
  });
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(folder),
    workspaceFolders: [{ uri: uriOf(folder), name: "w" }],
    capabilities: { window: { workDoneProgress: true } },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  await done;
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  conn.dispose();
  proc.kill();
  return { received, progress };
}

test("over node IPC the server scans the folder and publishes diagnostics of closed files", async () => {
  const { received } = await run(EXAMPLE, (r) => r.length >= 10);
  assert.ok(received.some((p) => p.uri.endsWith("/roles.yaml") && p.diagnostics[0]?.code === "role-vacant"));
});

test("a big first scan reports progress from begin to end, then publishes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "isms-many-"));
  mkdirSync(join(dir, "risks"));
  writeFileSync(
    join(dir, "roles.yaml"),
    "kind: roles\nroles:\n  - { id: iso, title: ISO, holder: A, reviewed: 2026-11-01 }\n",
  );
  for (let i = 0; i < 400; i++)
    writeFileSync(
      join(dir, "risks", `r${i}.yaml`),
      `kind: risks\nrisks:\n  - { id: R-${i}, title: T, owner: ${i === 399 ? "ghost" : "iso"}, likelihood: 1, impact: 1, treatment: avoid, reviewed: 2026-11-01 }\n`,
    );
  const { received, progress } = await run(dir, (r) => r.some((p) => p.uri.endsWith("r399.yaml")));
  assert.equal(progress[0].split(" ")[0], "begin");
  assert.equal(progress.at(-1), "end");
  assert.deepEqual(
    received.find((p) => p.uri.endsWith("r399.yaml"))!.diagnostics.map((d) => d.code),
    ["unknown-role"],
  );
  rmSync(dir, { recursive: true, force: true });
});
