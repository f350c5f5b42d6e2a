// The language server driven over stdio by a real JSON-RPC client, on a copy of the example ISMS.
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { checkWorkspace } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { parseDay } from "../../server/src/core/values";
import {
  AuditProgrammeRequest,
  DueItemsRequest,
  MarkReviewedRequest,
  RiskRegisterRequest,
  SummaryRequest,
} from "../../server/src/protocol";
import {
  applyEdits,
  codesAndLines,
  copyOf,
  editsFor,
  EXAMPLE,
  positionOf,
  startClient,
  TODAY,
  uriOf,
  watched,
  type Client,
} from "./client";

let dir: string;
let c: Client;
const p = (rel: string) => join(dir, rel);
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);

async function completionAt(path: string, needle: string, delta: number): Promise<CompletionItem[]> {
  const res = (await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
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

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

describe("scan and diagnostics", () => {
  test("after the scan, every file's diagnostics equal a full check (closed files included)", () => {
    const ws = loadDirectory(dir);
    const expected = checkWorkspace(ws, { today: parseDay(TODAY), fileExists }).map(
      (f) => `${f.file}:${f.code}:${f.start.line + 1}`,
    );
    const got = [...c.diagnostics].flatMap(([uri, ds]) =>
      ds.map((d) => `${fileURLToPath(uri)}:${d.code}:${d.range.start.line + 1}`),
    );
    assert.deepEqual(got.sort(), expected.sort());
    assert.equal(expected.length, 36); // the example's documented gaps
  });

  test("each diagnostic names its rule and links to the rule's page", () => {
    const ds = c.diagnostics.get(uriOf(p("suppliers.yaml")))!;
    const d = ds.find((x) => x.code === "review-overdue")!;
    assert.equal(d.source, "isms");
    assert.equal(d.range.start.line, 88);
    assert.match(text(d), /Supplier SUP-PAYROLL is overdue for review/);
    const page = fileURLToPath(d.codeDescription!.href);
    assert.match(readFileSync(page, "utf8"), /^# review-overdue/);
  });

  test("an incremental edit re-checks the file: a fix clears its finding, a typo adds one", async () => {
    const path = p("risks/people-and-suppliers.yaml");
    await c.open(path);
    const text = c.text(path);
    const at = positionOf(text, "owner: devops-lead", 7);
    await c.change(path, { start: at, end: { line: at.line, character: at.character + 11 } }, "dev-lead");
    const fixed = await c.diagnosticsOf(uriOf(path), (ds) => !codes(ds).includes("unknown-role"));
    assert.deepEqual(codesAndLines(fixed), []);
    // Type a syntax error into one risk: that risk's line is reported, the rest of the file still checked.
    const bad = positionOf(c.text(path), "likelihood: 3");
    await c.change(path, { start: bad, end: bad }, "  [oops\n");
    const broken = await c.diagnosticsOf(uriOf(path), (ds) => codes(ds).includes("yaml-syntax"));
    assert.ok(broken.some((d) => d.code === "yaml-syntax" && d.range.start.line >= bad.line - 1));
    await c.change(path, { start: bad, end: { line: bad.line + 1, character: 0 } }, "");
    await c.diagnosticsOf(uriOf(path), (ds) => ds.length === 0);
    assert.equal(c.text(path), text.replace("owner: devops-lead", "owner: dev-lead"));
  });

  test("renaming a role's id in roles.yaml (unsaved) lights up the risks that cite it, and undo clears them", async () => {
    const roles = p("roles.yaml");
    await c.open(roles);
    const at = positionOf(c.text(roles), "id: cto", 4);
    const range = { start: at, end: { line: at.line, character: at.character + 3 } };
    const cloud = uriOf(p("risks/cloud-platform.yaml"));
    await c.change(roles, range, "chief-technology-officer");
    const lit = await c.diagnosticsOf(cloud, (ds) => codes(ds).includes("unknown-role"));
    assert.ok(lit.every((d) => d.code === "unknown-role" && /Unknown role 'cto'/.test(text(d))));
    assert.ok(codes(c.diagnostics.get(uriOf(p("assets.yaml")))!).includes("unknown-role"));
    await c.change(roles, { start: at, end: { line: at.line, character: at.character + 24 } }, "cto");
    await c.diagnosticsOf(cloud, (ds) => ds.length === 0);
    await c.close(roles);
  });

  test("files created, changed and deleted on disk are picked up through watched-file events", async () => {
    const extra = p("risks/extra.yaml");
    writeFileSync(
      extra,
      "kind: risks\nrisks:\n  - id: R-900\n    title: Extra\n    owner: nobody\n    likelihood: 1\n    impact: 1\n    treatment: avoid\n    reviewed: 2026-11-01\n",
    );
    await watched(c, [{ path: extra, type: 1 }]);
    const ds = await c.diagnosticsOf(uriOf(extra), (d) => d.length > 0);
    assert.deepEqual(codesAndLines(ds), ["unknown-role:5"]);
    writeFileSync(extra, readFileSync(extra, "utf8").replace("nobody", "iso"));
    await watched(c, [{ path: extra, type: 2 }]);
    await c.diagnosticsOf(uriOf(extra), (d) => d.length === 0);
    writeFileSync(extra, readFileSync(extra, "utf8").replace("R-900", "R-001"));
    await watched(c, [{ path: extra, type: 2 }]);
    await c.diagnosticsOf(uriOf(extra), (d) => codes(d).includes("duplicate-id"));
    rmSync(extra);
    await watched(c, [{ path: extra, type: 3 }]);
    await c.diagnosticsOf(uriOf(extra), (d) => d.length === 0);
  });
});

describe("completion", () => {
  test("a risk owner completes role ids with title and holder", async () => {
    const path = p("risks/cloud-platform.yaml");
    await c.open(path);
    const items = await completionAt(path, "owner: platform-lead", 7);
    const iso = items.find((i) => i.label === "iso")!;
    assert.ok(iso, "iso offered");
    assert.match(iso.detail!, /Information Security Officer · /);
    assert.ok(!items.some((i) => i.label.startsWith("A.")), "no controls for an owner");
  });

  test("controls complete Annex A ids with titles and themes, matching words of the title", async () => {
    const path = p("risks/cloud-platform.yaml");
    const items = await completionAt(path, "controls: [", 11);
    const crypto = items.find((i) => i.label === "A.8.24")!;
    assert.equal(crypto.detail, "Use of cryptography");
    assert.equal(crypto.labelDetails?.description, "Technological");
    assert.match(crypto.filterText!, /cryptography/);
    assert.equal(items.filter((i) => /^A\.\d+\.\d+$/.test(i.label)).length, 93);
  });

  test("keys: the schema's keys not yet present, with their docs; enum values for treatment", async () => {
    const path = p("risks/cloud-platform.yaml");
    const text = c.text(path);
    const at = positionOf(text, "    treatment: ");
    await c.change(path, { start: at, end: at }, "    \n");
    const items = await completionAt(path, "    \n    treatment", 4);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("accepted_by") && labels.includes("review_every"), labels.join());
    assert.ok(!labels.includes("residual"), "present keys are not offered");
    assert.ok(!labels.includes("treatment") && !labels.includes("id") && !labels.includes("owner"));
    const doc = items.find((i) => i.label === "accepted_by")!.documentation as MarkupContent;
    assert.ok(doc.value.length > 10);
    await c.change(path, { start: at, end: { line: at.line + 1, character: 0 } }, "");
    const enumItems = await completionAt(path, "treatment: ", 11);
    assert.deepEqual(enumItems.map((i) => i.label).sort(), ["accept", "avoid", "mitigate", "transfer"]);
  });

  test("dates offer today and today plus the review interval", async () => {
    const path = p("risks/cloud-platform.yaml");
    const items = await completionAt(path, "reviewed: ", 10);
    assert.equal(items[0].label, TODAY);
    assert.match(items[1].detail!, /^today \+ \d+ months?$/);
  });

  test("an empty list item offers a new entry with the next id and its required keys", async () => {
    const path = p("roles.yaml");
    await c.open(path);
    const text = c.text(path);
    const end = positionOf(text + "\u0000", "\u0000");
    await c.change(path, { start: end, end }, "  - ");
    const items = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: { line: end.line, character: 4 },
    })) as CompletionList;
    const skeleton = items.items.find((i) => i.label === "new role")!;
    assert.ok(skeleton, "skeleton offered");
    const newText = (skeleton.textEdit as { newText: string }).newText;
    assert.match(newText, /^id: \$\{1:[\w-]+\}\n {4}title: \$\{2:title\}$/);
    await c.change(path, { start: end, end: { line: end.line, character: end.character + 4 } }, "");
    await c.close(path);
  });
});

describe("hover", () => {
  test("a role id shows title, holder, reporting line, responsibilities and what it owns", async () => {
    const h = await hoverAt(p("risks/cloud-platform.yaml"), "owner: platform-lead", 8);
    assert.match(h, /\*\*platform-lead\*\*/);
    assert.match(h, /Holder: /);
    assert.match(h, /Reports to: cto \(Chief Technology Officer\)/);
    assert.match(h, /Owner of \d+ risks/);
  });

  test("a control id shows its title, theme, SoA status and the risks citing it", async () => {
    const h = await hoverAt(p("risks/cloud-platform.yaml"), "A.8.24", 2);
    assert.match(h, /\*\*A\.8\.24\*\* · Use of cryptography/);
    assert.match(h, /Technological control/);
    assert.match(h, /SoA: applicable/);
    assert.match(h, /Cited by \d+ risks?: R-/);
  });

  test("a risk id shows score, level, treatment, residual and next review", async () => {
    const h = await hoverAt(p("risks/cloud-platform.yaml"), "id: R-", 5);
    assert.match(h, /Score: \d × \d = \*\*\d+\*\* \(\w+\)/);
    assert.match(h, /Treatment: /);
    assert.match(h, /Next review: \d{4}-\d\d-\d\d/);
  });

  test("a key shows its schema doc; a review date shows when the next review falls due", async () => {
    const path = p("risks/cloud-platform.yaml");
    assert.match(
      await hoverAt(path, "likelihood:", 2),
      /\*\*likelihood\*\*\n\nInherent likelihood, 1 \(lowest\) to 5/,
    );
    assert.match(await hoverAt(path, "reviewed: 20", 12), /Next review due \*\*\d{4}-\d\d-\d\d\*\*/);
  });
});

describe("navigation", () => {
  test("definition of a role reference is the role's id in roles.yaml", async () => {
    const path = p("risks/cloud-platform.yaml");
    const locs = (await c.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "owner: platform-lead", 9),
    })) as { uri: string; range: { start: { line: number } } }[];
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, uriOf(p("roles.yaml")));
    const line = readFileSync(p("roles.yaml"), "utf8").split("\n")[locs[0].range.start.line];
    assert.match(line, /id: platform-lead/);
  });

  test("references of a role span every file that cites it; highlight stays in the file", async () => {
    const path = p("risks/cloud-platform.yaml");
    const pos = positionOf(c.text(path), "owner: platform-lead", 9);
    const refs = (await c.conn.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: pos,
      context: { includeDeclaration: true },
    }))!;
    const files = new Set(refs.map((r) => r.uri.split("/").pop()));
    assert.ok(
      files.has("roles.yaml") && files.has("cloud-platform.yaml") && files.size >= 3,
      [...files].join(),
    );
    const hl = (await c.conn.sendRequest(DocumentHighlightRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: pos,
    }))!;
    assert.equal(hl.length, refs.filter((r) => r.uri === uriOf(path)).length);
  });

  test("rename of a role edits every ISMS file (not unrelated YAML) and leaves no finding", async () => {
    const roles = p("roles.yaml");
    await c.open(roles);
    const pos = positionOf(c.text(roles), "id: cto", 5);
    const prep = await c.conn.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri: uriOf(roles) },
      position: pos,
    });
    assert.deepEqual(prep && "placeholder" in prep ? prep.placeholder : undefined, "cto");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(roles) },
      position: pos,
      newName: "chief-tech",
    });
    const uris = Object.keys(edit!.changes!);
    assert.ok(!uris.some((u) => u.includes("deploy")), "the Kubernetes file is untouched");
    assert.ok(uris.length >= 5);
    for (const uri of uris) {
      const path = fileURLToPath(uri);
      const before = readFileSync(path, "utf8");
      const after = applyEdits(before, editsFor(edit, path));
      assert.equal(after.split("\n").length, before.split("\n").length, "line structure kept");
      assert.doesNotMatch(after, /(: |\[|, |- )cto\b/, path);
      assert.match(after, /chief-tech/, path);
    }
    await c.close(roles);
  });

  test("prepareRename refuses an Annex A control id and a non-id", async () => {
    const path = p("risks/cloud-platform.yaml");
    await assert.rejects(
      c.conn.sendRequest(PrepareRenameRequest.type, {
        textDocument: { uri: uriOf(path) },
        position: positionOf(c.text(path), "A.8.24", 2),
      }),
      /A\.8\.24 is an ISO\/IEC 27001 control id and cannot be renamed/,
    );
    await assert.rejects(
      c.conn.sendRequest(PrepareRenameRequest.type, {
        textDocument: { uri: uriOf(path) },
        position: positionOf(c.text(path), "likelihood:", 1),
      }),
      /Only ids can be renamed/,
    );
  });

  test("document symbols outline the entries; workspace symbols find ids and titles", async () => {
    const path = p("risks/cloud-platform.yaml");
    const syms = (await c.conn.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: uriOf(path) },
    })) as DocumentSymbol[];
    const risks = syms.find((s) => s.name === "risks")!;
    assert.ok(risks.children!.length > 5);
    assert.match(risks.children![0].name, /^R-\d+$/);
    assert.ok(risks.children![0].detail!.length > 0);
    const ws = (await c.conn.sendRequest(WorkspaceSymbolRequest.type, { query: "cryptography" }))!;
    assert.ok(ws.some((s) => s.name.startsWith("A.8.24")));
    const byId = (await c.conn.sendRequest(WorkspaceSymbolRequest.type, { query: "SUP-PAYROLL" }))!;
    assert.equal(byId[0].name, "SUP-PAYROLL PayFlow Payroll Ltd");
  });
});

describe("code lens", () => {
  test("risks show score, level and next review; roles what they own; SoA controls risks and last audit", async () => {
    const lens = async (rel: string) =>
      ((await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(p(rel)) } })) ?? []).map(
        (l) => l.command!.title,
      );
    await c.open(p("roles.yaml"));
    await c.open(p("soa.yaml"));
    assert.match(
      (await lens("risks/cloud-platform.yaml"))[0],
      /^score \d+ · \w+( · residual \d+ \w+)? · review due \d{4}-\d\d-\d\d$/,
    );
    assert.ok((await lens("roles.yaml")).some((t) => /^owner of \d+ risks, \d+ assets/.test(t)));
    assert.match((await lens("soa.yaml"))[0], /^\d+ risks? · (last audited IA-\d{4}-\d\d|not audited)$/);
    await c.close(p("roles.yaml"));
    await c.close(p("soa.yaml"));
  });
});

describe("quick fixes (applied, then re-checked)", () => {
  async function fix(rel: string, code: string, title: RegExp) {
    const path = p(rel);
    if (!c.diagnostics.get(uriOf(path))?.some((d) => d.code === code))
      throw new Error(`no ${code} in ${rel}`);
    const d = c.diagnostics.get(uriOf(path))!.find((x) => x.code === code)!;
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(path) },
      range: d.range,
      context: { diagnostics: [d] },
    }))!;
    const a = actions.find((x) => "edit" in x && title.test(x.title)) as {
      edit: WorkspaceEdit;
    };
    assert.ok(a, `${title} among ${actions.map((x) => x.title).join(" | ")}`);
    // Apply the edit to every file it touches, as an editor would (open documents get didChange).
    for (const [uri, edits] of Object.entries(a.edit.changes!)) {
      const file = fileURLToPath(uri);
      if (!c.diagnostics.has(uri) && !existsSync(file)) continue;
      const next = applyEdits(readFileSync(file, "utf8"), edits);
      writeFileSync(file, next);
      await watched(c, [{ path: file, type: 2 }]);
    }
    return d;
  }

  test("mark reviewed today sets reviewed: and keeps the comments", async () => {
    await fix("suppliers.yaml", "review-overdue", /^Mark reviewed today$/);
    await c.diagnosticsOf(uriOf(p("suppliers.yaml")), (ds) => !codes(ds).includes("review-overdue"));
    const text = readFileSync(p("suppliers.yaml"), "utf8");
    assert.match(text, /id: SUP-PAYROLL[\s\S]*?reviewed: 2026-11-29/);
    assert.equal(
      text.split("#").length,
      readFileSync(join(EXAMPLE, "suppliers.yaml"), "utf8").split("#").length,
    );
  });

  test("create the missing role from unknown-role", async () => {
    const path = p("risks/people-and-suppliers.yaml");
    await c.close(path);
    await c.diagnosticsOf(uriOf(path), (ds) => codes(ds).includes("unknown-role"));
    await fix(
      "risks/people-and-suppliers.yaml",
      "unknown-role",
      /^Create role 'devops-lead' in roles\.yaml$/,
    );
    await c.diagnosticsOf(uriOf(path), (ds) => !codes(ds).includes("unknown-role"));
    assert.match(
      readFileSync(p("roles.yaml"), "utf8"),
      /\n {2}- id: devops-lead\n {4}title: devops-lead\n {4}assigned: 2026-11-29\n/,
    );
  });

  test("replace a 2013 control id by its 2022 equivalent", async () => {
    await fix(
      "risks/corporate-it.yaml",
      "unknown-control",
      /^Replace A\.12\.3\.1 \(2013\) by A\.8\.13 Information backup$/,
    );
    await c.diagnosticsOf(
      uriOf(p("risks/corporate-it.yaml")),
      (ds) => !codes(ds).includes("unknown-control"),
    );
    assert.match(
      readFileSync(p("risks/corporate-it.yaml"), "utf8"),
      /controls: \[A\.5\.14, A\.8\.12, A\.5\.13, A\.8\.13\]/,
    );
  });

  test("record an acceptance on a risk above appetite", async () => {
    await fix("risks/corporate-it.yaml", "risk-above-appetite", /^Record acceptance by [\w-]+ today$/);
    await c.diagnosticsOf(
      uriOf(p("risks/corporate-it.yaml")),
      (ds) => !codes(ds).includes("risk-above-appetite"),
    );
    assert.match(
      readFileSync(p("risks/corporate-it.yaml"), "utf8"),
      /accepted_by: [\w-]+\n {4}accepted_on: 2026-11-29\n/,
    );
  });

  test("disable a rule for one line", async () => {
    await fix("training.yaml", "awareness-below-target", /^Disable awareness-below-target for this line$/);
    await c.diagnosticsOf(uriOf(p("training.yaml")), (ds) => ds.length === 0);
    assert.match(
      readFileSync(p("training.yaml"), "utf8"),
      /\n *# isms-disable-next-line awareness-below-target\n/,
    );
  });

  test("add the controls the SoA lacks, in catalogue order", async () => {
    const soa = p("soa.yaml");
    const original = readFileSync(soa, "utf8");
    const cut = original
      .replace(/ {2}A\.5\.2:[^\n]*\n( {4}[^\n]*\n)+/, "")
      .replace(/ {2}A\.8\.34:[^\n]*\n( {4}[^\n]*\n?)+/, "");
    writeFileSync(soa, cut);
    await watched(c, [{ path: soa, type: 2 }]);
    await c.diagnosticsOf(uriOf(soa), (ds) => codes(ds).includes("soa-missing-control"));
    await fix("soa.yaml", "soa-missing-control", /^Add the 2 missing controls to the SoA$/);
    await c.diagnosticsOf(uriOf(soa), (ds) => !codes(ds).includes("soa-missing-control"));
    const text = readFileSync(soa, "utf8");
    assert.ok(
      text.indexOf("A.5.1:") < text.indexOf("A.5.2:") && text.indexOf("A.5.2:") < text.indexOf("A.5.3:"),
    );
    assert.match(
      text,
      / {2}A\.8\.34: # Protection of information systems during audit testing\n {4}applicable: true\n/,
    );
  });

  test("add a corrective action to a finding", async () => {
    const path = p("audits/2026.yaml");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace("type: observation", "type: minor-nc"));
    await watched(c, [{ path, type: 2 }]);
    await c.diagnosticsOf(uriOf(path), (ds) => codes(ds).includes("finding-no-action"));
    await fix("audits/2026.yaml", "finding-no-action", /^Add a corrective action$/);
    await c.diagnosticsOf(uriOf(path), (ds) => !codes(ds).includes("finding-no-action"));
    assert.match(
      readFileSync(path, "utf8"),
      /\n {8}action:\n {10}description: Describe the corrective action\n {10}owner: [\w-]+\n {10}due: 2026-12-29\n/,
    );
  });
});

describe("custom requests", () => {
  test("isms/dueItems lists overdue and due-soon items with owner, days and location", async () => {
    const items = await c.conn.sendRequest(DueItemsRequest, {});
    const asset = items.find((i) => i.kind === "assets")!;
    assert.equal(asset.state, "due-soon");
    assert.ok(asset.daysOverdue! < 0);
    assert.equal(asset.location.uri, uriOf(p("assets.yaml")));
    const action = items.find((i) => i.kind === "actions")!;
    assert.equal(action.state, "overdue");
    assert.equal(action.ownerTitle !== undefined, true);
    const all = await c.conn.sendRequest(DueItemsRequest, { all: true });
    assert.ok(all.length > items.length);
  });

  test("isms/riskRegister, isms/auditProgramme and isms/summary", async () => {
    const reg = await c.conn.sendRequest(RiskRegisterRequest, {});
    assert.equal(reg.risks.length, 42);
    assert.equal(reg.appetite, 9);
    const r = reg.risks[0];
    assert.equal(r.inherent, r.likelihood! * r.impact!);
    assert.equal(
      reg.levels.reduce((n, l) => n + l.count, 0),
      42,
    );
    // A view of a huge register asks for a few risks per level; the counts stay complete.
    const few = await c.conn.sendRequest(RiskRegisterRequest, { limitPerLevel: 1 });
    assert.deepEqual(few.levels, reg.levels);
    assert.equal(few.risks.length, reg.levels.filter((l) => l.count > 0).length);
    const above = await c.conn.sendRequest(RiskRegisterRequest, { filter: "above" });
    const within = await c.conn.sendRequest(RiskRegisterRequest, { filter: "within" });
    assert.ok(above.risks.length > 0 && above.risks.every((x) => x.aboveAppetite));
    assert.ok(within.risks.every((x) => !x.aboveAppetite));
    assert.equal(above.risks.length + within.risks.length, 42);
    const prog = await c.conn.sendRequest(AuditProgrammeRequest, {});
    assert.equal(prog.audits.length, 9); // 5 internal audits, 4 by the certification body
    assert.ok(prog.audits.some((a) => a.findings.some((f) => f.action?.state === "overdue")));
    const sum = await c.conn.sendRequest(SummaryRequest, {});
    assert.equal(sum.organisation, "Acme Cloud Ltd");
    assert.equal(sum.today, TODAY);
    const all = [...c.diagnostics.values()].flat();
    assert.equal(sum.errors + sum.warnings + sum.information + sum.hints, all.length);
  });

  test("isms/markReviewedEdit returns the same edit as the quick fix", async () => {
    const uri = uriOf(p("assets.yaml"));
    const edit = await c.conn.sendRequest(MarkReviewedRequest, { uri, id: "AS-HW-LAPTOPS" });
    const edits = editsFor(edit, p("assets.yaml"));
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, TODAY);
    // The quick fix offered in the same entry (on its id) makes exactly that edit.
    const line = readFileSync(p("assets.yaml"), "utf8")
      .split("\n")
      .findIndex((l) => l.includes("id: AS-HW-LAPTOPS"));
    const at = { line, character: 10 };
    const actions = await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    const fix = actions?.find((a) => a.title === "Mark reviewed today") as
      { edit?: WorkspaceEdit } | undefined;
    assert.deepEqual(fix?.edit, edit);
  });
});
