// Each snippet, expanded with its defaults, is a valid entry of its kind (no schema finding).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { ROOT } from "./helpers";

const snippets = JSON.parse(readFileSync(join(ROOT, "snippets", "isms.code-snippets"), "utf8")) as Record<
  string,
  { prefix: string; body: string[] }
>;

const FILE: Record<string, [kind: string, key: string]> = {
  role: ["roles", "roles"],
  asset: ["assets", "assets"],
  risk: ["risks", "risks"],
  control: ["soa", "controls"],
  audit: ["audits", "audits"],
  incident: ["incidents", "incidents"],
  document: ["documents", "documents"],
  course: ["training", "courses"],
  supplier: ["suppliers", "suppliers"],
};

function expand(body: string[]): string {
  const vars: Record<string, string> = {
    CURRENT_YEAR: "2026",
    CURRENT_MONTH: "06",
    CURRENT_DATE: "01",
    CURRENT_HOUR: "10",
    CURRENT_MINUTE: "30",
  };
  let text = body.join("\n");
  for (let i = 0; i < 3; i++)
    text = text
      .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1")
      .replace(/\$\{\d+:([^{}]*)\}/g, "$1")
      .replace(/\$\{\d+\}/g, "")
      .replace(/\$\{?([A-Z_]+)\}?/g, (_, v: string) => vars[v] ?? "");
  return text;
}

test("every snippet expands to a valid entry", () => {
  for (const s of Object.values(snippets)) {
    const ws = new Workspace();
    if (s.prefix === "finding") {
      const entry = expand(s.body).replace(/^/gm, "      ").replace("ref: clause or control", "ref: 9.2");
      ws.setText(
        "/w/f.yaml",
        `kind: audits\naudits:\n  - { id: IA-1, title: A, scope: [4], planned: 2026-06-01 }\n  - id: IA-2\n    title: A\n    scope: [4]\n    planned: 2026-06-01\n    findings:\n${entry}\n`,
      );
    } else {
      const [kind, key] = FILE[s.prefix];
      ws.setText("/w/f.yaml", `kind: ${kind}\n${key}:\n${expand(s.body).replace(/^/gm, "  ")}\n`);
    }
    const problems = checkWorkspace(ws, { today: parseDay("2026-06-01")! }).filter(
      (f) => f.code === "schema" || f.code === "yaml-syntax",
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [],
      s.prefix,
    );
  }
});
