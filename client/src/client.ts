// The language client: starts dist/server.js over node IPC for isms-yaml documents.
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
  const config = vscode.workspace.getConfiguration("isms");
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: LANGUAGE },
      { scheme: "untitled", language: LANGUAGE },
    ],
    initializationOptions: {
      today: config.get<string>("today") || undefined,
    },
    outputChannelName: "ISMS Language Server",
  };
  return new LanguageClient("isms", "ISMS Language Server", serverOptions, clientOptions);
}
