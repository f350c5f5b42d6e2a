// The VS Code extension: gives ISMS YAML files their language, starts the language server once the
// workspace holds ISMS content, and shows the views, status and commands. It never parses YAML: it asks
// the server through the typed requests of server/src/protocol.ts.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { ChangedNotification, SummaryRequest } from "../../server/src/protocol";
import { createClient } from "./client";
import { COMMANDS } from "./commands";
import { adopt, LANGUAGE, useKindPattern, workspaceHasIsms } from "./detect";
import { registerTasks } from "./tasks";
import { ActionView, AuditView, DueView, RiskView } from "./views";

export class Ctx {
  client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  readonly due = new DueView();
  readonly risks = new RiskView();
  readonly audits = new AuditView();
  readonly actions = new ActionView();
  readonly status = vscode.languages.createLanguageStatusItem("isms.status", { language: LANGUAGE });
  dashboard: vscode.WebviewPanel | undefined;
  /** Whether the workspace holds ISMS content (then the task "isms: check" is offered). */
  hasIsms = false;
  onRefresh: () => void = () => undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly context: vscode.ExtensionContext) {
    this.status.name = "ISMS";
    this.status.text = "ISMS: starting";
    this.status.command = { title: "Show overdue", command: "isms.due.focus" };
    context.subscriptions.push(this.status);
  }

  /** Starts the language server (once). */
  start(): Promise<LanguageClient> {
    return (this.starting ??= (async () => {
      const client = createClient(this.context);
      this.context.subscriptions.push(client);
      await client.start();
      this.client = client;
      this.hasIsms = true;
      for (const view of this.views()) view.client = client;
      client.onNotification(ChangedNotification, () => this.scheduleRefresh());
      await vscode.commands.executeCommand("setContext", "isms.active", true);
      await vscode.commands.executeCommand("setContext", "isms.hasWorkspace", true);
      this.refresh();
      return client;
    })());
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 150);
  }

  views() {
    return [this.due, this.actions, this.risks, this.audits];
  }

  refresh(): void {
    for (const view of this.views()) view.refresh();
    this.onRefresh();
    void this.updateStatus();
  }

  private async updateStatus(): Promise<void> {
    if (!this.client) return;
    try {
      const s = await this.client.sendRequest(SummaryRequest, {});
      const parts = [`${s.overdue} overdue`, `${s.errors} error${s.errors === 1 ? "" : "s"}`];
      this.status.text = `ISMS: ${parts.join(" · ")}`;
      this.status.detail = `${s.warnings} warnings, ${s.dueSoon} due soon, ${s.entries} entries in ${s.files} files`;
      this.status.severity =
        s.errors > 0
          ? vscode.LanguageStatusSeverity.Error
          : s.overdue > 0
            ? vscode.LanguageStatusSeverity.Warning
            : vscode.LanguageStatusSeverity.Information;
    } catch {
      // the server restarts: the next change updates the status
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  useKindPattern(context.extension.packageJSON as Parameters<typeof useKindPattern>[0]);
  const ctx = new Ctx(context);
  const dueView = vscode.window.createTreeView("isms.due", {
    treeDataProvider: ctx.due,
    showCollapseAll: true,
  });
  ctx.due.onCount = (n) => (dueView.badge = n ? { value: n, tooltip: `${n} overdue` } : undefined);
  context.subscriptions.push(
    dueView,
    vscode.window.createTreeView("isms.risks", { treeDataProvider: ctx.risks, showCollapseAll: true }),
    vscode.window.createTreeView("isms.audits", { treeDataProvider: ctx.audits, showCollapseAll: true }),
    vscode.window.createTreeView("isms.actions", { treeDataProvider: ctx.actions }),
  );
  for (const [id, handler] of Object.entries(COMMANDS))
    context.subscriptions.push(
      vscode.commands.registerCommand(id, handler(ctx) as (...args: unknown[]) => unknown),
    );

  // YAML documents whose top-level kind is an ISMS kind get the isms-yaml language (first-line
  // detection misses files that start with comments); any ISMS content starts the server.
  const consider = async (doc: vscode.TextDocument) => {
    if (await adopt(doc)) await ctx.start();
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => void consider(d)));
  // isms.today reaches the server through workspace/didChangeConfiguration (no restart).
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("isms.dueSoonDays")) ctx.due.refresh();
    }),
  );
  // Trusting the folder restarts the server with `trusted: true` (git allowed again).
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void ctx.client?.restart()),
    registerTasks(ctx),
  );
  for (const doc of vscode.workspace.textDocuments) await consider(doc);
  const has = await workspaceHasIsms();
  ctx.hasIsms ||= has;
  await vscode.commands.executeCommand("setContext", "isms.hasWorkspace", has);
  if (has) await ctx.start();
  return ctx;
}

export function deactivate(): void {
  // The client is in context.subscriptions: VS Code stops it.
}
