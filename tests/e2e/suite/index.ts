// Runs inside the real extension host (code-server), like @vscode/test-electron's extensionTestsPath:
// the workspace is a copy of examples/acme-isms with isms.today fixed to 2026-11-29.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const file = (rel: string) => vscode.Uri.joinPath(folder(), rel);

async function until<T>(
  what: string,
  f: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const codes = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === "isms")
    .map((d) => `${String(typeof d.code === "object" ? d.code.value : d.code)}:${d.range.start.line + 1}`)
    .sort();

async function open(rel: string) {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0) {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

const tests: [string, () => Promise<void>][] = [
  [
    "ISMS files get the isms-yaml language (even when they start with a comment); other YAML stays yaml",
    async () => {
      const risks = await open("risks/people-and-suppliers.yaml");
      await until(
        "isms-yaml language",
        () =>
          vscode.workspace.textDocuments.find((d) => d.uri.toString() === risks.uri.toString())
            ?.languageId === "isms-yaml" || undefined,
      );
      const k8s = await open("deploy/api-deployment.yaml");
      // Documents are considered in the order they open: once a later ISMS file has its language, the
      // Kubernetes file was considered too.
      const later = await open("incidents.yaml");
      await until(
        "a later ISMS file adopted",
        () =>
          vscode.workspace.textDocuments.find((d) => d.uri.toString() === later.uri.toString())
            ?.languageId === "isms-yaml" || undefined,
      );
      assert.equal(
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === k8s.uri.toString())?.languageId,
        "yaml",
      );
    },
  ],
  [
    "VS Code holds the server's diagnostics for open and closed files (codes and lines)",
    async () => {
      await until(
        "unknown-role in people-and-suppliers",
        () => codes(file("risks/people-and-suppliers.yaml")).includes("unknown-role:43") || undefined,
      );
      await until(
        "closed files too",
        () =>
          codes(file("suppliers.yaml")).join() ===
            "questionnaire-outstanding:77,review-overdue:89,supplier-certificate-expired:76,supplier-dpa-missing:87" ||
          undefined,
      );
      assert.deepEqual(codes(file("risks/corporate-it.yaml")), [
        "mitigation-no-plan:156",
        "risk-above-appetite:37",
        "unknown-control:157",
      ]);
      assert.deepEqual(codes(file("deploy/api-deployment.yaml")), []);
    },
  ],
  [
    "completion and hover through the execute*Provider commands",
    async () => {
      const doc = await open("risks/cloud-platform.yaml");
      await until("isms-yaml", () => (doc.languageId === "isms-yaml" ? true : undefined));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        "vscode.executeCompletionItemProvider",
        doc.uri,
        positionOf(doc, "owner: platform-lead", 7),
      );
      const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
      assert.ok(labels.includes("iso") && labels.includes("ceo"), labels.slice(0, 10).join());
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        "vscode.executeHoverProvider",
        doc.uri,
        positionOf(doc, "A.8.24", 2),
      );
      const text = hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value)))
        .join("\n");
      assert.match(text, /A\.8\.24\*\* · Use of cryptography/);
    },
  ],
  [
    "Generate Report writes the file (Markdown and HTML) into the reports folder",
    async () => {
      await vscode.commands.executeCommand("isms.generateReport", { type: "risk-register", format: "md" });
      const md = file("reports/risk-register.md");
      assert.ok(existsSync(md.fsPath));
      assert.match(readFileSync(md.fsPath, "utf8"), /^# Risk register/);
      await vscode.commands.executeCommand("isms.generateReport", { type: "soa", format: "html" });
      assert.match(
        readFileSync(file("reports/soa.html").fsPath, "utf8"),
        /<h1>Statement of Applicability<\/h1>/,
      );
      await vscode.commands.executeCommand("isms.generateReport", { type: "roles", format: "docx" });
      assert.ok(existsSync(file("reports/roles.docx").fsPath));
    },
  ],
  [
    "Answer Questionnaire drafts answers from the library into <name>.draft.csv beside the CSV",
    async () => {
      const csv = file("client-audit.csv");
      writeFileSync(
        csv.fsPath,
        '\uFEFFQuestion,Comment\r\n"Do you back up data, and test restores?",\r\nWhich regions host our data?,\r\n',
      );
      const draft = await vscode.commands.executeCommand<vscode.Uri>("isms.answerQuestionnaire", csv);
      assert.equal(draft?.fsPath, file("client-audit.draft.csv").fsPath);
      const lines = readFileSync(draft.fsPath, "utf8").split("\r\n");
      assert.equal(
        lines[0],
        "\uFEFFquestion,proposed_answer,answer_id,score,controls,documents,other_matches",
      );
      // ANS-004 shares back, data, test and restores with its question: 4 x 2.
      assert.match(
        lines[1],
        /^"Do you back up data, and test restores\?","Production databases are backed up/,
      );
      assert.match(lines[1], /",ANS-004,8,"A\.8\.13, A\.5\.30",DOC-PRC-02,/);
      assert.equal(lines[2], "Which regions host our data?,,,0,,,");
      assert.equal(lines.length, 4);
      // The draft is open for review.
      await until(
        "the draft open in an editor",
        () =>
          vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === draft.fsPath) || undefined,
      );
      rmSync(csv.fsPath);
    },
  ],
  [
    "Mark Reviewed Today edits the entry through the server and keeps the comments",
    async () => {
      const doc = await open("assets.yaml");
      const before = doc.getText();
      const editor = vscode.window.activeTextEditor!;
      editor.selection = new vscode.Selection(
        positionOf(doc, "id: AS-HW-LAPTOPS", 5),
        positionOf(doc, "id: AS-HW-LAPTOPS", 5),
      );
      await vscode.commands.executeCommand("isms.markReviewed");
      await until("reviewed today", () =>
        doc.getText().includes("reviewed: 2026-11-29") ? true : undefined,
      );
      assert.equal(doc.getText().split("#").length, before.split("#").length);
      await until("review-due-soon gone", () =>
        !codes(doc.uri).includes("review-due-soon:84") ? true : undefined,
      );
    },
  ],
  [
    "the other commands run: dashboard, check workspace, refresh, filter, server log, restart",
    async () => {
      const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>("isms.showDashboard");
      assert.ok(panel && /<h1>ISMS dashboard<\/h1>/.test(panel.webview.html));
      assert.match(panel.webview.html, /Content-Security-Policy" content="default-src 'none'/);
      assert.ok(panel.webview.html.includes('class="heat-cell"'));
      panel.dispose();
      await vscode.commands.executeCommand("isms.checkWorkspace");
      await vscode.commands.executeCommand("isms.refreshViews");
      const ctx = vscode.extensions.getExtension("isms.isms")?.exports as { risks: { filter: string } };
      await vscode.commands.executeCommand("isms.filterRisks", "above");
      assert.equal(ctx.risks.filter, "above");
      await vscode.commands.executeCommand("isms.filterRisks", "all");
      assert.equal(ctx.risks.filter, "all");
      await vscode.commands.executeCommand("isms.showServerLog");
      await vscode.commands.executeCommand("isms.restartServer");
      await until("diagnostics after restart", () =>
        codes(file("incidents.yaml")).includes("breach-notification-late:46") ? true : undefined,
      );
    },
  ],
  [
    "the server killed with SIGKILL mid-edit: the client restarts it; diagnostics and views are back, once each",
    async () => {
      type Ctx = {
        client?: { isRunning(): boolean; _serverProcess?: { pid?: number } };
        due: { getChildren(): Promise<{ label: string; children?: { label: string }[] }[]> };
      };
      const ctx = vscode.extensions.getExtension("isms.isms")?.exports as Ctx;
      // The LanguageClient's child process (node IPC): not public API, but what the client restarts.
      const pidOf = () => (ctx.client?.isRunning() ? ctx.client._serverProcess?.pid : undefined);
      const pid = await until("the server's pid", pidOf);
      const doc = await open("risks/people-and-suppliers.yaml");
      await until("unknown-role at line 43", () => codes(doc.uri).includes("unknown-role:43") || undefined);
      // Mid-edit: a line typed above the finding, not saved.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), "# typed before the crash\n");
      assert.ok(await vscode.workspace.applyEdit(edit));
      await until(
        "the finding moved with the edit",
        () => codes(doc.uri).includes("unknown-role:44") || undefined,
      );
      const closed = ["suppliers.yaml", "risks/corporate-it.yaml", "incidents.yaml"];
      const before = closed.map((rel) => codes(file(rel)));
      const killed = Date.now();
      process.kill(pid, "SIGKILL");
      const next = await until("a new server process", () => {
        const p = pidOf();
        return p !== undefined && p !== pid ? p : undefined;
      });
      assert.notEqual(next, pid);
      // The restarted server got the editor's unsaved text, and republished the closed files.
      await until(
        "the open document's diagnostics",
        () => codes(doc.uri).includes("unknown-role:44") || undefined,
      );
      await until(
        "closed files' diagnostics",
        () => closed.every((rel, i) => codes(file(rel)).join() === before[i].join()) || undefined,
      );
      const view = await until("the Overdue view's data", async () => {
        const roots = await ctx.due.getChildren();
        return JSON.stringify(roots).includes("SUP-PAYROLL") ? roots : undefined;
      });
      assert.ok(view.length > 0);
      const took = Date.now() - killed;
      assert.ok(took < 5000, `back in ${took} ms`);
      console.log(`  (a new server ${next} after ${took} ms)`);
      // One diagnostic collection: each finding once.
      for (const uri of [doc.uri, ...closed.map(file)]) {
        const keys = vscode.languages
          .getDiagnostics(uri)
          .map(
            (d) =>
              `${String(typeof d.code === "object" ? d.code.value : d.code)}:${d.range.start.line}:${d.message}`,
          );
        assert.equal(new Set(keys).size, keys.length, `no duplicates in ${uri.path}: ${keys.join()}`);
      }
      const undo = new vscode.WorkspaceEdit();
      undo.delete(doc.uri, new vscode.Range(0, 0, 1, 0));
      assert.ok(await vscode.workspace.applyEdit(undo));
      await until("back at line 43", () => codes(doc.uri).includes("unknown-role:43") || undefined);
    },
  ],
  [
    "the Overdue view never shows [object Object], undefined or null for a user's value",
    async () => {
      type Node = { label: string; description?: string; tooltip?: string; children?: Node[] };
      const ctx = vscode.extensions.getExtension("isms.isms")?.exports as {
        due: { getChildren(): Promise<Node[]> };
      };
      const path = file("risks/hostile-values.yaml").fsPath;
      writeFileSync(
        path,
        "kind: risks\nrisks:\n  - id: R-900\n    title: { en: A title that is a mapping }\n    owner: [a, b]\n    likelihood: 2\n    impact: 2\n    treatment: avoid\n    reviewed: 2020-01-01\n",
      );
      try {
        const roots = await until("R-900 in the Overdue view", async () => {
          const r = await ctx.due.getChildren();
          return JSON.stringify(r).includes("R-900") ? r : undefined;
        });
        const texts: string[] = [];
        const walk = (ns: Node[]) => {
          for (const n of ns) {
            texts.push(n.label, n.description ?? "", n.tooltip ?? "");
            walk(n.children ?? []);
          }
        };
        walk(roots);
        const bad = texts.filter((t) => /\[object Object\]|\bundefined\b|\bnull\b/.test(t));
        assert.deepEqual(bad, []);
        assert.ok(texts.some((t) => t.startsWith("R-900")));
      } finally {
        rmSync(path, { force: true });
      }
    },
  ],
  [
    "the Actions view lists every open action with its source; Mark Closed Today closes one through the server",
    async () => {
      type Node = {
        label: string;
        description?: string;
        tooltip?: string;
        action?: { source: { id: string }; state: string };
      };
      const ctx = vscode.extensions.getExtension("isms.isms")?.exports as {
        actions: { getChildren(): Promise<Node[]> };
      };
      const nodes = await until("open actions", async () => {
        const n = await ctx.actions.getChildren();
        return n.length ? n : undefined;
      });
      const contractors = nodes.find((n) => n.action?.source.id === "F-2026-02-01");
      assert.ok(contractors, nodes.map((n) => n.label).join(" | "));
      assert.equal(
        contractors.label,
        "Enrol contractors in the LMS at onboarding; train the four contractors found.",
      );
      assert.match(contractors.description ?? "", /overdue 29 days$/);
      assert.match(contractors.tooltip ?? "", /audit finding F-2026-02-01: Contractors missing/);
      // The most overdue action comes first.
      assert.equal(nodes[0].action?.state, "overdue");
      const doc = await vscode.workspace.openTextDocument(file("audits/2026.yaml"));
      const before = doc.getText();
      await vscode.commands.executeCommand("isms.markClosed", contractors);
      await until("closed today", () => (doc.getText().includes("closed: 2026-11-29") ? true : undefined));
      await until("gone from the view", async () =>
        (await ctx.actions.getChildren()).some((n) => n.action?.source.id === "F-2026-02-01")
          ? undefined
          : true,
      );
      // Only the closing line was added; the file was saved (it was not dirty before).
      assert.equal(doc.getText().split("\n").length, before.split("\n").length + 1);
      assert.equal(doc.isDirty, false);
      await vscode.workspace.fs.writeFile(doc.uri, Buffer.from(before));
    },
  ],
  [
    "New ISMS Workspace adds the missing files from the templates and replaces none",
    async () => {
      const templates = join(vscode.extensions.getExtension("isms.isms")?.extensionPath ?? "", "templates");
      const names = readdirSync(templates);
      const missing = names.filter((n) => !existsSync(file(n).fsPath));
      const present = names.filter((n) => existsSync(file(n).fsPath));
      assert.ok(missing.includes("audits.yaml") && present.includes("roles.yaml"), `${missing} / ${present}`);
      const before = present.map((n) => readFileSync(file(n).fsPath, "utf8"));
      await vscode.commands.executeCommand("isms.newWorkspace");
      for (const n of missing)
        assert.equal(readFileSync(file(n).fsPath, "utf8"), readFileSync(join(templates, n), "utf8"), n);
      assert.deepEqual(
        present.map((n) => readFileSync(file(n).fsPath, "utf8")),
        before,
      );
    },
  ],
  [
    "isms.today changed in the settings reaches the running server (no restart): reviews fall overdue",
    async () => {
      type Ctx = { client?: { isRunning(): boolean; _serverProcess?: { pid?: number } } };
      const ctx = vscode.extensions.getExtension("isms.isms")?.exports as Ctx;
      const pid = ctx.client?._serverProcess?.pid;
      const overdue = () =>
        ["roles.yaml", "risks/corporate-it.yaml", "suppliers.yaml", "assets.yaml"]
          .flatMap((rel) => codes(file(rel)))
          .filter((c) => c.startsWith("review-overdue:")).length;
      const before = overdue();
      const config = vscode.workspace.getConfiguration("isms");
      await config.update("today", "2031-01-01", vscode.ConfigurationTarget.Global);
      try {
        await until("more reviews overdue in 2031", () => (overdue() > before ? true : undefined));
      } finally {
        await config.update("today", "2026-11-29", vscode.ConfigurationTarget.Global);
      }
      await until("back on 2026-11-29", () => (overdue() === before ? true : undefined));
      assert.equal(ctx.client?._serverProcess?.pid, pid, "the same server process");
    },
  ],
  [
    "the task isms: check prints the findings as `isms check` does; the problem matcher $isms reads them",
    async () => {
      const tasks = await vscode.tasks.fetchTasks({ type: "isms" });
      const task = tasks.find((t) => t.name === "check" && t.source === "isms");
      assert.ok(task, tasks.map((t) => `${t.source}: ${t.name}`).join());
      const ended = new Promise<void>((resolve) => {
        const d = vscode.tasks.onDidEndTask((e) => {
          if (e.execution.task.name === "check") {
            d.dispose();
            resolve();
          }
        });
      });
      await vscode.tasks.executeTask(task);
      await ended;
      // The matcher's markers (source "isms check") say what the server's diagnostics say, file by file.
      const fromTask = (uri: vscode.Uri) =>
        vscode.languages
          .getDiagnostics(uri)
          .filter((d) => d.source === "isms check")
          .map(
            (d) => `${String(typeof d.code === "object" ? d.code.value : d.code)}:${d.range.start.line + 1}`,
          )
          .sort();
      for (const rel of ["suppliers.yaml", "risks/corporate-it.yaml", "incidents.yaml"])
        await until(`the task's problems in ${rel}`, () =>
          fromTask(file(rel)).length > 0 && fromTask(file(rel)).join() === codes(file(rel)).join()
            ? true
            : undefined,
        );
      const severities = vscode.languages
        .getDiagnostics(file("risks/corporate-it.yaml"))
        .filter((d) => d.source === "isms check")
        .map((d) => d.severity);
      assert.ok(severities.includes(vscode.DiagnosticSeverity.Error), "an error is an error");
    },
  ],
  [
    "Build Audit Pack writes the working tree's pack, a ZIP file, into the reports folder",
    async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>("isms.buildAuditPack", {});
      const zip = file("reports/audit-pack-working-tree.zip");
      assert.equal(uri?.fsPath, zip.fsPath);
      const bytes = readFileSync(zip.fsPath);
      assert.equal(bytes.subarray(0, 4).toString("latin1"), "PK\u0003\u0004");
      for (const name of [
        "manifest.json",
        "index.html",
        "reports/soa.html",
        "records/isms.yaml",
        "evidence/policies/access-control-policy.md",
      ])
        assert.ok(bytes.includes(Buffer.from(name)), `the pack holds ${name}`);
    },
  ],
];

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension("isms.isms");
  assert.ok(ext, "the extension is installed");
  await ext.activate();
  let failed = 0;
  for (const [name, t] of tests) {
    try {
      await t();
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}\n  ${(e as Error).stack ?? e}`);
    }
  }
  if (failed) throw new Error(`${failed} of ${tests.length} extension tests failed`);
}
