// The register of every kind (register-KIND), generated from the kind registry: the schema's fields in
// order, every entry by id with where it is written, lists joined and nested records counted.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, test } from "node:test";
import { REPORTS } from "../../server/src/reports/index";
import { kindDefs } from "../../server/src/core/registry";
import { cli, exampleCopy } from "./helpers";

const dir = exampleCopy();
after(() => rmSync(dir, { recursive: true, force: true }));
const csv = async (type: string) => {
  const r = await cli(["report", type, dir, "--format", "csv", "--today", "2026-11-29"], dir);
  assert.equal(r.code, 0, r.stderr);
  // the first line is the banner of an ISMS with errors (the example has its documented gaps)
  return r.stdout
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .slice(1);
};

test("every kind that keeps entries has a register, in md, html, csv, xlsx and pdf", () => {
  const registers = REPORTS.filter((r) => r.id.startsWith("register-")).map((r) => r.id);
  for (const kind of ["assets", "documents", "suppliers", "incidents", "training", "services", "exceptions"])
    assert.ok(registers.includes(`register-${kind}`), kind);
  assert.ok(!registers.includes("register-isms"), "the manifest keeps no entries");
  assert.equal(registers.length, kindDefs().filter((d) => d.collection).length);
  for (const r of REPORTS.filter((x) => x.id.startsWith("register-")))
    assert.deepEqual(r.formats, ["md", "html", "csv", "xlsx", "pdf"], r.id);
});

test("the assets register: the schema's fields in order, by id, with the file and line", async () => {
  const lines = await csv("register-assets");
  assert.equal(lines[0], "id,name,description,type,owner,classification,reviewed,review_every,where");
  assert.equal(
    lines[1],
    'AS-DATA-KEYS,Cryptographic keys and secrets,"KMS keys, signing keys and service credentials",information,platform-lead,restricted,2026-03-10,,assets.yaml:108',
  );
});

test("nested records are counted, lists of values joined", async () => {
  const lines = await csv("register-continuity");
  assert.equal(lines[0], "id,title,owner,services,document,test_every,tests,reviewed,review_every,where");
  assert.match(
    lines[1],
    /^BCP-01,Loss of the primary AWS region \(eu-west-1\),bcm-coordinator,SVC-LEDGER,DOC-PRC-02,12 months,2 items,2026-02-10,,continuity\.yaml:7$/,
  );
});
