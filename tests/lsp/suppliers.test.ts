// Supplier assurance over stdio, on a copy of the example ISMS (today 2026-11-29): the deliberate gaps,
// hover and code lens on a supplier (contract end, DPA, certificates, last assessment), a DPA recorded
// and removed by an edit, completion of an assessment's result, certificates in the Overdue request and
// an assessment's action in the Actions request.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeLensRequest,
  CompletionRequest,
  HoverRequest,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { DueItemsRequest, OpenActionsRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
let path: string;
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);
const NEW = [
  "supplier-dpa-missing",
  "supplier-contract-expired",
  "supplier-certificate-expired",
  "supplier-assessment-unacceptable",
];
const mine = (ds: Diagnostic[]) => ds.filter((d) => NEW.includes(String(d.code)));

before(async () => {
  dir = copyOf(EXAMPLE);
  path = join(dir, "suppliers.yaml");
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

describe("supplier assurance in the editor", () => {
  test("the deliberate gaps: SendRelay's lapsed certificate and PayFlow's missing DPA", async () => {
    const ds = await c.diagnosticsOf(uriOf(path), (d) => mine(d).length >= 2);
    assert.deepEqual(
      mine(ds).map((d) => `${d.code} ${d.severity} ${d.range.start.line + 1} ${text(d)}`),
      [
        "supplier-certificate-expired 2 76 Supplier SUP-MAILER: the certificate 'ISO/IEC 27001' expired on 2026-10-31 (29 days ago)",
        "supplier-dpa-missing 1 87 Supplier SUP-PAYROLL processes personal data but its contract has no data processing agreement",
      ],
    );
  });

  test("hover on a supplier: contract with its end and DPA, certificates with expiry, last assessment", async () => {
    const h = await hoverAt("id: SUP-AWS", 5);
    assert.match(h, /^\*\*SUP-AWS\*\* · Amazon Web Services EMEA SARL\n/);
    assert.match(h, /\nTier: critical · Cloud hosting of the production platform\n/);
    assert.match(h, /\nPersonal data: yes\n/);
    assert.match(
      h,
      /\nContract AWS Customer Agreement: ends 2027-02-28 \(in 91 days\) · security clauses yes · right to audit no · DPA yes\n/,
    );
    assert.match(
      h,
      /\nCertificates: ISO\/IEC 27001 expires 2027-11-07 \(in 343 days\); SOC 2 Type II report expires 2026-12-15 \(in 16 days\)\n/,
    );
    assert.match(h, /\nLast assessment: 2026-05-06 report-review, acceptable\n/);
    assert.match(h, /\nQuestionnaire: sent 2026-04-01, received 2026-04-20, reviewed 2026-05-06\n/);
    const payroll = await hoverAt("id: SUP-PAYROLL", 5);
    assert.match(payroll, /\nDPA: missing \(personal data processed\)\n/);
    const mailer = await hoverAt("id: SUP-MAILER", 5);
    assert.match(mailer, /\nCertificates: ISO\/IEC 27001 expired 2026-10-31 \(29 days ago\)\n/);
    // A supplier with only the text list keeps showing it.
    assert.match(await hoverAt("id: SUP-M365", 5), /\nCertifications: ISO\/IEC 27001, SOC 2 Type II\n/);
  });

  test("code lens on each supplier: contract end, DPA, certificates, last assessment", async () => {
    const lenses =
      (await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(path) } })) ?? [];
    const lines = c.text(path).split("\n");
    const byId = new Map(
      lenses.map((l) => [/id: (\S+)/.exec(lines[l.range.start.line])?.[1], l.command!.title]),
    );
    assert.equal(
      byId.get("SUP-AWS"),
      "contract ends 2027-02-28 · 2 certificates · assessed 2026-05-06 acceptable",
    );
    assert.equal(byId.get("SUP-MAILER"), "contract ends 2027-08-31 · 1 certificate, 1 expired");
    assert.equal(byId.get("SUP-PAYROLL"), "contract ends 2027-03-31 · no DPA");
    assert.equal(byId.get("SUP-GIT"), "contract ends 2027-03-31 · assessed 2026-03-12 conditional");
    assert.equal(byId.has("SUP-CLEAN"), false, "nothing to say: no lens");
  });

  test("recording the DPA clears supplier-dpa-missing; taking it out brings it back", async () => {
    const at = positionOf(c.text(path), "security_clauses: false }", 23);
    await c.change(path, { start: at, end: at }, ", dpa: true");
    await c.diagnosticsOf(uriOf(path), (d) => !d.some((x) => x.code === "supplier-dpa-missing"));
    assert.match(c.text(path), /security_clauses: false, dpa: true \}/);
    await c.change(
      path,
      { start: at, end: { line: at.line, character: at.character + ", dpa: true".length } },
      "",
    );
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.some((x) => x.code === "supplier-dpa-missing"));
    assert.equal(ds.find((x) => x.code === "supplier-dpa-missing")!.range.start.line, at.line);
  });

  test("an assessment's result completes the three results with what they mean", async () => {
    const res = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "result: conditional", 8),
    })) as CompletionList | null;
    const items = res?.items ?? [];
    assert.deepEqual(
      items.map((i) => i.label),
      ["acceptable", "conditional", "unacceptable"],
    );
    assert.equal(
      items.find((i) => i.label === "unacceptable")!.detail,
      "the supplier does not meet the requirements: act on it",
    );
  });

  test("the Overdue request lists certificates expiring, each at its expires: line", async () => {
    const items = (await c.conn.sendRequest(DueItemsRequest, {})).filter(
      (i) => i.kind === "supplier-certificates",
    );
    assert.deepEqual(
      items.map(
        (i) =>
          `${i.kindTitle} | ${i.id} | ${i.title} | ${i.due} ${i.state} ${i.owner} | ${i.location.range.start.line + 1}`,
      ),
      [
        "Supplier certificates | SUP-MAILER ISO/IEC 27001 | SendRelay Ltd: ISO/IEC 27001 | 2026-10-31 overdue cto | 76",
        "Supplier certificates | SUP-AWS SOC 2 Type II report | Amazon Web Services EMEA SARL: SOC 2 Type II report | 2026-12-15 due-soon platform-lead | 16",
      ],
    );
    const contracts = (await c.conn.sendRequest(DueItemsRequest, { all: true })).filter(
      (i) => i.kind === "supplier-contracts",
    );
    assert.deepEqual(
      contracts.map((i) => `${i.id} ${i.due}`),
      [
        "SUP-AWS 2027-02-28",
        "SUP-GIT 2027-03-31",
        "SUP-PAYROLL 2027-03-31",
        "SUP-M365 2027-04-30",
        "SUP-IDP 2027-06-30",
        "SUP-MAILER 2027-08-31",
      ],
    );
  });

  test("the Actions request includes an assessment's action", async () => {
    const actions = (await c.conn.sendRequest(OpenActionsRequest, {})).filter(
      (a) => a.source.id === "SUP-GIT",
    );
    assert.deepEqual(
      actions.map((a) => `${a.source.kind} ${a.description} ${a.owner} ${a.due} ${a.state}`),
      ["supplier Obtain the bridge letter from GitHub dev-lead 2026-12-31 open"],
    );
  });
});
