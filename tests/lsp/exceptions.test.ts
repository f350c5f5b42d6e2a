// Policy exceptions over stdio, on a copy of the example ISMS (today 2026-11-29): the two deliberate gaps,
// completion of a status with what it means, hover and code lens on an exception, an edit that makes an
// exception expire and its undoing, the Overdue request, and renaming an exception's id.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeLensRequest,
  CompletionRequest,
  HoverRequest,
  RenameRequest,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { DueItemsRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
let path: string;
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

before(async () => {
  dir = copyOf(EXAMPLE);
  path = join(dir, "exceptions.yaml");
  c = await startClient(dir);
  await c.open(path);
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

async function hoverAt(needle: string, delta: number): Promise<string> {
  const h = await c.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

describe("exceptions in the editor", () => {
  test("the deliberate gaps: an expired exception and one without compensating measures", async () => {
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.length >= 2);
    assert.deepEqual(
      ds.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`),
      [
        "exception-expired 36 Exception EX-002 expired on 2026-10-31 (29 days ago) and is still approved",
        "exception-no-compensation 50 Exception EX-003 is approved without compensating measures",
      ],
    );
  });

  test("a status completes the four statuses, each with what it means", async () => {
    const res = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "status: requested", 8),
    })) as CompletionList | null;
    const items = res?.items ?? [];
    assert.deepEqual(
      items.map((i) => i.label),
      ["requested", "approved", "rejected", "closed"],
    );
    assert.equal(
      items.find((i) => i.label === "approved")!.detail,
      "in force until it expires (needs approved_by, approved_on and expires)",
    );
  });

  test("hover on an exception: status, approval, expiry with days left, what it departs from", async () => {
    const h = await hoverAt("id: EX-001", 5);
    assert.match(h, /^\*\*EX-001\*\* · Office core switch on end-of-life firmware until its replacement\n/);
    assert.match(h, /\nStatus: approved\n/);
    assert.match(h, /\nApproved by: iso on 2026-09-10\n/);
    assert.match(h, /\nExpiry: expires 2026-12-09 \(10 days left\)\n/);
    assert.match(h, /\nDuration: 90 days\n/);
    assert.match(h, /\nRequested by: it-manager\n/);
    assert.match(h, /\nPolicy: DOC-POL-01\nControls: A\.8\.8\nAssets: AS-HW-OFFICE-NET\nRisk: R-023\n/);
    assert.match(h, /\nCompensating: Management interface reachable from the admin VLAN only; Weekly review/);
    const expired = await hoverAt("id: EX-002", 5);
    assert.match(expired, /\nExpiry: expired 2026-10-31 \(29 days ago\)\n/);
    assert.match(await hoverAt("id: EX-003", 5), /\nCompensating: none$/);
  });

  test("code lens on each exception: who approved it and when it expires", async () => {
    const lenses =
      (await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(path) } })) ?? [];
    const lines = c.text(path).split("\n");
    assert.deepEqual(
      lenses.map((l) => `${/id: (\S+)/.exec(lines[l.range.start.line])?.[1]}: ${l.command!.title}`),
      [
        "EX-001: approved by iso · expires 2026-12-09 (10 days left)",
        "EX-002: approved by ceo · expired 2026-10-31 (29 days ago)",
        "EX-003: approved by cto · expires 2026-12-16 (17 days left)",
        "EX-004: requested",
      ],
    );
  });

  test("an expiry moved into the past raises exception-expired; moving it back clears it", async () => {
    const at = positionOf(c.text(path), "expires: 2026-12-09", 9);
    const range = { start: at, end: { line: at.line, character: at.character + 10 } };
    await c.change(path, range, "2026-11-20");
    let ds = await c.diagnosticsOf(
      uriOf(path),
      (d) => d.filter((x) => x.code === "exception-expired").length === 2,
    );
    const raised = ds.find((d) => text(d).startsWith("Exception EX-001"))!;
    assert.equal(text(raised), "Exception EX-001 expired on 2026-11-20 (9 days ago) and is still approved");
    assert.equal(raised.range.start.line, at.line);
    await c.change(path, range, "2026-12-09");
    ds = await c.diagnosticsOf(
      uriOf(path),
      (d) => d.filter((x) => x.code === "exception-expired").length === 1,
    );
    assert.deepEqual(codes(ds), ["exception-expired", "exception-no-compensation"]);
  });

  test("the Overdue request lists approved exceptions by expiry, at their expires: line", async () => {
    const items = (await c.conn.sendRequest(DueItemsRequest, {})).filter((i) => i.kind === "exceptions");
    assert.deepEqual(
      items.map((i) => `${i.kindTitle} ${i.id} ${i.due} ${i.state} ${i.owner}`),
      [
        "Exceptions EX-002 2026-10-31 overdue ceo",
        "Exceptions EX-001 2026-12-09 due-soon iso",
        "Exceptions EX-003 2026-12-16 due-soon cto",
      ],
    );
    assert.equal(items[0].location.range.start.line, 35);
  });

  test("rename an exception's id", async () => {
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "id: EX-004", 5),
      newName: "EX-010",
    });
    const edits = edit?.changes?.[uriOf(path)] ?? [];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, "EX-010");
    assert.equal(edits[0].range.start.line, positionOf(c.text(path), "id: EX-004").line);
  });
});
