// Workspace trust. In Restricted Mode (a folder VS Code does not trust) the extension keeps what only
// reads the folder: diagnostics, completion, hover, navigation, the views and the dashboard. It refuses,
// saying why, what would write files (reports, New ISMS Workspace) or run a program: the language
// server is told (initializationOption `trusted`) and then never runs git (no change history, no source
// commit on reports). Trusting the folder restarts the server with git allowed.
import * as vscode from "vscode";

/** True in a trusted folder; else shows why `action` is refused ("write reports") and returns false. */
export function trustedFor(action: string, why: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showErrorMessage(`Trust this folder to ${action}: ${why}`, "Manage Workspace Trust")
    .then((choice) => choice && vscode.commands.executeCommand("workbench.trust.manage"));
  return false;
}
