// Each snippet of a kind (kinds/<kind>/snippets.json), expanded with its defaults, is a valid entry of its
// kind (no schema finding); a child entry's snippet (an audit finding) is expanded inside its parent's.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { kindDir } from "../../scripts/generate";
import { checkWorkspace } from "../../server/src/core/check";
import { entryInfos, kindDefs } from "../../server/src/core/registry";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";

type Snippet = { prefix: string; body: string[] };

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
  // Placeholders that name what to write, where the format wants a reference.
  return text.replace("ref: clause or control", "ref: 9.2");
}

const indent = (text: string, n: number) => text.replace(/^/gm, " ".repeat(n));

test("every snippet expands to a valid entry of its kind", () => {
  let checked = 0;
  for (const def of kindDefs()) {
    const coll = def.collection;
    const file = join(kindDir(def.kind), "snippets.json");
    if (!coll || !existsSync(file)) continue;
    const snippets = Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, Snippet>);
    const parent = snippets.find((s) => s.prefix === coll.entry.name);
    for (const s of snippets) {
      let entry = expand(s.body);
      const info = entryInfos().find((e) => e.spec.name === s.prefix && e.def === def);
      if (!info) {
        // A list item inside an entry (an SoA control's check or evidence item): its prefix, or that
        // plural, is a list field of the entry; it is expanded there in the entry's snippet.
        const schema = def.schema as {
          definitions: Record<string, { properties?: Record<string, { type?: unknown }> }>;
        };
        const props = schema.definitions[coll.entry.name]?.properties ?? {};
        const key = [`${s.prefix}s`, s.prefix].find((k) => props[k]?.type === "array");
        assert.ok(
          key && parent,
          `${def.kind}: snippet '${s.prefix}' is no entry kind nor list field of the kind`,
        );
        entry = `${expand(parent.body)}\n  ${key}:\n${indent(entry, 4)}`;
      } else if (info.parent) {
        assert.ok(parent, `${def.kind}: a child snippet needs the parent's`);
        entry = `${expand(parent.body)}\n  ${info.parent.key}:\n${indent(entry, 4)}`;
      }
      const ws = new Workspace();
      ws.setText("/w/f.yaml", `kind: ${def.kind}\n${coll.key}:\n${indent(entry, 2)}\n`);
      const problems = checkWorkspace(ws, { today: parseDay("2026-06-01")! }).filter(
        (f) => f.code === "schema" || f.code === "yaml-syntax",
      );
      assert.deepEqual(
        problems.map((p) => p.message),
        [],
        s.prefix,
      );
      if (info) checked++;
    }
  }
  assert.equal(checked, entryInfos().length, "every entry kind has its snippet");
});
