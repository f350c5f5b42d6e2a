// Bad input gets a clear finding, never a crash or a hang.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkWorkspace } from "../../server/src/core/check";
import { walkYaml } from "../../server/src/core/files";
import { collectionOf, kindNames, schemaOf } from "../../server/src/core/registry";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { checkDir } from "./helpers";

const today = parseDay("2026-06-01")!;
const tmp = () => mkdtempSync(join(tmpdir(), "isms-bad-"));
const lines = (f: ReturnType<typeof checkDir>, code: string) =>
  f.filter((x) => x.code === code).map((x) => x.start.line + 1);

describe("bad input", () => {
  test("an empty file, a file of spaces, `kind: risks` alone", () => {
    const d = tmp();
    writeFileSync(join(d, "empty.yaml"), "");
    writeFileSync(join(d, "blank.yaml"), "   \n\n");
    writeFileSync(join(d, "risks.yaml"), "kind: risks\n");
    const f = checkDir(d);
    assert.deepEqual(
      f.filter((x) => x.file.endsWith("empty.yaml") || x.file.endsWith("blank.yaml")),
      [],
    );
    assert.deepEqual(lines(f, "schema"), []);
  });

  test("an unknown key inside a field that refers to a shared definition (an improvement's action)", () => {
    // Found by the fuzzer: the did-you-mean of known keys followed the action's $ref from an entry
    // schema without an $id and crashed the schema rule.
    const d = tmp();
    writeFileSync(
      join(d, "improvements.yaml"),
      "kind: improvements\nimprovements:\n  - id: IMP-1\n    title: T\n    type: improvement\n    action:\n      effective: false\n",
    );
    const f = checkDir(d).filter((x) => x.code === "schema");
    assert.deepEqual(
      f.map((x) => [x.start.line + 1, x.messageId]),
      [[7, "unknownKey"]],
    );
  });

  test("text that is not YAML", () => {
    const d = tmp();
    writeFileSync(
      join(d, "risks.yaml"),
      "kind: risks\nrisks: [[[{{{\n  - }}} ::: @@@\n\u0000\u0001 binary\n",
    );
    const f = checkDir(d);
    assert.ok(lines(f, "yaml-syntax").length > 0);
    assert.ok(f.every((x) => x.start.line >= 0));
  });

  test("a file that is not UTF-8: a finding at the first bad byte, the rest still read", () => {
    const d = tmp();
    const head = Buffer.from("kind: roles\nroles:\n  - id: iso\n    title: Caf");
    writeFileSync(
      join(d, "roles.yaml"),
      Buffer.concat([head, Buffer.from([0xe9]), Buffer.from("\n    holder:\n")]),
    );
    const f = checkDir(d);
    const bad = f.find((x) => x.code === "yaml-syntax")!;
    assert.equal(bad.start.line + 1, 4);
    assert.match(bad.message, /not valid UTF-8/);
    assert.deepEqual(lines(f, "role-vacant"), [5]);
  });

  test("a 50 MB file is refused with a finding that says so, quickly", () => {
    const d = tmp();
    const entry =
      "  - id: R-X\n    title: padding padding padding padding padding padding padding padding padding\n";
    writeFileSync(
      join(d, "risks.yaml"),
      "kind: risks\nrisks:\n" + entry.repeat(Math.ceil((50 * 1024 * 1024) / entry.length)),
    );
    writeFileSync(join(d, "big-unrelated.yaml"), "kind: Deployment\n" + "# x\n".repeat(13 * 1024 * 1024));
    const t0 = Date.now();
    const f = checkDir(d);
    assert.ok(Date.now() - t0 < 5000, "took too long");
    const big = f.filter((x) => x.code === "file-too-large");
    assert.equal(big.length, 1);
    assert.match(big[0].file, /risks\.yaml$/);
    assert.match(big[0].message, /50(\.\d)? MiB is over the 40 MiB limit/);
  });

  test("an alias bomb (billion laughs) is refused, quickly", () => {
    const d = tmp();
    const bomb = [
      "kind: risks",
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "risks:",
      "  - { id: R-1, title: T, owner: x, likelihood: 1, impact: 1, treatment: avoid, description: *g }",
      "",
    ].join("\n");
    writeFileSync(join(d, "risks.yaml"), bomb);
    const t0 = Date.now();
    const f = checkDir(d);
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(f.some((x) => x.code === "yaml-syntax" && /alias/i.test(x.message)));
  });

  test("__proto__ and constructor keys are unknown keys, and pollute nothing", () => {
    const ws = new Workspace();
    ws.setText(
      "/w/risks.yaml",
      "kind: risks\nrisks:\n  - id: R-1\n    title: T\n    owner: it\n    likelihood: 1\n    impact: 1\n    treatment: avoid\n    __proto__: { polluted: true }\n    constructor: { prototype: { polluted: true } }\n",
    );
    const f = checkWorkspace(ws, { today });
    assert.deepEqual(
      f.filter((x) => x.code === "schema").map((x) => [x.start.line + 1, x.message]),
      [
        [9, "Unknown key '__proto__'"],
        [10, "Unknown key 'constructor'"],
      ],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("wrong types in every field of every kind: one schema finding per field, no crash", () => {
    for (const kind of kindNames()) {
      const coll = collectionOf(kind);
      if (!coll) continue;
      const schema = schemaOf(kind) as {
        definitions: Record<string, { properties: Record<string, { type?: unknown }> }>;
      };
      const def = schema.definitions[coll.entry.name];
      const fields = Object.keys(def.properties).filter((k) => k !== "id");
      // A list of a number and a list fits no field of the format.
      const body = fields.map((k) => `    ${k}: [1, [2]]`).join("\n");
      const head = coll.map ? "  A.5.1:\n" : "  - id: X-1\n";
      const ws = new Workspace();
      ws.setText(`/w/${kind}.yaml`, `kind: ${kind}\n${coll.key}:\n${head}${body}\n`);
      const f = checkWorkspace(ws, { today });
      const schemaLines = new Set(f.filter((x) => x.code === "schema").map((x) => x.start.line));
      fields.forEach((k, i) => assert.ok(schemaLines.has(3 + i), `${kind}.${k} has no schema finding`));
    }
  });

  test("a symlink loop in the folder is walked once", () => {
    const d = tmp();
    mkdirSync(join(d, "sub"));
    writeFileSync(join(d, "sub", "roles.yaml"), "kind: roles\nroles: []\n");
    symlinkSync(d, join(d, "sub", "loop"));
    symlinkSync(join(d, "sub"), join(d, "again"));
    const files = walkYaml(d);
    assert.ok(files.length >= 1 && files.length <= 2, files.join(","));
    assert.equal(checkDir(d).filter((x) => x.code === "duplicate-id").length, 0);
  });

  test("an unreadable YAML file (a broken link) gets a finding", () => {
    const d = tmp();
    symlinkSync(join(d, "gone.yaml"), join(d, "risks.yaml"));
    mkdirSync(join(d, "folder.yaml")); // a folder named like a file: ignored
    const f = checkDir(d);
    assert.deepEqual(
      f.map((x) => [x.code, x.start.line]),
      [["file-unreadable", 0]],
    );
    assert.match(f[0].message, /Cannot read this file: ENOENT/);
  });
});
