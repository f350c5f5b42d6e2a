// The task "isms: check": what `isms check` prints for a workspace folder (its text format), read by
// the problem matcher $isms. It runs no program: the language server, which has checked the workspace
// already (unsaved editors included), gives the text through isms/checkText; the task ends with the
// CLI's exit status (1 when there is an error).
import * as vscode from "vscode";
import { CheckTextRequest } from "../../server/src/protocol";
import type { Ctx } from "./extension";

export const TASK_TYPE = "isms";

interface CheckDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  command: "check";
}

export function checkTask(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  definition: CheckDefinition = { type: TASK_TYPE, command: "check" },
): vscode.Task {
  const task = new vscode.Task(
    definition,
    folder,
    "check",
    "isms",
    new vscode.CustomExecution(() => Promise.resolve(terminal(ctx, folder))),
    ["$isms"],
  );
  task.detail = "The ISMS's findings as `isms check` prints them";
  return task;
}

function terminal(ctx: Ctx, folder: vscode.WorkspaceFolder): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number>();
  const run = async () => {
    try {
      const client = await ctx.start();
      const r = await client.sendRequest(CheckTextRequest, { folder: folder.uri.toString() });
      write.fire(r.text.replace(/\r?\n/g, "\r\n"));
      close.fire(r.errors > 0 ? 1 : 0);
    } catch (e) {
      write.fire(`isms: ${(e as Error).message}\r\n`);
      close.fire(2);
    }
  };
  return { onDidWrite: write.event, onDidClose: close.event, open: () => void run(), close: () => undefined };
}

/** Offers "isms: check" per workspace folder once the workspace holds an ISMS; resolves tasks.json entries. */
export function registerTasks(ctx: Ctx): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () =>
      ctx.hasIsms ? (vscode.workspace.workspaceFolders ?? []).map((f) => checkTask(ctx, f)) : [],
    resolveTask: (task) => {
      const definition = task.definition as CheckDefinition;
      if (definition.command !== "check") return undefined;
      const folder = typeof task.scope === "object" ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return folder ? checkTask(ctx, folder, definition) : undefined;
    },
  });
}
