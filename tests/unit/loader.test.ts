// The chunked YAML loader: exact ranges, tolerance, and the same model as a whole-file parse.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import { anchorRange, fieldRange } from "../../server/src/core/model";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { fixtureDirs, ROOT } from "./helpers";

const today = parseDay("2026-06-01")!;
const strip = (f: ReturnType<typeof checkWorkspace>) => f.map((x) => ({ ...x }));

describe("loader", () => {
  test("chunked and whole-file parsing give the same findings on every fixture and the example", () => {
    const dirs = [
      join(ROOT, "examples", "acme-isms"),
      ...fixtureDirs().flatMap((d) => ["pass", "fail"].map((k) => join(d, k))),
    ];
    for (const dir of dirs) {
      const chunked = checkWorkspace(loadDirectory(dir, new Workspace()), { today, fileExists });
      const whole = checkWorkspace(loadDirectory(dir, new Workspace({ whole: true })), { today, fileExists });
      // A broken file recovers differently (better) in chunks: compare the well-formed ones.
      if (whole.some((x) => x.code === "yaml-syntax" || x.code === "file-too-complex")) continue;
      assert.deepEqual(strip(chunked), strip(whole), dir);
    }
  });

  test("CRLF line ends give the same findings as LF", () => {
    const dir = join(ROOT, "examples", "acme-isms");
    for (const name of ["roles.yaml", "soa.yaml", "risks/corporate-it.yaml", "audits/2026.yaml"]) {
      const text = readFileSync(join(dir, name), "utf8");
      const run = (t: string) => {
        const ws = new Workspace();
        ws.setText("/w/x.yaml", t);
        return checkWorkspace(ws, { today }).map(
          (x) => `${x.start.line}:${x.start.character} ${x.code} ${x.message}`,
        );
      };
      assert.deepEqual(run(text.replace(/\n/g, "\r\n")), run(text), name);
    }
  });

  test("ranges: an entry's anchor is its id value; a field's range is its value", () => {
    const ws = new Workspace();
    const text = "kind: risks\nrisks:\n  - id: R-1\n    title: T\n    owner: it\n\n  - title: no id\n";
    const file = ws.setText("/w/risks.yaml", text)!;
    const [r1, r2] = file.entries;
    assert.equal(text.slice(...anchorRange(r1)), "R-1");
    assert.equal(text.slice(...fieldRange(r1, ["owner"])), "it");
    assert.equal(text.slice(...fieldRange(r1, ["owner"], { key: true })), "owner");
    assert.equal(text.slice(...anchorRange(r2)), "title: no id");
  });

  test("a syntax error spoils its entry only: the others are still checked", () => {
    const ws = new Workspace();
    const text = [
      "kind: risks",
      "risks:",
      "  - id: R-1",
      '    title: "unclosed',
      "  - id: R-2",
      "    title: fine",
      "    owner: ghost",
      "    likelihood: 1",
      "    impact: 1",
      "    treatment: avoid",
      "",
    ].join("\n");
    ws.setText("/w/risks.yaml", text);
    const f = checkWorkspace(ws, { today });
    assert.ok(f.some((x) => x.code === "yaml-syntax" && x.start.line === 3));
    assert.ok(f.some((x) => x.code === "unknown-role" && x.start.line === 6));
  });

  test("files that are not ISMS files are ignored entirely", () => {
    const ws = new Workspace();
    assert.equal(ws.setText("/w/k8s.yaml", "apiVersion: v1\nkind: Deployment\n"), undefined);
    assert.equal(ws.setText("/w/ci.yml", "on: push\njobs: {}\n"), undefined);
    assert.equal(ws.setText("/w/nested.yaml", "spec:\n  kind: risks\n"), undefined);
    assert.deepEqual(checkWorkspace(ws, { today }), []);
  });

  test("an unchanged chunk is not parsed again after an edit", () => {
    const ws = new Workspace();
    const a = "kind: risks\nrisks:\n  - id: R-1\n    title: A\n  - id: R-2\n    title: B\n";
    const f1 = ws.setText("/w/r.yaml", a)!;
    const f2 = ws.setText("/w/r.yaml", a.replace("title: B", "title: BB"))!;
    assert.equal(f1.entries[0].chunk.doc, f2.entries[0].chunk.doc);
    assert.notEqual(f1.entries[1].chunk.doc, f2.entries[1].chunk.doc);
    assert.equal(f2.entries[1].value.title, "BB");
  });
});
