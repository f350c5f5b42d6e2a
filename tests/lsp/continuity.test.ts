// Business impact analysis and continuity plans over stdio, on a copy of the example ISMS (today
// 2026-11-29): the planted gaps, completion of a service id in a plan's services:, hover on a service and
// on a plan, the plans' code lens, rename of a service id across services.yaml and continuity.yaml, and
// the Overdue request listing continuity tests.
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
import { applyEdits, copyOf, editsFor, EXAMPLE, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
const p = (rel: string) => join(dir, rel);
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
  await c.open(p("services.yaml"));
  await c.open(p("continuity.yaml"));
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

async function hoverAt(path: string, needle: string, delta: number): Promise<string> {
  const h = await c.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

describe("continuity in the editor", () => {
  test("the planted gaps of the example", async () => {
    const plans = await c.diagnosticsOf(uriOf(p("continuity.yaml")), (d) => d.length > 0);
    assert.deepEqual(plans.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`).sort(), [
      "continuity-test-failed 51 The walkthrough test of continuity plan BCP-03 on 2026-06-18 only partly passed and has no action",
      "continuity-test-overdue 18 Continuity plan BCP-01 was last tested 2025-11-05; with a test every 12 months the next was due 2026-11-05 (24 days ago)",
      "rto-not-met 21 The latest test of continuity plan BCP-01 (2025-11-05) recovered in 6 hours, longer than the rto of 4 hours of service SVC-LEDGER",
    ]);
    const services = await c.diagnosticsOf(uriOf(p("services.yaml")), (d) => d.length > 0);
    assert.deepEqual(
      services.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`),
      [
        "service-no-plan 33 Service SVC-SUPPORT (Customer support and notifications) is high and no continuity plan lists it",
      ],
    );
  });

  test("completion of a service id in a plan's services:", async () => {
    const path = p("continuity.yaml");
    const pos = positionOf(c.text(path), "services: [SVC-IDENTITY]", "services: [".length);
    const res = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: pos,
    })) as CompletionList | null;
    const labels = (res?.items ?? []).map((i) => i.label).sort();
    assert.deepEqual(labels, ["SVC-DELIVERY", "SVC-IDENTITY", "SVC-LEDGER", "SVC-PAYROLL", "SVC-SUPPORT"]);
    const ledger = res?.items.find((i) => i.label === "SVC-LEDGER");
    assert.match(
      `${ledger?.detail ?? ""} ${JSON.stringify(ledger?.documentation ?? "")}`,
      /Acme Ledger platform/,
    );
  });

  test("hover on a service: recovery times, plans and last test", async () => {
    const h = await hoverAt(p("services.yaml"), "id: SVC-LEDGER", 6);
    assert.equal(
      h,
      [
        "**SVC-LEDGER** · Acme Ledger platform for customers",
        "",
        "Criticality: critical · Owner: cto (Chief Technology Officer)",
        "MTPD 24 hours · RTO 4 hours · RPO 15 minutes",
        "Plans: BCP-01 (Loss of the primary AWS region (eu-west-1))",
        "Last test: 2025-11-05 failover partial, recovered in 6 hours (BCP-01)",
      ].join("\n"),
    );
    // A reference to the service in a plan shows the same.
    const ref = await hoverAt(p("continuity.yaml"), "services: [SVC-LEDGER]", "services: [S".length);
    assert.match(ref, /MTPD 24 hours · RTO 4 hours · RPO 15 minutes/);
  });

  test("hover on a plan: its services against the last test", async () => {
    const h = await hoverAt(p("continuity.yaml"), "id: BCP-01", 6);
    assert.equal(
      h,
      [
        "**BCP-01** · Loss of the primary AWS region (eu-west-1)",
        "",
        "Owner: bcm-coordinator (Business Continuity Coordinator) · Document: DOC-PRC-02",
        "Last test: 2025-11-05 failover partial, recovered in 6 hours · next due 2026-11-05 (**overdue**)",
        "",
        "Services:",
        "- SVC-LEDGER Acme Ledger platform for customers · RTO 4 hours: **not met** (6 hours)",
      ].join("\n"),
    );
    const ok = await hoverAt(p("continuity.yaml"), "id: BCP-02", 6);
    assert.match(ok, /\n- SVC-IDENTITY Staff sign-in \(SSO and MFA\) · RTO 2 hours: met \(90 minutes\)$/);
  });

  test("code lens on each plan: last test and next due", async () => {
    const lenses =
      (await c.conn.sendRequest(CodeLensRequest.type, {
        textDocument: { uri: uriOf(p("continuity.yaml")) },
      })) ?? [];
    const lines = c.text(p("continuity.yaml")).split("\n");
    assert.deepEqual(
      lenses.map((l) => `${/id: (\S+)/.exec(lines[l.range.start.line])?.[1]} ${l.command?.title}`),
      [
        "BCP-01 last test 2025-11-05 partial · next due 2026-11-05",
        "BCP-02 last test 2026-03-10 pass · next due 2027-03-10",
        "BCP-03 last test 2026-06-18 partial · next due 2027-06-18",
      ],
    );
  });

  test("the Overdue request lists continuity tests with the plan's owner", async () => {
    const items = (await c.conn.sendRequest(DueItemsRequest, {})).filter(
      (i) => i.kind === "continuity-tests",
    );
    assert.deepEqual(
      items.map((i) => `${i.kindTitle} ${i.id} ${i.due} ${i.state} ${i.owner}`),
      ["Continuity tests BCP-01 2026-11-05 overdue bcm-coordinator"],
    );
    assert.equal(items[0].location.uri, uriOf(p("continuity.yaml")));
    assert.equal(items[0].location.range.start.line, 17);
  });

  test("rename of a service id edits its definition and every plan that lists it", async () => {
    const path = p("services.yaml");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "id: SVC-PAYROLL", 6),
      newName: "SVC-HR",
    });
    const defs = editsFor(edit, path);
    assert.equal(defs.length, 1);
    assert.match(applyEdits(c.text(path), defs), /\n {2}- id: SVC-HR\n/);
    const plans = editsFor(edit, p("continuity.yaml"));
    assert.equal(plans.length, 1);
    assert.match(
      applyEdits(c.text(p("continuity.yaml")), plans),
      /\n {4}services: \[SVC-HR, SVC-DELIVERY\]\n/,
    );
  });
});
