// Context, interested parties and contacts over stdio, on a copy of the example ISMS (today 2026-11-29)
// with one more obligations file that cites a party and a contact: the deliberate gap, completion of a
// party id and of a contact type with its meaning, hover on a contact, rename of a party id across files,
// and the quick fixes of climate-change-not-considered and unknown-reference applied and re-checked.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  RenameRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Location,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
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
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

// An obligation that cites a party and a contact, so the party's id is referenced from another file.
const LEGAL = `kind: obligations
obligations:
  - id: OB-CTXTEST-1
    title: UK GDPR breach notification
    type: legal
    source: UK GDPR art. 33
    regulator: CON-ICO
    parties: [IP-ICO]
    controls: [A.5.24, A.5.34]
    documents: [DOC-PRC-03]
    owner: dpo
    status: compliant
    assessed: 2026-07-20
    reviewed: 2026-07-20
`;

before(async () => {
  dir = copyOf(EXAMPLE);
  writeFileSync(p("legal-context-test.yaml"), LEGAL);
  c = await startClient(dir);
  await c.open(p("parties.yaml"));
  await c.open(p("contacts.yaml"));
  await c.open(p("legal-context-test.yaml"));
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

async function completionAt(
  path: string,
  pos: { line: number; character: number },
): Promise<CompletionItem[]> {
  const res = (await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: pos,
  })) as CompletionList | null;
  return res?.items ?? [];
}

async function hoverAt(path: string, needle: string, delta = 1): Promise<string> {
  const h = await c.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

/** The code actions offered for a diagnostic. */
async function actionsFor(path: string, d: Diagnostic): Promise<CodeAction[]> {
  return ((await c.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(path) },
    range: d.range,
    context: { diagnostics: [d] },
  })) ?? []) as CodeAction[];
}

describe("context, parties and contacts in the editor", () => {
  test("the deliberate gap: the customers' SOC 2 requirement, on its line", async () => {
    const ds = await c.diagnosticsOf(uriOf(p("parties.yaml")), (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`),
      [
        "party-requirement-unaddressed 22 Interested party IP-CUSTOMERS (Customers of Acme Ledger): the requirement 'Provide a SOC 2 Type II report (asked by three enterprise prospects in 2026)' is not addressed",
      ],
    );
    assert.deepEqual(c.diagnostics.get(uriOf(p("contacts.yaml"))) ?? [], []);
    // The personal data breach INC-2026-003 has the ICO to notify.
    const incidents = c.diagnostics.get(uriOf(p("incidents.yaml"))) ?? [];
    assert.ok(!codes(incidents).includes("breach-no-authority-contact"));
  });

  test("completion of a party id in an obligation's parties", async () => {
    const path = p("legal-context-test.yaml");
    const at = positionOf(c.text(path), "parties: [IP-ICO]", "parties: [".length);
    const items = await completionAt(path, at);
    const byLabel = new Map(items.map((i) => [i.label, i]));
    for (const id of ["IP-CUSTOMERS", "IP-ICO", "IP-STAFF", "IP-AWS", "IP-SHAREHOLDERS", "IP-CERTBODY"])
      assert.ok(byLabel.has(id), `${id} among ${items.map((i) => i.label).join(", ")}`);
    assert.equal(byLabel.get("IP-ICO")?.detail, "Information Commissioner's Office");
    assert.ok(!byLabel.has("CON-ICO"), "only parties");
  });

  test("completion of a contact type lists every type with its meaning", async () => {
    const path = p("contacts.yaml");
    const at = positionOf(c.text(path), "type: csirt", "type: ".length);
    await c.change(path, { start: at, end: { line: at.line, character: at.character + "csirt".length } }, "");
    const items = await completionAt(path, at);
    assert.deepEqual(
      items.map((i) => i.label),
      [
        "supervisory-authority",
        "regulator",
        "law-enforcement",
        "csirt",
        "certification-body",
        "special-interest-group",
        "other",
      ],
    );
    assert.match(items[0].detail ?? "", /personal data breaches are notified/);
    assert.match(items.find((i) => i.label === "csirt")?.detail ?? "", /incident response team/);
    await c.change(path, { start: at, end: at }, "csirt");
  });

  test("hover on a contact shows organisation, type, how and reference", async () => {
    const own = await hoverAt(p("contacts.yaml"), "id: CON-ICO", 5);
    assert.match(own, /^\*\*CON-ICO\*\* · Information Commissioner's Office$/m);
    assert.match(own, /^Contact: supervisory-authority$/m);
    assert.match(own, /^How: Breach reporting line 0303 123 1113 \(Monday to Friday/m);
    assert.match(own, /^Reference: ZA482913$/m);
    assert.match(own, /^Next review: 2027-07-20 \(in \d+ days\)$/m);
    // The same from a reference to it, and go to definition lands on the contact.
    const path = p("legal-context-test.yaml");
    assert.equal(await hoverAt(path, "regulator: CON-ICO", "regulator: ".length + 1), own);
    const def = (await c.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "regulator: CON-ICO", "regulator: ".length + 1),
    })) as Location[];
    assert.equal(fileURLToPath(def[0].uri), p("contacts.yaml"));
    assert.equal(def[0].range.start.line, positionOf(c.text(p("contacts.yaml")), "id: CON-ICO").line);
  });

  test("hover on a party lists its requirements and latest feedback", async () => {
    const h = await hoverAt(p("parties.yaml"), "id: IP-CUSTOMERS", 5);
    assert.match(h, /^Requirements: 5, 1 not addressed$/m);
    assert.match(h, /^- Provide a SOC 2 Type II report .*: ✗ not addressed$/m);
    assert.match(h, /^Latest feedback \(2026-09-18\): Customer survey: 4\.4\/5/m);
  });

  test("hover on a risk a context issue cites, and on the issue itself", async () => {
    const path = p("context.yaml");
    await c.open(path);
    const issue = await hoverAt(path, "id: CTX-07", 5);
    assert.match(issue, /^\*\*CTX-07\*\* · Flooding and heat at the Leeds office$/m);
    assert.match(issue, /^External issue \(clause 4\.1\) · climate$/m);
    assert.match(issue, /^Risks: R-025, R-038$/m);
    const risk = await hoverAt(path, "risks: [R-025, R-038]", "risks: [".length + 1);
    assert.match(risk, /^\*\*R-025\*\* · Power outage at the office/m);
  });

  test("rename of a party id edits its definition and the obligation that cites it", async () => {
    const parties = p("parties.yaml");
    const edit = (await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(parties) },
      position: positionOf(c.text(parties), "id: IP-ICO", 5),
      newName: "IP-ICO-UK",
    })) as WorkspaceEdit;
    const legal = p("legal-context-test.yaml");
    const inParties = editsFor(edit, parties);
    const inLegal = editsFor(edit, legal);
    assert.equal(inParties.length, 1);
    assert.equal(inLegal.length, 1);
    for (const e of [...inParties, ...inLegal]) assert.equal(e.newText, "IP-ICO-UK");
    // The definition alone renamed leaves the obligation's reference dangling ...
    await c.replace(parties, applyEdits(c.text(parties), inParties));
    const dangling = await c.diagnosticsOf(uriOf(legal), (d) => codes(d).includes("unknown-party"));
    assert.match(text(dangling.find((d) => d.code === "unknown-party")!), /^Unknown party 'IP-ICO' /);
    // ... which the rename's edit of the other file resolves.
    await c.replace(legal, applyEdits(c.text(legal), inLegal));
    assert.match(c.text(legal), /parties: \[IP-ICO-UK\]/);
    assert.match(c.text(parties), /- id: IP-ICO-UK\n/);
    await c.diagnosticsOf(uriOf(legal), (d) => !codes(d).includes("unknown-party"));
  });

  test("unknown-reference: a typo gets its did-you-mean as the preferred quick fix", async () => {
    const path = p("parties.yaml");
    const at = positionOf(c.text(path), "via: [DOC-POL-03, A.6.7]", "via: [".length);
    const end = { line: at.line, character: at.character + "DOC-POL-03".length };
    await c.change(path, { start: at, end }, "DOC-POL-3");
    const ds = await c.diagnosticsOf(uriOf(path), (d) => codes(d).includes("unknown-reference"));
    const d = ds.find((x) => x.code === "unknown-reference")!;
    assert.equal(text(d), "Unknown reference 'DOC-POL-3' (did you mean the document 'DOC-POL-03'?)");
    assert.equal(d.range.start.line, at.line);
    const fix = (await actionsFor(path, d)).find((a) => a.title === "Change to 'DOC-POL-03'");
    assert.ok(fix?.isPreferred);
    await c.replace(path, applyEdits(c.text(path), editsFor(fix.edit!, path)));
    await c.diagnosticsOf(uriOf(path), (x) => !codes(x).includes("unknown-reference"));
    assert.match(c.text(path), /via: \[DOC-POL-03, A\.6\.7\]/);
    // via is a reference like any other: go to definition, and the document's id is completed there.
    const defs = (await c.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: at,
    })) as Location[];
    assert.deepEqual(
      defs.map((l) => l.uri),
      [uriOf(p("documents.yaml"))],
    );
  });

  test("climate-change-not-considered: without the decision, reported on the manifest; the fix records it", async () => {
    const path = p("isms.yaml");
    const original = readFileSync(path, "utf8");
    const without = original.replace(/\nclimate_change:[^\n]*\n(?: {2}[^\n]*\n)+/, "\n");
    assert.notEqual(without, original);
    writeFileSync(path, without);
    await watched(c, [{ path, type: 2 }]);
    const ds = await c.diagnosticsOf(uriOf(path), (d) => codes(d).includes("climate-change-not-considered"));
    const d = ds.find((x) => x.code === "climate-change-not-considered")!;
    assert.equal(d.range.start.line, 1, "on the kind line");
    assert.equal(d.severity, 3, "information");
    const actions = await actionsFor(path, d);
    const fix = actions.find((a) => a.title === "Record that climate change is a relevant issue");
    assert.ok(fix, actions.map((a) => a.title).join(" | "));
    const fixed = applyEdits(without, editsFor(fix.edit!, path));
    assert.match(
      fixed,
      /^kind: isms\nclimate_change: \{ relevant: true, note: "Assessed 2026-11-29: relevant; addressed in the context issues and the risks they cite" \}\n/m,
    );
    writeFileSync(path, fixed);
    await watched(c, [{ path, type: 2 }]);
    const after = await c.diagnosticsOf(
      uriOf(path),
      (x) => !codes(x).includes("climate-change-not-considered"),
    );
    assert.ok(!codes(after).includes("schema"), "the fixed manifest is valid");
  });
});
