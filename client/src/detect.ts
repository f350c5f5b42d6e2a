// Which YAML documents are ISMS files: a top-level `kind:` with an ISMS kind, found by the same cheap
// line check the engine uses (no YAML parsing in the client). The kinds come from the language's
// firstLine pattern in package.json (generated from the kind registry). Such documents get the
// isms-yaml language.
import * as vscode from "vscode";

export const LANGUAGE = "isms-yaml";

let kindLine: RegExp | undefined;

/** Reads the `kind:` pattern from the extension's package.json (once). */
export function useKindPattern(packageJSON: {
  contributes?: { languages?: { id: string; firstLine?: string }[] };
}): void {
  const pattern = packageJSON.contributes?.languages?.find((l) => l.id === LANGUAGE)?.firstLine;
  kindLine = pattern ? new RegExp(pattern, "m") : undefined;
}

export const isIsmsText = (text: string): boolean => kindLine?.test(text) ?? false;

/** Gives a plain YAML document the ISMS language when it is an ISMS file. */
export async function adopt(doc: vscode.TextDocument): Promise<boolean> {
  if (doc.languageId === LANGUAGE) return true;
  if (doc.languageId !== "yaml" || !isIsmsText(doc.getText())) return false;
  await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE);
  return true;
}

/** Whether the workspace holds an ISMS (a manifest, or any open ISMS document). */
export async function workspaceHasIsms(): Promise<boolean> {
  if (
    vscode.workspace.textDocuments.some(
      (d) => d.languageId === LANGUAGE || (d.languageId === "yaml" && isIsmsText(d.getText())),
    )
  )
    return true;
  const candidates = await vscode.workspace.findFiles("**/*.{yaml,yml}", "**/{node_modules,.git}/**", 200);
  for (const uri of candidates) {
    try {
      const head = Buffer.from(await vscode.workspace.fs.readFile(uri))
        .subarray(0, 65536)
        .toString("utf8");
      if (isIsmsText(head)) return true;
    } catch {
      // unreadable: not ours
    }
  }
  return false;
}
