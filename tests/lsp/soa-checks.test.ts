// Control checks and evidence validity in the SoA over stdio, on a copy of the example ISMS (today
// 2026-11-29): the deliberate gaps, hover and code lens on a control with checks, a control-check-failed
// diagnostic that goes once the check records an action, completion of a check's method and result with
// their meaning, and the Overdue request listing checks and evidence.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { DueItemsRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
const soa = () => join(dir, "soa.yaml");
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);
const shown = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`);

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
  await c.open(soa());
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

async function completionAt(pos: { line: number; character: number }): Promise<CompletionItem[]> {
  const res = (await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(soa()) },
    position: pos,
  })) as CompletionList | null;
  return res?.items ?? [];
}

describe("control checks and evidence validity in the editor", () => {
  test("the deliberate gaps: an overdue check, expired evidence", async () => {
    const ds = await c.diagnosticsOf(uriOf(soa()), (d) => d.length > 0);
    assert.deepEqual(shown(ds), [
      "soa-no-justification 187 A.5.35: no justification for including the control",
      "evidence-expired 205 A.5.36: the evidence 'audits/reports/CB-2025-ST2.md' was valid until 2026-05-13 (200 days ago)",
      "control-check-overdue 383 A.8.8: the check 'Monthly review of open critical and high vulnerabilities against the patch deadlines' was due 2026-11-20 (9 days ago)",
    ]);
  });

  test("hover on a control: its checks with last result and next due, and its evidence validity", async () => {
    const at = positionOf(c.text(soa()), "  A.8.13: # Information backup", 3);
    const h = await c.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uriOf(soa()) },
      position: at,
    });
    const value = h ? (h.contents as MarkupContent).value : "";
    assert.match(value, /^\*\*A\.8\.13\*\* · Information backup/);
    assert.ok(
      value.includes(
        "Checks (1):\n- Restore the production database from backup into a clean account (test, every 6 months, owner platform-lead): last 2026-09-15 fail · next due 2027-03-15 (in 106 days)",
      ),
      value,
    );
    const expired = await c.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uriOf(soa()) },
      position: positionOf(c.text(soa()), "  A.5.36: # Compliance", 3),
    });
    assert.ok(
      (expired?.contents as MarkupContent).value.includes(
        "Evidence:\n- audits/reports/CB-2025-ST2.md: collected 2025-05-14, expired: valid until 2026-05-13 (200 days ago)",
      ),
    );
  });

  test("code lens: the checks and when the next is due, or how many are overdue", async () => {
    const lenses =
      (await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(soa()) } })) ?? [];
    const lines = c.text(soa()).split("\n");
    const byId = new Map(
      lenses.map((l) => [/(A\.\d+\.\d+):/.exec(lines[l.range.start.line])?.[1], l.command!.title]),
    );
    assert.match(byId.get("A.5.15") ?? "", / · 1 check · next due 2027-01-05$/);
    assert.match(byId.get("A.8.8") ?? "", / · 1 check · 1 overdue$/);
    assert.match(byId.get("A.5.36") ?? "", / · 1 evidence expired$/);
    assert.doesNotMatch(byId.get("A.5.2") ?? "", /check|evidence/);
  });

  test("a failed check without an action is an error, gone once the action is written", async () => {
    const path = soa();
    // The quarterly access review of A.5.15 fails.
    const result = positionOf(
      c.text(path),
      "last: 2026-10-05\n        result: pass",
      "last: 2026-10-05\n        result: ".length,
    );
    await c.change(
      path,
      { start: result, end: { line: result.line, character: result.character + 4 } },
      "fail",
    );
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.some((x) => x.code === "control-check-failed"));
    const failed = ds.filter((d) => d.code === "control-check-failed");
    assert.deepEqual(shown(failed), [
      `control-check-failed ${result.line + 1} A.5.15: the check 'Quarterly access review of production and SaaS accounts' failed and has no corrective action`,
    ]);
    assert.equal(failed[0].severity, 1, "an error");
    const at = { line: result.line + 1, character: 0 };
    await c.change(
      path,
      { start: at, end: at },
      "        action:\n          description: Remove the two stale admin accounts\n          owner: it-manager\n          due: 2026-12-10\n",
    );
    const fixed = await c.diagnosticsOf(
      uriOf(path),
      (d) => !d.some((x) => x.code === "control-check-failed"),
    );
    assert.deepEqual(
      fixed.map((d) => d.code),
      ["soa-no-justification", "evidence-expired", "control-check-overdue"],
    );
  });

  test("the quick fix adds a corrective action to the failed check, for its owner, due in 30 days", async () => {
    const path = soa();
    const needle = "last: 2026-04-22\n        result: pass";
    const result = positionOf(c.text(path), needle, needle.length - 4);
    await c.change(
      path,
      { start: result, end: { line: result.line, character: result.character + 4 } },
      "fail",
    );
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.some((x) => x.code === "control-check-failed"));
    const d = ds.find((x) => x.code === "control-check-failed")!;
    assert.match(
      text(d),
      /^A\.6\.3: the check 'Interview five staff on how they report a phishing email' failed/,
    );
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(path) },
      range: d.range,
      context: { diagnostics: [d] },
    }))!;
    const fix = actions.find((a) => a.title === "Add a corrective action") as
      { edit: WorkspaceEdit } | undefined;
    assert.ok(fix, actions.map((a) => a.title).join(" | "));
    const edits = fix.edit.changes?.[uriOf(path)] ?? [];
    assert.equal(edits.length, 1);
    await c.change(path, edits[0].range, edits[0].newText);
    assert.ok(
      c
        .text(path)
        .includes(
          "        owner: hr-manager\n        last: 2026-04-22\n        result: fail\n" +
            "        action: { description: Describe the corrective action, owner: hr-manager, due: 2026-12-29 }\n",
        ),
    );
    await c.diagnosticsOf(uriOf(path), (d) => !d.some((x) => x.code === "control-check-failed"));
  });

  test("completion of a check's method and result shows what each means", async () => {
    const path = soa();
    const method = positionOf(c.text(path), "method: interview", "method: ".length);
    const items = await completionAt(method);
    assert.deepEqual(
      items.map((i) => i.label),
      ["examine", "interview", "test"],
    );
    assert.equal(
      items.find((i) => i.label === "interview")?.detail,
      "interview the people who operate the control",
    );
    assert.match(
      items.find((i) => i.label === "test")?.detail ?? "",
      /^test the control: try it and see that it works/,
    );
    const result = positionOf(c.text(path), "result: pass", "result: ".length);
    const results = await completionAt(result);
    assert.deepEqual(
      results.map((i) => `${i.label}: ${i.detail}`),
      [
        "pass: the control worked as intended at the last check",
        "fail: the control did not work as intended: record a corrective action in `action:`",
      ],
    );
  });

  test("the Overdue request lists control checks and evidence, each at its own field", async () => {
    const items = (await c.conn.sendRequest(DueItemsRequest, { all: true })).filter(
      (i) => i.kind === "control-checks" || i.kind === "evidence",
    );
    assert.deepEqual(
      items.map((i) => `${i.kindTitle} ${i.id} ${i.due} ${i.state} ${i.owner}`),
      [
        "Evidence A.5.36 evidence 1 2026-05-13 overdue iso",
        "Control checks A.8.8 check 1 2026-11-20 overdue platform-lead",
        "Control checks A.5.15 check 1 2027-01-05 later it-manager",
        "Control checks A.8.5 check 1 2027-01-14 later it-manager",
        "Control checks A.8.13 check 1 2027-03-15 later platform-lead",
        "Control checks A.6.3 check 1 2027-04-22 later hr-manager",
        "Evidence A.5.35 evidence 1 2027-05-19 later iso",
      ],
    );
    const overdue = items.find((i) => i.id === "A.8.8 check 1")!;
    assert.equal(overdue.location.uri, uriOf(soa()));
    const line = c.text(soa()).split("\n")[overdue.location.range.start.line];
    assert.match(line, /^ {6}- description: Monthly review of open critical/);
  });
});
