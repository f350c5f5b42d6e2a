// isms-language-server: the ISMS language server over stdio (`--stdio`), node IPC (`--node-ipc`) or a
// socket (`--socket=N`). Every feature lives in its own module under lsp/; this file only wires them.
// The transport (lsp/transport.ts) reads stdio strictly and refuses requests after shutdown; when the
// client's side of the connection closes, the server exits (0 after shutdown, else 1).
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  type InitializeResult,
} from "vscode-languageserver/node";
import { codeActions } from "./lsp/codeactions";
import { codeLenses } from "./lsp/codelens";
import { completion, TRIGGER_CHARACTERS } from "./lsp/completion";
import { hover } from "./lsp/hover";
import { definition, highlight, prepareRename, references, rename } from "./lsp/navigation";
import { registerRequests } from "./lsp/requests";
import { Session } from "./lsp/session";
import { documentSymbols, workspaceSymbols } from "./lsp/symbols";
import { transport } from "./lsp/transport";
import { format } from "node:util";
import { version } from "../../package.json";

const TRANSPORTS = ["--stdio", "--node-ipc", "--socket", "--pipe", "--clientProcessId"];

if (!process.argv.slice(2).some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
  process.stderr.write(
    `isms-language-server ${version}: the ISMS language server.\n` +
      "Start it from an editor with --stdio (or --node-ipc, --socket=PORT); see the README.\n",
  );
  process.exit(process.argv.includes("--help") || process.argv.includes("-h") ? 0 : 2);
}

const channel = transport(process.argv.slice(2), (why) => {
  // The framing is lost: no later message can be read. Exiting lets the client restart the server.
  process.stderr.write(`isms-language-server: unreadable input from the client (${why}); exiting\n`);
  process.exit(1);
});
if (!channel) {
  process.stderr.write("isms-language-server: no usable transport on the command line\n");
  process.exit(2);
}
const connection = createConnection(ProposedFeatures.all, channel.reader, channel.writer);
const session = new Session(connection);
let shutdown = false;
connection.onShutdown(() => {
  shutdown = true;
});
channel.reader.onClose(() => process.exit(shutdown ? 0 : 1));
channel.reader.onError((e) => session.log(`Unreadable message: ${e.message}`));
if (channel.stdio) {
  // stdout carries the protocol: console output goes to the client's log instead.
  console.log = (...a: unknown[]) => connection.console.log(format(...a));
  console.info = (...a: unknown[]) => connection.console.info(format(...a));
  console.warn = (...a: unknown[]) => connection.console.warn(format(...a));
  console.error = (...a: unknown[]) => connection.console.error(format(...a));
}
const { docs } = session;

/** Runs a handler; an exception is logged and answered with `fallback` instead of taking the server down. */
function guard<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof ResponseError) throw e; // a refusal the user should see (rename)
      session.log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
      return fallback;
    }
  };
}

connection.onInitialize((params): InitializeResult => {
  session.init(params);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: "isms-language-server", version },
  };
});

connection.onInitialized(() => {
  if (session.folderEvents)
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const paths = (fs: { uri: string }[]) =>
        fs.map((f) => session.pathOf(f.uri)).filter((p): p is string => p !== undefined);
      session.changeRoots(paths(e.added), paths(e.removed));
    });
  session.start().catch((e) => session.log(`Start failed: ${(e as Error).stack ?? e}`));
});

connection.onDidOpenTextDocument(
  guard("didOpen", undefined, (p) => {
    docs.open(p);
    session.opened(p.textDocument.uri);
  }),
);
connection.onDidChangeTextDocument(
  guard("didChange", undefined, (p) => {
    docs.change(p);
    session.changed(p.textDocument.uri);
  }),
);
connection.onDidCloseTextDocument(
  guard("didClose", undefined, (p) => {
    docs.close(p.textDocument.uri);
    session.closed(p.textDocument.uri);
  }),
);
connection.onDidChangeWatchedFiles(guard("watchedFiles", undefined, (p) => session.watched(p.changes)));
connection.onDidChangeConfiguration(
  guard("configuration", undefined, (p) => session.configurationChanged(p.settings)),
);

connection.onCompletion(
  guard("completion", null, (p) => completion(session, p.textDocument.uri, p.position)),
);
connection.onHover(guard("hover", null, (p) => hover(session, p.textDocument.uri, p.position)));
connection.onDefinition(
  guard("definition", null, (p) => definition(session, p.textDocument.uri, p.position)),
);
connection.onReferences(
  guard("references", null, (p) =>
    references(session, p.textDocument.uri, p.position, p.context.includeDeclaration),
  ),
);
connection.onDocumentHighlight(
  guard("highlight", null, (p) => highlight(session, p.textDocument.uri, p.position)),
);
connection.onPrepareRename(
  guard("prepareRename", null, (p) => prepareRename(session, p.textDocument.uri, p.position)),
);
connection.onRenameRequest(
  guard("rename", null, (p) => rename(session, p.textDocument.uri, p.position, p.newName)),
);
connection.onDocumentSymbol(
  guard("documentSymbol", null, (p) => documentSymbols(session, p.textDocument.uri)),
);
connection.onWorkspaceSymbol(guard("workspaceSymbol", [], (p) => workspaceSymbols(session, p.query)));
connection.onCodeLens(guard("codeLens", null, (p) => codeLenses(session, p.textDocument.uri)));
connection.onCodeAction(guard("codeAction", null, (p) => codeActions(session, p)));
registerRequests(session);

connection.listen();
