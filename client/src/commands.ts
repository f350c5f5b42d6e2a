// The ISMS commands: a registry of (ctx) => handler, as rust-analyzer's client does.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import {
  AnswerQuestionnaireRequest,
  AuditPackTagsRequest,
  BuildAuditPackRequest,
  DashboardRequest,
  MarkClosedRequest,
  MarkReviewedRequest,
  ReportRequest,
  ReportTypesRequest,
  type DueItem,
  type ReportFormat,
} from "../../server/src/protocol";
import { writeReport } from "../../server/src/reports/write";
import { scaffold } from "../../server/src/init";
import type { Ctx } from "./extension";
import { trustedFor } from "./trust";
import type { Node, RiskFilter } from "./views";

type Handler = (ctx: Ctx) => (...args: never[]) => unknown;

const toRange = (r: DueItem["location"]["range"]) =>
  new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

async function openLocation(location: DueItem["location"]): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
  await vscode.window.showTextDocument(doc, { selection: toRange(location.range), preview: true });
}

/** Marks an entry reviewed today through the server's edit (comments survive); saves files not open before. */
async function markReviewed(ctx: Ctx, node?: Node): Promise<void> {
  const client = await ctx.start();
  const editor = vscode.window.activeTextEditor;
  const params = node?.due
    ? { uri: node.due.location.uri, id: node.due.id === "SoA" ? "SoA" : node.due.id }
    : editor
      ? { uri: editor.document.uri.toString(), position: editor.selection.active }
      : undefined;
  if (!params) return;
  const edit = await client.sendRequest(MarkReviewedRequest, params);
  if (!edit) void vscode.window.showInformationMessage("Nothing here has a review date to set.");
  else await applyServerEdit(client, params.uri, edit);
}

/** Closes an action of the Actions view today through the server's edit; saves files not open before. */
async function markClosed(ctx: Ctx, node?: Node): Promise<void> {
  const a = node?.action;
  if (!a) {
    void vscode.window.showInformationMessage("Choose an action in the ISMS Actions view.");
    return;
  }
  const client = await ctx.start();
  const uri = a.location.uri;
  await applyServerEdit(client, uri, await client.sendRequest(MarkClosedRequest, { uri, path: a.path }));
}

/** Applies an edit the server computed; a file that was not open with unsaved changes is saved. */
async function applyServerEdit(
  client: Awaited<ReturnType<Ctx["start"]>>,
  uri: string,
  edit: Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0] | null,
): Promise<boolean> {
  if (!edit) return false;
  const wasDirty = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.isDirty ?? false;
  const applied = await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  if (applied && !wasDirty)
    await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)).then((d) => d.save());
  return applied;
}

/** Asks for a report type and format, writes it to the reports folder and opens it. */
async function generateReport(
  ctx: Ctx,
  preset?: { type: string; format: ReportFormat },
): Promise<vscode.Uri | undefined> {
  if (
    !trustedFor(
      "write reports",
      "in Restricted Mode isms writes no files and reads no git history (the change history, a report's source commit).",
    )
  )
    return;
  const client = await ctx.start();
  let choice = preset;
  if (!choice) {
    const types = await client.sendRequest(ReportTypesRequest, {});
    const type = await vscode.window.showQuickPick(
      types.map((t) => ({ label: t.title, description: t.id, type: t })),
      { title: "ISMS: Generate Report", placeHolder: "Which report?" },
    );
    if (!type) return;
    const format = await vscode.window.showQuickPick(
      type.type.formats.map((f) => ({ label: f, description: FORMAT_NAMES[f] })),
      { title: `ISMS: ${type.label}`, placeHolder: "Which format?" },
    );
    if (!format) return;
    choice = { type: type.type.id, format: format.label };
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage("Open a folder first: reports are written into it.");
    return;
  }
  const result = await client.sendRequest(ReportRequest, choice);
  const sub = vscode.workspace.getConfiguration("isms", folder.uri).get<string>("reportsFolder") || "reports";
  const target = vscode.Uri.joinPath(folder.uri, sub, result.fileName);
  const data = result.encoding === "base64" ? Buffer.from(result.data, "base64") : result.data;
  // The reports folder must be a real folder of the workspace (a link in a cloned repository could point
  // to a home directory).
  const root = folder.uri.fsPath;
  const written = writeReport(target.fsPath, data, false, { root });
  if (!written.ok) {
    if (!written.forceable) {
      void vscode.window.showErrorMessage(`The report was not written: ${written.reason}`);
      return;
    }
    const replace = await vscode.window.showWarningMessage(
      `${written.reason.replace(/; use --force.*$/, "")}. Replace it?`,
      { modal: true },
      "Replace",
    );
    if (replace !== "Replace") return;
    const again = writeReport(target.fsPath, data, true, { root });
    if (!again.ok) {
      void vscode.window.showErrorMessage(`The report was not written: ${again.reason}`);
      return;
    }
  }
  if (choice.format === "md") await vscode.commands.executeCommand("markdown.showPreview", target);
  else if (choice.format === "html") showHtml(ctx, result.fileName, String(data));
  else if (choice.format === "docx" || choice.format === "xlsx" || choice.format === "pdf") {
    // A Word, Excel or PDF file opens in its own program: show it in the OS file manager (in VS Code for
    // the web, in the Explorer).
    await vscode.commands
      .executeCommand("revealFileInOS", target)
      .then(undefined, () => vscode.commands.executeCommand("revealInExplorer", target));
    void vscode.window.showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(target)}`);
  } else await vscode.window.showTextDocument(target);
  return target;
}

const FORMAT_NAMES: Record<ReportFormat, string> = {
  md: "Markdown (previewed)",
  html: "HTML, one self-contained file",
  csv: "CSV for spreadsheets",
  docx: "Word document",
  xlsx: "Excel workbook: one sheet per table, with filters",
  pdf: "PDF, A4, printed by an installed Chromium, Chrome or Edge",
};

/** A webview page with a strict CSP: no script, no remote content; styles inline only. */
function page(webview: vscode.Webview, title: string, css: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; img-src ${webview.cspSource} data:;">
<title>${title}</title><style>${css}
:root { --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --line: var(--vscode-panel-border, #8884); --head: var(--vscode-editorWidget-background); }
body { font-family: var(--vscode-font-family); background: var(--bg); color: var(--fg); margin: 1rem 2rem; max-width: none; }
.kpis { display: flex; flex-wrap: wrap; gap: 0 3rem; align-items: flex-start; }
.kpis > dl.facts { flex-basis: 100%; grid-template-columns: repeat(7, max-content); grid-auto-flow: column; grid-template-rows: auto auto; gap: .2rem 2rem; }
</style></head><body>${body}</body></html>`;
}

function showHtml(ctx: Ctx, title: string, html: string): void {
  const panel = vscode.window.createWebviewPanel("isms.report", title, vscode.ViewColumn.Active, {
    enableScripts: false,
  });
  // The report's own CSP meta stays; the webview adds its cspSource-based one on top.
  panel.webview.html = html;
  ctx.context.subscriptions.push(panel);
}

async function showDashboard(ctx: Ctx): Promise<vscode.WebviewPanel | undefined> {
  const client = await ctx.start();
  const panel = (ctx.dashboard ??= vscode.window.createWebviewPanel(
    "isms.dashboard",
    "ISMS Dashboard",
    vscode.ViewColumn.Active,
    {
      enableScripts: false,
    },
  ));
  panel.onDidDispose(() => (ctx.dashboard = undefined));
  const render = async () => {
    const d = await client.sendRequest(DashboardRequest, {});
    panel.webview.html = page(
      panel.webview,
      "ISMS Dashboard",
      d.css,
      `<h1>ISMS dashboard</h1><div class="kpis">${d.html}</div>`,
    );
  };
  ctx.onRefresh = () => void (ctx.dashboard && render());
  await render();
  panel.reveal();
  return panel;
}

/** Writes the manifest and one file per kind from the templates, never over an existing file. */
async function newWorkspace(ctx: Ctx): Promise<void> {
  if (!trustedFor("create ISMS files in it", "in Restricted Mode isms writes no files.")) return;
  let folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: "Create the ISMS here",
    });
    folder = picked?.[0];
  }
  if (!folder) return;
  // The same scaffold as `isms init`: every template not yet there, none replaced.
  const { created } = scaffold(folder.fsPath, ctx.context.asAbsolutePath("templates"));
  await ctx.start();
  const manifest = vscode.Uri.file(join(folder.fsPath, "isms.yaml"));
  if (existsSync(manifest.fsPath)) await vscode.window.showTextDocument(manifest);
  void vscode.window.showInformationMessage(
    created.length
      ? `ISMS created: ${created.join(", ")}`
      : "Every ISMS file already exists here; nothing was replaced.",
  );
}

/**
 * Drafts answers to a questionnaire (a CSV of questions, picked or given: the explorer's file, a test)
 * from the answer library; the server writes <name>.draft.csv beside it, which opens for review.
 */
async function answerQuestionnaire(ctx: Ctx, given?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!trustedFor("write the draft", "in Restricted Mode isms writes no files.")) return;
  const uri =
    given ??
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectMany: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        filters: { "CSV of questions": ["csv"] },
        openLabel: "Draft answers",
        title: "ISMS: Answer Questionnaire",
      })
    )?.[0];
  if (!uri) return;
  const client = await ctx.start();
  let result = await client.sendRequest(AnswerQuestionnaireRequest, { uri: uri.toString() });
  if (!result.written && result.forceable) {
    const replace = await vscode.window.showWarningMessage(
      `${(result.reason ?? "").replace(/; use --force.*$/, "")}. Replace it?`,
      { modal: true },
      "Replace",
    );
    if (replace !== "Replace") return;
    result = await client.sendRequest(AnswerQuestionnaireRequest, { uri: uri.toString(), force: true });
  }
  if (!result.written || !result.draft) {
    void vscode.window.showErrorMessage(`The draft was not written: ${result.reason ?? "unknown reason"}`);
    return;
  }
  const draft = vscode.Uri.parse(result.draft);
  await vscode.window.showTextDocument(draft, { preview: false });
  void vscode.window.showInformationMessage(
    `Proposed answers for ${result.answered} of ${result.questions} questions: review the draft; nothing was sent.`,
  );
  return draft;
}

/**
 * Builds the audit pack of a tag (or the working tree, or any ref typed in) into the reports folder and
 * reveals it; the server builds and writes it. `preset` (a test) skips the quick pick.
 */
async function buildAuditPack(ctx: Ctx, preset?: { ref?: string }): Promise<vscode.Uri | undefined> {
  if (!trustedFor("build an audit pack", "in Restricted Mode isms writes no files and reads no git history."))
    return;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage("Open a folder first: the audit pack is written into it.");
    return;
  }
  const client = await ctx.start();
  let ref = preset?.ref;
  if (!preset) {
    const tags = await client.sendRequest(AuditPackTagsRequest, {});
    type Item = vscode.QuickPickItem & { ref?: string; other?: boolean };
    const items: Item[] = [
      ...tags.map((t) => ({ label: t.tag, description: `${t.short}, ${t.date.slice(0, 10)}`, ref: t.tag })),
      { label: "Working tree", description: "the files as saved now" },
      { label: "Other tag, branch or commit...", other: true },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: "ISMS: Build Audit Pack",
      placeHolder: "The ISMS as it stood at which tag?",
    });
    if (!pick) return;
    ref = pick.ref;
    if (pick.other) {
      ref = await vscode.window.showInputBox({
        title: "ISMS: Build Audit Pack",
        prompt: "A tag, branch or commit of the repository",
      });
      if (!ref) return;
    }
  }
  const sub = vscode.workspace.getConfiguration("isms", folder.uri).get<string>("reportsFolder") || "reports";
  const build = (force: boolean) =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Building the audit pack..." },
      () => client.sendRequest(BuildAuditPackRequest, { ref, folder: sub, force }),
    );
  let result = await build(false);
  if (!result.written && result.forceable) {
    const replace = await vscode.window.showWarningMessage(
      `${(result.reason ?? "").replace(/; use --force.*$/, "")}. Replace it?`,
      { modal: true },
      "Replace",
    );
    if (replace !== "Replace") return;
    result = await build(true);
  }
  if (!result.written || !result.uri) {
    void vscode.window.showErrorMessage(
      `The audit pack was not written: ${result.reason ?? "unknown reason"}`,
    );
    return;
  }
  const target = vscode.Uri.parse(result.uri);
  await vscode.commands
    .executeCommand("revealFileInOS", target)
    .then(undefined, () => vscode.commands.executeCommand("revealInExplorer", target));
  void vscode.window.showInformationMessage(
    `Wrote ${vscode.workspace.asRelativePath(target)}: ${result.files} files, ${result.missing} missing, ${result.refused} refused.`,
  );
  return target;
}

async function filterRisks(ctx: Ctx, preset?: RiskFilter): Promise<void> {
  const pick = preset
    ? { value: preset }
    : await vscode.window.showQuickPick(
        [
          { label: "All risks", value: "all" as const },
          { label: "Above appetite", value: "above" as const },
          { label: "Within appetite", value: "within" as const },
        ],
        { title: "ISMS: Filter the risk register" },
      );
  if (!pick) return;
  ctx.risks.filter = pick.value;
  ctx.risks.refresh();
}

export const COMMANDS: Record<string, Handler> = {
  "isms.openLocation": () => (location: DueItem["location"]) => openLocation(location),
  "isms.markReviewed": (ctx) => (node?: Node) => markReviewed(ctx, node),
  "isms.markClosed": (ctx) => (node?: Node) => markClosed(ctx, node),
  "isms.generateReport": (ctx) => (preset?: { type: string; format: ReportFormat }) =>
    generateReport(ctx, preset),
  "isms.showDashboard": (ctx) => () => showDashboard(ctx),
  "isms.newWorkspace": (ctx) => () => newWorkspace(ctx),
  "isms.checkWorkspace": (ctx) => async () => {
    await ctx.start();
    await vscode.commands.executeCommand("workbench.actions.view.problems");
  },
  "isms.restartServer": (ctx) => async () => {
    const client = await ctx.start();
    await client.restart();
  },
  "isms.showServerLog": (ctx) => async () => (await ctx.start()).outputChannel.show(true),
  "isms.answerQuestionnaire": (ctx) => (uri?: vscode.Uri) => answerQuestionnaire(ctx, uri),
  "isms.filterRisks": (ctx) => (preset?: RiskFilter) => filterRisks(ctx, preset),
  "isms.buildAuditPack": (ctx) => (preset?: { ref?: string }) => buildAuditPack(ctx, preset),
  "isms.refreshViews": (ctx) => () => ctx.refresh(),
};
