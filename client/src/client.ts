// The language client: starts dist/server.js over node IPC for isms-yaml documents, telling it whether
// the workspace is trusted.
import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { LANGUAGE } from "./detect";

export function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: LANGUAGE },
      { scheme: "untitled", language: LANGUAGE },
    ],
    // Read at each (re)start: the trust state and the date as they are then. Later changes of
    // isms.today reach the server through workspace/didChangeConfiguration (it registers for them).
    initializationOptions: () => ({
      today: vscode.workspace.getConfiguration("isms").get<string>("today") || undefined,
      // In Restricted Mode the server runs no program (no git): see the trust notes in extension.ts.
      trusted: vscode.workspace.isTrusted,
    }),
    outputChannelName: "ISMS Language Server",
  };
  return new LanguageClient("isms", "ISMS Language Server", serverOptions, clientOptions);
}
