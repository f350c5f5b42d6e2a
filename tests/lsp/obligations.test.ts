// Obligations and improvements in the language server, over stdio on a copy of the example: completion
// of an obligation's status and of document ids, hover, rename of an obligation id, renewals in the
// Overdue request, and the quick fixes of the new rules applied and re-checked.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  PrepareRenameRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { DueItemsRequest } from "../../server/src/protocol";
import {
  applyEdits,
  copyOf,
  editsFor,
  EXAMPLE,
  positionOf,
  startClient,
  uriOf,
  watched,
  type Client,
} from "./client";

let dir: string;
let c: Client;
const p = (rel: string) => join(dir, rel);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const message = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);

async function completionAt(path: string, needle: string, delta: number): Promise<CompletionItem[]> {
  const res = (await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  })) as CompletionList | null;
  return res?.items ?? [];
}

async function hoverAt(path: string, needle: string, delta: number): Promise<string> {
  const h = await c.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

/** Applies the code action titled `title` of the first `code` diagnostic of a file, as an editor would. */
async function fix(rel: string, code: string, title: RegExp): Promise<void> {
  const path = p(rel);
  const ds = await c.diagnosticsOf(uriOf(path), (x) => codes(x).includes(code));
  const d = ds.find((x) => x.code === code)!;
  const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(path) },
    range: d.range,
    context: { diagnostics: [d] },
  }))!;
  const a = actions.find((x) => "edit" in x && title.test(x.title)) as { edit: WorkspaceEdit } | undefined;
  assert.ok(a, `${String(title)} among ${actions.map((x) => x.title).join(" | ")}`);
  for (const [uri, edits] of Object.entries(a.edit.changes!)) {
    const file = fileURLToPath(uri);
    writeFileSync(file, applyEdits(readFileSync(file, "utf8"), edits));
    await watched(c, [{ path: file, type: 2 }]);
  }
}

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

describe("diagnostics of the example's obligations and improvements", () => {
  test("the deliberate gaps, on the lines a user looks at", () => {
    const ob = c.diagnostics.get(uriOf(p("obligations.yaml")))!;
    const noControls = ob.find((d) => d.code === "obligation-no-controls")!;
    assert.equal(message(noControls), "Obligation OB-INSURANCE names no control or document that meets it");
    assert.match(
      readFileSync(p("obligations.yaml"), "utf8").split("\n")[noControls.range.start.line],
      /id: OB-INSURANCE/,
    );
    const imp = c.diagnostics.get(uriOf(p("improvements.yaml")))!;
    const eff = imp.find((d) => d.code === "effectiveness-not-reviewed")!;
    assert.match(message(eff), /^The action of IMP-004 was closed on 2026-06-12, more than 90 days ago/);
    assert.match(
      readFileSync(p("improvements.yaml"), "utf8").split("\n")[eff.range.start.line],
      /closed: 2026-06-12/,
    );
  });
});

describe("completion", () => {
  test("an obligation's status completes the four statuses", async () => {
    const path = p("obligations.yaml");
    await c.open(path);
    const items = await completionAt(path, "status: partial", 8);
    assert.deepEqual(items.map((i) => i.label).sort(), [
      "compliant",
      "non-compliant",
      "not-assessed",
      "partial",
    ]);
  });

  test("documents: completes document ids with their titles, and no controls", async () => {
    const path = p("obligations.yaml");
    const items = await completionAt(path, "documents: [", 12);
    const policy = items.find((i) => i.label === "DOC-POL-01");
    assert.ok(policy, items.map((i) => i.label).join());
    assert.match(
      `${policy.detail ?? ""} ${policy.labelDetails?.description ?? ""}`,
      /Information security policy/,
    );
    assert.ok(items.some((i) => i.label === "DOC-PRC-03"));
    assert.ok(!items.some((i) => i.label.startsWith("A.")), "no controls for documents");
  });
});

describe("hover", () => {
  test("an obligation shows type, source, status, assessment, renewal and controls", async () => {
    const path = p("obligations.yaml");
    const h = await hoverAt(path, "id: OB-UKGDPR", 6);
    assert.match(h, /^\*\*OB-UKGDPR\*\* · UK GDPR and the Data Protection Act 2018/);
    assert.match(h, /Type: legal \(United Kingdom\)/);
    assert.match(h, /Source: UK GDPR art\. 5, 24, 28, 30 and 32 to 34/);
    assert.match(h, /Status: partial \(assessed 2026-10-14\)/);
    assert.match(h, /Controls: A\.5\.34, A\.5\.31, A\.5\.33, A\.5\.24, A\.5\.26, A\.8\.24/);
    assert.match(h, /Open actions: 1/);
    const fee = await hoverAt(path, "id: OB-ICO-FEE", 6);
    assert.match(fee, /Renews: 2026-12-18 \(in 19 days\)/);
    assert.match(await hoverAt(path, "id: OB-INSURANCE", 6), /Controls: none/);
  });

  test("an improvement shows its source, its action and where the effectiveness review stands", async () => {
    const path = p("improvements.yaml");
    await c.open(path);
    const h = await hoverAt(path, "id: IMP-001", 6);
    assert.match(h, /^\*\*IMP-001\*\* · Personal data breach notified after 72 hours/);
    assert.match(h, /Nonconformity from incident/);
    assert.match(h, /Action: closed on 2026-07-24 · support-lead/);
    assert.match(h, /Effectiveness: effective \(2026-10-30\)/);
    assert.match(
      await hoverAt(path, "id: IMP-004", 6),
      /Effectiveness review: due 2026-09-10 \(80 days ago\), not recorded/,
    );
    await c.close(path);
  });
});

describe("navigation", () => {
  test("rename of an obligation id edits its definition, and the workspace stays clean", async () => {
    const path = p("obligations.yaml");
    const pos = positionOf(c.text(path), "id: OB-PECR", 6);
    const prep = await c.conn.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: pos,
    });
    assert.equal(prep && "placeholder" in prep ? prep.placeholder : undefined, "OB-PECR");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: pos,
      newName: "OB-PECR-2003",
    });
    const edits = editsFor(edit, path);
    assert.equal(edits.length, 1);
    const before = c.text(path);
    const after = applyEdits(before, edits);
    assert.match(after, /\n {2}- id: OB-PECR-2003\n/);
    assert.equal(after.split("\n").length, before.split("\n").length);
    await c.replace(path, after);
    const ds = await c.diagnosticsOf(uriOf(path), () => true);
    assert.deepEqual(codes(ds), ["obligation-no-controls"]);
    // A rename to an id in use is refused.
    await assert.rejects(
      c.conn.sendRequest(RenameRequest.type, {
        textDocument: { uri: uriOf(path) },
        position: pos,
        newName: "OB-CMA",
      }),
      /already used/,
    );
  });
});

describe("the Overdue request", () => {
  test("lists the ICO fee renewal as due soon, with its owner and where it is written", async () => {
    const items = await c.conn.sendRequest(DueItemsRequest, {});
    const fee = items.find((i) => i.kind === "renewals" && i.id === "OB-ICO-FEE");
    assert.ok(fee, items.map((i) => `${i.kind}:${i.id}`).join());
    assert.equal(fee.kindTitle, "Renewals");
    assert.equal(fee.state, "due-soon");
    assert.equal(fee.due, "2026-12-18");
    assert.equal(fee.daysOverdue, -19);
    assert.equal(fee.owner, "dpo");
    assert.equal(fee.ownerTitle, "Data Protection Officer");
    assert.equal(fee.title, "ICO registration and data protection fee");
    assert.equal(fee.location.uri, uriOf(p("obligations.yaml")));
    // The insurance renews next April: only when everything is asked for.
    assert.ok(!items.some((i) => i.id === "OB-INSURANCE" && i.kind === "renewals"));
    const all = await c.conn.sendRequest(DueItemsRequest, { all: true });
    assert.equal(all.find((i) => i.kind === "renewals" && i.id === "OB-INSURANCE")?.state, "later");
  });
});

describe("quick fixes (applied, then re-checked)", () => {
  test("record the review of an action's effectiveness today", async () => {
    await fix(
      "improvements.yaml",
      "effectiveness-not-reviewed",
      /^Record the effectiveness review today: effective$/,
    );
    await c.diagnosticsOf(
      uriOf(p("improvements.yaml")),
      (ds) => !codes(ds).includes("effectiveness-not-reviewed"),
    );
    assert.match(
      readFileSync(p("improvements.yaml"), "utf8"),
      /verified_by: cto\n {4}effectiveness:\n {6}date: 2026-11-29\n {6}by: iso\n {6}effective: true\n/,
    );
  });

  test("add an action to an obligation found not met", async () => {
    await c.close(p("obligations.yaml"));
    const path = p("obligations.yaml");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace(
        "status: compliant\n    assessed: 2026-10-14\n    reviewed",
        "status: non-compliant\n    assessed: 2026-10-14\n    reviewed",
      ),
    );
    await watched(c, [{ path, type: 2 }]);
    await fix("obligations.yaml", "obligation-non-compliant", /^Add an action$/);
    await c.diagnosticsOf(uriOf(path), (ds) => !codes(ds).includes("obligation-non-compliant"));
    assert.match(
      readFileSync(path, "utf8"),
      /\n {4}actions:\n {6}- description: Describe the corrective action\n {8}owner: legal-counsel\n {8}due: 2026-12-29\n/,
    );
  });

  test("a mistyped ref of an improvement is corrected to the id it meant", async () => {
    const path = p("improvements.yaml");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace("refs: [INC-2026-004, R-009]", "refs: [INC-2026-04, R-009]"),
    );
    await watched(c, [{ path, type: 2 }]);
    const ds = await c.diagnosticsOf(uriOf(path), (x) => codes(x).includes("unknown-reference"));
    assert.equal(
      message(ds.find((d) => d.code === "unknown-reference")!),
      "Unknown reference 'INC-2026-04' (did you mean the incident 'INC-2026-004'?)",
    );
    await fix("improvements.yaml", "unknown-reference", /^Change to 'INC-2026-004'$/);
    await c.diagnosticsOf(uriOf(path), (x) => !codes(x).includes("unknown-reference"));
    assert.match(readFileSync(path, "utf8"), /refs: \[INC-2026-004, R-009\]/);
  });
});
