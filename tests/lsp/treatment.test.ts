// The certification cycle and the risk treatment plan through the language server over stdio, on a copy
// of the example: completion of an audit's type with its meaning, a risk's hover and code lens with its
// plan's state, definition of the plan's approver, the certificate's expiry in the Overdue request and
// its findings as the date moves, and the quick fixes of mitigation-no-plan and surveillance-audit-missing.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  ReferencesRequest,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { DueItemsRequest } from "../../server/src/protocol";
import {
  applyEdits,
  copyOf,
  EXAMPLE,
  freshCheck,
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

async function hoverAt(client: Client, path: string, needle: string, delta = 1): Promise<string> {
  const h = await client.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(client.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

/** Applies the quick fix titled `title` of the first `code` finding of a file, on disk, as an editor would. */
async function fix(client: Client, path: string, code: string, title: RegExp): Promise<string> {
  const d = (await client.diagnosticsOf(uriOf(path), (ds) => codes(ds).includes(code))).find(
    (x) => x.code === code,
  )!;
  const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(path) },
    range: d.range,
    context: { diagnostics: [d] },
  }))!;
  const a = actions.find((x) => "edit" in x && title.test(x.title)) as { title: string; edit: WorkspaceEdit };
  assert.ok(a, `${title} among ${actions.map((x) => x.title).join(" | ")}`);
  for (const [uri, edits] of Object.entries(a.edit.changes!)) {
    const file = fileURLToPath(uri);
    writeFileSync(file, applyEdits(readFileSync(file, "utf8"), edits));
    await watched(client, [{ path: file, type: 2 }]);
  }
  return a.title;
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

describe("audits", () => {
  test("completion of an audit's type offers every type with what it means", async () => {
    const path = p("audits/certification.yaml");
    await c.open(path, readFileSync(path, "utf8").replace("type: certification-stage-1", "type: "));
    const res = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "type: \n", 6),
    })) as CompletionList | null;
    const items = res?.items ?? [];
    assert.deepEqual(
      items.map((i) => i.label),
      [
        "internal",
        "certification-stage-1",
        "certification-stage-2",
        "surveillance",
        "recertification",
        "client",
        "supplier",
        "regulator",
      ],
    );
    assert.match(items.find((i) => i.label === "surveillance")!.detail ?? "", /keeps the certificate/);
    await c.close(path);
  });

  test("the certification audits' reports exist and nothing in the file is reported", async () => {
    // A fresh check of the folder finds nothing in it; the server, once past the close of the completion
    // test (a request answered after it), publishes nothing for it either.
    assert.equal(freshCheck([dir]).get(p("audits/certification.yaml")), undefined);
    await c.conn.sendRequest(DueItemsRequest, {});
    assert.deepEqual(codes(c.diagnostics.get(uriOf(p("audits/certification.yaml"))) ?? []), []);
    for (const r of ["CB-2025-ST1", "CB-2025-ST2", "CB-2026-SA1"])
      assert.match(readFileSync(p(`audits/reports/${r}.md`), "utf8"), /^# BSI /);
  });
});

describe("risks", () => {
  test("hover on a risk shows its treatment plan: open actions and the owner's approval", async () => {
    const path = p("risks/cloud-platform.yaml");
    await c.open(path);
    const approved = await hoverAt(c, path, "id: R-004", 5);
    assert.match(
      approved,
      /Treatment plan: 1 open action, 1 closed; approved by platform-lead on 2026-09-15/,
    );
    const pending = await hoverAt(c, path, "id: R-012", 5);
    assert.match(pending, /Treatment plan: 1 open action; not approved by the owner/);
    const none = await hoverAt(c, path, "id: R-001", 5);
    assert.match(none, /Treatment plan: no actions; not approved by the owner/);
  });

  test("the code lens of a risk with open actions counts them", async () => {
    const path = p("risks/cloud-platform.yaml");
    const lenses = (
      (await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(path) } })) ?? []
    ).map((l) => l.command!.title);
    assert.match(
      lenses[1],
      /^score 10 · High · residual 4 Low · 2 open actions · review due \d{4}-\d\d-\d\d$/,
    );
    assert.doesNotMatch(lenses[0], /action/, "R-001 has no plan: its lens is as before");
  });

  test("definition of the plan's approver is the role", async () => {
    const path = p("risks/cloud-platform.yaml");
    const locs = (await c.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "plan_approved_by: platform-lead", 20),
    })) as { uri: string; range: { start: { line: number } } }[];
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, uriOf(p("roles.yaml")));
    assert.match(
      readFileSync(p("roles.yaml"), "utf8").split("\n")[locs[0].range.start.line],
      /id: platform-lead/,
    );
    // References of the role include the approvals and the owners of the plan's actions.
    const refs = (await c.conn.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "plan_approved_by: platform-lead", 20),
      context: { includeDeclaration: false },
    }))!;
    const lines = c.text(path).split("\n");
    const cited = refs.filter((r) => r.uri === uriOf(path)).map((r) => lines[r.range.start.line]);
    assert.ok(cited.includes("    plan_approved_by: platform-lead"));
    assert.ok(cited.includes("        owner: platform-lead"), "an action's owner");
    await c.close(path);
  });

  test("mitigation-no-plan on R-024, and its quick fix adds a treatment action", async () => {
    const path = p("risks/corporate-it.yaml");
    const ds = await c.diagnosticsOf(uriOf(path), (x) => codes(x).includes("mitigation-no-plan"));
    const d = ds.find((x) => x.code === "mitigation-no-plan")!;
    assert.equal(d.range.start.line + 1, 156);
    assert.equal(d.severity, 2);
    assert.equal(
      message(d),
      "Risk R-024 is mitigated by A.8.12 (partial), which is not yet implemented, and its treatment plan has no open action",
    );
    assert.equal(
      await fix(c, path, "mitigation-no-plan", /^Add a treatment action$/),
      "Add a treatment action",
    );
    await c.diagnosticsOf(uriOf(path), (x) => !codes(x).includes("mitigation-no-plan"));
    assert.match(
      readFileSync(path, "utf8"),
      /\n {4}actions:\n {6}- description: Complete the implementation of A\.8\.12\n {8}owner: it-manager\n {8}due: 2027-02-28\n/,
    );
  });
});

describe("the certificate", () => {
  test("the Overdue request lists its expiry when asked for everything, and when due soon or past", async () => {
    const all = await c.conn.sendRequest(DueItemsRequest, { all: true });
    const cert = all.find((i) => i.kind === "certification")!;
    assert.deepEqual(
      [cert.kindTitle, cert.kindLabel, cert.id, cert.title, cert.due, cert.state],
      [
        "Certification",
        "certificate expiry",
        "IS 812345",
        "ISO/IEC 27001:2022 certificate IS 812345 (BSI Assurance UK Ltd)",
        "2028-06-01",
        "later",
      ],
    );
    assert.equal(cert.location.uri, uriOf(p("isms.yaml")));
    const line = readFileSync(p("isms.yaml"), "utf8").split("\n")[cert.location.range.start.line];
    assert.match(line, /^ {2}expires: 2028-06-01/);
    assert.equal(
      (await c.conn.sendRequest(DueItemsRequest, {})).filter((i) => i.kind === "certification").length,
      0,
    );

    const manifest = p("isms.yaml");
    const text = readFileSync(manifest, "utf8");
    await c.open(manifest, text.replace("expires: 2028-06-01", "expires: 2026-12-20"));
    const soon = await c.diagnosticsOf(uriOf(manifest), (ds) => codes(ds).includes("certificate-expiring"));
    assert.equal(
      message(soon.find((d) => d.code === "certificate-expiring")!),
      "ISO/IEC 27001:2022 certificate IS 812345 (BSI Assurance UK Ltd) expires in 21 days, on 2026-12-20",
    );
    const due = (await c.conn.sendRequest(DueItemsRequest, {})).filter((i) => i.kind === "certification");
    assert.deepEqual(
      due.map((i) => `${i.id} ${i.due} ${i.state} ${i.daysOverdue}`),
      ["IS 812345 2026-12-20 due-soon -21"],
    );

    await c.replace(manifest, text.replace("expires: 2028-06-01", "expires: 2026-11-28"));
    const past = await c.diagnosticsOf(uriOf(manifest), (ds) => codes(ds).includes("certificate-expired"));
    assert.equal(past.find((d) => d.code === "certificate-expired")!.severity, 1);
    assert.ok(!codes(past).includes("certificate-expiring"));
    const overdue = (await c.conn.sendRequest(DueItemsRequest, {})).filter((i) => i.kind === "certification");
    assert.deepEqual(
      overdue.map((i) => `${i.due} ${i.state} ${i.daysOverdue}`),
      ["2026-11-28 overdue 1"],
    );
    await c.close(manifest);
    await c.diagnosticsOf(
      uriOf(manifest),
      (ds) => !codes(ds).includes("certificate-expired") && !codes(ds).includes("certificate-expiring"),
    );
  });

  test("a year on, with the surveillance audit missed: surveillance-audit-missing and its quick fix", async () => {
    const later = copyOf(EXAMPLE);
    const c2 = await startClient(later, { today: "2027-07-01" });
    try {
      const manifest = join(later, "isms.yaml");
      const ds = await c2.diagnosticsOf(uriOf(manifest), (x) =>
        codes(x).includes("surveillance-audit-missing"),
      );
      const d = ds.find((x) => x.code === "surveillance-audit-missing")!;
      assert.match(readFileSync(manifest, "utf8").split("\n")[d.range.start.line], /^certification:/);
      assert.equal(
        message(d),
        "The last certification-body audit, CB-2026-SA1 (surveillance), was performed on 2026-05-20, 13 months ago, and no surveillance audit is planned",
      );
      const title = await fix(c2, manifest, "surveillance-audit-missing", /^Plan surveillance audit /);
      assert.equal(title, "Plan surveillance audit SA-2027 for 2027-07-31");
      await c2.diagnosticsOf(uriOf(manifest), (x) => !codes(x).includes("surveillance-audit-missing"));
      const audits = readFileSync(join(later, "audits", "certification.yaml"), "utf8");
      assert.match(
        audits,
        /\n {2}- id: SA-2027\n {4}title: Surveillance audit\n {4}type: surveillance\n {4}body: BSI Assurance UK Ltd\n {4}scope: \[4, 5, 6, 7, 8, 9, 10\]\n {4}planned: 2027-07-31\n {4}status: planned\n/,
      );
      assert.deepEqual(
        codes(c2.diagnostics.get(uriOf(join(later, "audits", "certification.yaml"))) ?? []).filter(
          (x) => x !== "audit-overdue",
        ),
        [],
      );
    } finally {
      await c2.shutdown();
      rmSync(later, { recursive: true, force: true });
    }
  });
});
