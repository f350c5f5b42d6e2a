// The language server on the hostile inputs of the red-team sweep: opened in the editor, each is refused
// with a finding (or checked), the server keeps answering at once, and it never dies (a server that a
// client restarts into the same crash is the worst case). The server runs with a small heap, so an
// unbounded parse would kill it.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { HoverRequest } from "vscode-languageserver-protocol/node";
import { SummaryRequest } from "../../server/src/protocol";
import { startClient, TODAY, uriOf, type Client } from "./client";

const INPUTS: [string, string, RegExp][] = [
  [
    "brackets.yaml",
    `kind: risks\nrisks: ${"[".repeat(5_000_000)}\n`,
    /^More than 200,000 values in one entry/,
  ],
  [
    "items.yaml",
    `kind: risks\nrisks:\n${"  - 1\n".repeat(100_001)}`,
    /holds 100,001 entries; at most 100,000/,
  ],
  [
    "dups.yaml",
    `kind: roles\nroles:\n${"  - {id: dup, title: t}\n".repeat(40_000)}`,
    /^Only the first 20,000 findings/,
  ],
  [
    "deep.yaml",
    `kind: risks\nrisks:\n  - id: R-1\n    title: ${"[".repeat(70)}${"]".repeat(70)}\n`,
    /^Nesting deeper than 64 levels/,
  ],
];

describe("hostile input in the editor", () => {
  let c: Client;
  const dir = mkdtempSync(join(tmpdir(), "isms-lsp-hostile-"));
  before(async () => {
    c = await startClient(dir, { env: { NODE_OPTIONS: "--max-old-space-size=768" } });
  });
  after(async () => {
    await c.shutdown();
  });

  for (const [name, text, expected] of INPUTS)
    test(`${name}: a finding, and the server answers at once`, async () => {
      const path = join(dir, name);
      await c.open(path, text);
      const ds = await c.diagnosticsOf(
        uriOf(path),
        (d) => d.some((x) => x.code === "file-too-complex"),
        120_000,
      );
      const message = ds.find((d) => d.code === "file-too-complex")?.message;
      assert.match(typeof message === "string" ? message : (message?.value ?? ""), expected);
      const t0 = Date.now();
      await c.conn.sendRequest(HoverRequest.type, {
        textDocument: { uri: uriOf(path) },
        position: { line: 2, character: 4 },
      });
      const s = await c.conn.sendRequest(SummaryRequest, {});
      assert.equal(s.today, TODAY);
      assert.ok(Date.now() - t0 < 10_000, `answered in ${Date.now() - t0} ms`);
      await c.close(path);
      assert.equal(c.proc.exitCode, null, `the server exited: ${c.stderr().slice(-500)}`);
    });
});
