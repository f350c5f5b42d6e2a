// `isms audit-pack` and `isms audit-pack verify`, run as a user runs them (the built CLI) on a temporary
// git repository with two tagged states: what each pack holds, where two packs differ, the same bytes
// twice, verify catching a changed, an added and a removed file, paths that leave the workspace refused
// and never read, missing files listed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { isms, tmp, writeTree } from "./helpers";
import { readZip, writeZip } from "../../server/src/pack/zip";

const SECRET = "SECRET-OUTSIDE-THE-WORKSPACE-7f3a";

interface Manifest {
  ref: string | null;
  localChanges: boolean;
  commit: string | null;
  commitDate: string | null;
  today: string;
  folder: string;
  files: { path: string; kind: string; sha256: string; source: string | null; commit: string | null }[];
  missing: { path: string; referencedBy: { file: string; entry: string; field: string }[] }[];
  refused: {
    path: string;
    problem: string;
    referencedBy: { file: string; entry: string; field: string }[];
  }[];
}

let repo: string;
let ismsDir: string;
let out: string;
const hashes: Record<string, string> = {};

function git(...args: string[]): string {
  const date = "2026-03-02T09:30:00+01:00";
  const r = spawnSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: repo,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "Officer",
      GIT_AUTHOR_EMAIL: "iso@example.invalid",
      GIT_COMMITTER_NAME: "Officer",
      GIT_COMMITTER_EMAIL: "iso@example.invalid",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: args[0] === "commit" && args.includes("v2") ? "2026-06-15T14:00:00Z" : date,
    },
  });
  assert.equal(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

const DOCS_V1 = `kind: documents
documents:
  - id: DOC-01
    title: Information security policy
    path: policies/a.md
    owner: iso
    approved_by: iso
    approved_on: 2026-01-15
  - id: DOC-02
    title: Procedure not written yet
    path: policies/none.md
    owner: iso
  - id: DOC-03
    title: A file outside the ISMS folder
    path: ../secret.txt
    owner: iso
  - id: DOC-04
    title: An absolute path
    path: /etc/hostname
    owner: iso
  - id: DOC-05
    title: A link that leaves the workspace
    path: policies/link.md
    owner: iso
`;

const MEETINGS_V1 = `kind: meetings
meetings:
  - id: MR-01
    title: Management review 2026
    type: management-review
    planned: 2026-02-10
    held: 2026-02-10
    chair: iso
    attendees: [iso]
    inputs: [a, b, c, d, e, f, g]
    minutes: minutes/mr-01.md
`;

const ROLES = `kind: roles
roles:
  - id: iso
    title: Information security officer
    holder: Alex Example
`;

const manifestOf = (zipPath: string): Manifest => {
  const z = readZip(readFileSync(zipPath));
  assert.ok(z.ok, "the pack is a ZIP file isms can read");
  return JSON.parse(z.files.get("manifest.json")!.toString("utf8")) as Manifest;
};

/** The DOS time and date fields of every entry of a ZIP file's central directory, as "HH:MM:SS YYYY-MM-DD". */
function zipStamps(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: string[] = [];
  const two = (n: number) => String(n).padStart(2, "0");
  for (let i = 0; i < count; i++) {
    const t = zip.readUInt16LE(at + 12);
    const d = zip.readUInt16LE(at + 14);
    out.push(
      `${two(t >> 11)}:${two((t >> 5) & 63)}:${two((t & 31) * 2)} ${(d >> 9) + 1980}-${two((d >> 5) & 15)}-${two(d & 31)}`,
    );
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

/** Every file of a folder, relative with "/", with its bytes. */
function tree(dir: string, prefix = ""): Map<string, Buffer> {
  const outMap = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of tree(p, `${prefix}${e.name}/`)) outMap.set(k, v);
    else outMap.set(prefix + e.name, readFileSync(p));
  }
  return outMap;
}

before(() => {
  repo = tmp("pack-repo");
  out = tmp("pack-out");
  ismsDir = join(repo, "isms");
  writeFileSync(join(repo, "secret.txt"), `${SECRET}\n`);
  writeTree(ismsDir, {
    "isms.yaml": "kind: isms\norganisation: Example Ltd\nscope: Everything\n",
    "roles.yaml": ROLES,
    "documents.yaml": DOCS_V1,
    "meetings.yaml": MEETINGS_V1,
    "policies/a.md": "# Policy A\n\nVersion 1.\n",
    "minutes/mr-01.md": "# Minutes MR-01\n",
  });
  symlinkSync("../../secret.txt", join(ismsDir, "policies", "link.md"));
  symlinkSync("../secret.txt", join(ismsDir, "outside.yaml")); // a YAML file that leaves the workspace
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "v1");
  git("tag", "v1");
  // v2: policy A revised, a new document B, the meeting's minutes no longer named (and deleted).
  writeFileSync(join(ismsDir, "policies", "a.md"), "# Policy A\n\nVersion 2.\n");
  writeFileSync(join(ismsDir, "policies", "b.md"), "# Policy B\n");
  writeFileSync(
    join(ismsDir, "documents.yaml"),
    DOCS_V1 + "  - id: DOC-06\n    title: Policy B\n    path: policies/b.md\n    owner: iso\n",
  );
  writeFileSync(join(ismsDir, "meetings.yaml"), MEETINGS_V1.replace("    minutes: minutes/mr-01.md\n", ""));
  rmSync(join(ismsDir, "minutes"), { recursive: true });
  git("add", "-A");
  git("commit", "-qm", "v2");
  git("tag", "-a", "v2", "-m", "release v2");
  // The working tree moves on, uncommitted: no pack --at a tag may see it.
  writeFileSync(join(ismsDir, "policies", "a.md"), "# Policy A\n\nDraft 3, not committed.\n");
  for (const tag of ["v1", "v2"]) {
    const r = isms([
      "audit-pack",
      ismsDir,
      "--at",
      tag,
      "--today",
      "2026-07-01",
      "--out",
      join(out, `${tag}.zip`),
    ]);
    assert.equal(r.code, 0, r.stderr);
    hashes[tag] = r.stdout;
  }
});

describe("isms audit-pack", () => {
  test("a pack --at a tag holds the reports, findings, records and evidence as they stood there", () => {
    const m = manifestOf(join(out, "v1.zip"));
    assert.equal(m.ref, "v1");
    assert.equal(m.commit, git("rev-parse", "v1^{commit}"));
    assert.equal(m.commitDate, "2026-03-02T09:30:00+01:00");
    assert.equal(m.today, "2026-07-01");
    assert.equal(m.folder, "isms");
    const paths = m.files.map((f) => f.path);
    for (const p of [
      "reports/risk-register.html",
      "reports/risk-register.csv",
      "reports/soa.docx",
      "reports/roles.docx",
      "reports/changes.html",
      "findings/isms-check.json",
      "findings/isms-check.sarif",
      "records/documents.yaml",
      "records/isms.yaml",
      "evidence/minutes/mr-01.md",
      "evidence/policies/a.md",
    ])
      assert.ok(paths.includes(p), `the pack lists ${p}`);
    assert.ok(!paths.includes("reports/risk-register.md"), "no Markdown where HTML exists");
    assert.deepEqual(
      m.files.find((f) => f.path === "evidence/policies/a.md"),
      {
        path: "evidence/policies/a.md",
        kind: "evidence",
        sha256: "2d4585d722e12eb57dedf35a3d007c9433ce719de3a6d4edf3e1ffeb84887482", // sha256sum of v1's file
        size: 23,
        source: "isms/policies/a.md",
        commit: m.commit,
      },
    );
    const z = readZip(readFileSync(join(out, "v1.zip")));
    assert.ok(z.ok);
    assert.equal(z.files.get("evidence/policies/a.md")!.toString("utf8"), "# Policy A\n\nVersion 1.\n");
    // Sorted entries, one timestamp: the commit's wall-clock time (09:30:00 at +01:00).
    const names = [...z.files.keys()];
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes("index.html") && names.includes("manifest.json"));
    const zipBytes = readFileSync(join(out, "v1.zip"));
    assert.deepEqual([...new Set(zipStamps(zipBytes))], ["09:30:00 2026-03-02"]);
    // A ZIP file the usual tools read: unzip tests every entry's CRC.
    const unzip = spawnSync("unzip", ["-tq", join(out, "v1.zip")], { encoding: "utf8" });
    if (unzip.error) console.log("unzip is not installed: the standard-tool check is skipped");
    else assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr);
  });

  test("two tagged states give manifests that differ exactly where the ISMS changed", () => {
    const a = manifestOf(join(out, "v1.zip"));
    const b = manifestOf(join(out, "v2.zip"));
    const copied = (m: Manifest) =>
      new Map(
        m.files.filter((f) => f.kind === "record" || f.kind === "evidence").map((f) => [f.path, f.sha256]),
      );
    const ca = copied(a);
    const cb = copied(b);
    const changed = [...ca.keys()].filter((p) => cb.has(p) && cb.get(p) !== ca.get(p)).sort();
    const added = [...cb.keys()].filter((p) => !ca.has(p)).sort();
    const removed = [...ca.keys()].filter((p) => !cb.has(p)).sort();
    assert.deepEqual(changed, ["evidence/policies/a.md", "records/documents.yaml", "records/meetings.yaml"]);
    assert.deepEqual(added, ["evidence/policies/b.md"]);
    assert.deepEqual(removed, ["evidence/minutes/mr-01.md"]);
    // The same files, unchanged: the same hash; each from its own tag's commit.
    assert.equal(ca.get("records/roles.yaml"), cb.get("records/roles.yaml"));
    assert.equal(b.commit, git("rev-parse", "v2^{commit}"));
    assert.ok(b.files.filter((f) => f.source !== null).every((f) => f.commit === b.commit));
    // The annotated tag's commit date, in its own offset.
    assert.equal(b.commitDate, "2026-06-15T14:00:00Z");
  });

  test("a path leaving the workspace is refused and never read; a missing file is listed as missing", () => {
    const m = manifestOf(join(out, "v1.zip"));
    assert.deepEqual(m.refused, [
      {
        path: "../secret.txt",
        problem: "outside",
        referencedBy: [{ file: "isms/documents.yaml", entry: "DOC-03", field: "path" }],
      },
      {
        path: "/etc/hostname",
        problem: "absolute",
        referencedBy: [{ file: "isms/documents.yaml", entry: "DOC-04", field: "path" }],
      },
      { path: "isms/outside.yaml", problem: "link", referencedBy: [] },
      {
        path: "policies/link.md",
        problem: "link",
        referencedBy: [{ file: "isms/documents.yaml", entry: "DOC-05", field: "path" }],
      },
    ]);
    assert.deepEqual(m.missing, [
      {
        path: "isms/policies/none.md",
        referencedBy: [{ file: "isms/documents.yaml", entry: "DOC-02", field: "path" }],
      },
    ]);
    const z = readZip(readFileSync(join(out, "v1.zip")));
    assert.ok(z.ok);
    for (const [name, data] of z.files) {
      if (name === "records/documents.yaml") continue; // names the path, holds no content of it
      assert.ok(!data.includes(SECRET), `${name} holds nothing of the file outside the workspace`);
    }
    const index = z.files.get("index.html")!.toString("utf8");
    assert.match(index, /Refused: paths that leave the workspace, never read \(4\)/);
    assert.match(index, /Missing: named by the ISMS, not in the repository \(1\)/);
    // The working tree too: the link is refused on disk as well.
    const r = isms(["audit-pack", ismsDir, "--today", "2026-07-01", "--out", join(out, "wt.zip")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^isms: missing: isms\/policies\/none\.md \(named by isms\/documents\.yaml DOC-02 path\)$/m,
    );
    assert.match(
      r.stderr,
      /^isms: refused: policies\/link\.md: link \(named by isms\/documents\.yaml DOC-05 path\); not read$/m,
    );
    const wt = readZip(readFileSync(join(out, "wt.zip")));
    assert.ok(wt.ok);
    for (const [name, data] of wt.files)
      if (name !== "records/documents.yaml")
        assert.ok(!data.includes(SECRET), `${name}: nothing from outside`);
    const wm = JSON.parse(wt.files.get("manifest.json")!.toString("utf8")) as Manifest;
    assert.equal(wm.ref, null);
    // The uncommitted draft is what the working tree holds, attributed to no commit.
    assert.equal(
      wt.files.get("evidence/policies/a.md")!.toString("utf8"),
      "# Policy A\n\nDraft 3, not committed.\n",
    );
    assert.equal(wm.files.find((f) => f.path === "evidence/policies/a.md")!.commit, null);
    assert.equal(wm.localChanges, true);
    assert.equal(
      wm.files.find((f) => f.path === "reports/soa.html")!.commit,
      null,
      "generated from local changes",
    );
    assert.equal(wm.files.find((f) => f.path === "records/roles.yaml")!.commit, git("rev-parse", "HEAD"));
  });

  test("building twice gives the same bytes, as a ZIP file and as a folder", () => {
    const again = isms([
      "audit-pack",
      ismsDir,
      "--at",
      "v1",
      "--today",
      "2026-07-01",
      "--out",
      join(out, "v1-again.zip"),
    ]);
    assert.equal(again.code, 0, again.stderr);
    // File by file first, so a difference is named (a DOCX whose core properties carry the clock).
    const first = manifestOf(join(out, "v1.zip")).files;
    const second = new Map(manifestOf(join(out, "v1-again.zip")).files.map((f) => [f.path, f.sha256]));
    assert.deepEqual(
      first.filter((f) => second.get(f.path) !== f.sha256).map((f) => f.path),
      [],
      "every file has the same bytes",
    );
    assert.equal(again.stdout, hashes.v1, "the same manifest hash");
    assert.ok(
      readFileSync(join(out, "v1-again.zip")).equals(readFileSync(join(out, "v1.zip"))),
      "the same ZIP bytes",
    );
    // Another clone, elsewhere, in another time zone: the same bytes.
    const clone = join(tmp("pack-clone"), "elsewhere");
    git("clone", "-q", repo, clone);
    const cloned = isms(
      [
        "audit-pack",
        join(clone, "isms"),
        "--at",
        "v1",
        "--today",
        "2026-07-01",
        "--out",
        join(out, "v1-clone.zip"),
      ],
      {
        env: { TZ: "America/New_York" },
      },
    );
    assert.equal(cloned.code, 0, cloned.stderr);
    assert.ok(
      readFileSync(join(out, "v1-clone.zip")).equals(readFileSync(join(out, "v1.zip"))),
      "the same bytes from a clone",
    );
    const dirs = ["d1", "d2"].map((d) => join(out, d));
    for (const d of dirs) {
      const r = isms([
        "audit-pack",
        ismsDir,
        "--at",
        "v1",
        "--today",
        "2026-07-01",
        "--format",
        "dir",
        "--out",
        d,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, hashes.v1, "the folder's manifest is the ZIP's");
    }
    const [t1, t2] = dirs.map((d) => tree(d));
    assert.deepEqual([...t1.keys()].sort(), [...t2.keys()].sort());
    for (const [k, v] of t1) assert.ok(v.equals(t2.get(k)!), `${k}: the same bytes`);
    // The folder holds exactly the ZIP's files.
    const z = readZip(readFileSync(join(out, "v1.zip")));
    assert.ok(z.ok);
    assert.deepEqual([...t1.keys()].sort(), [...z.files.keys()].sort());
  });

  test("verify passes an intact pack and names each changed, added and removed file", () => {
    const ok = isms(["audit-pack", "verify", join(out, "v2.zip")]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /v2\.zip: intact \(\d+ files; manifest\.json sha256 [0-9a-f]{64}\)\n$/);
    // A ZIP file with one file changed, one added and one removed.
    const z = readZip(readFileSync(join(out, "v2.zip")));
    assert.ok(z.ok);
    const files = new Map(z.files);
    files.set("evidence/policies/b.md", Buffer.from("# Policy B, quietly edited\n"));
    files.set("evidence/extra.pdf", Buffer.from("%PDF-1.4 planted\n"));
    files.delete("records/roles.yaml");
    const tampered = join(out, "tampered.zip");
    writeFileSync(
      tampered,
      writeZip(
        [...files].map(([name, data]) => ({ name, data })),
        { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
      ),
    );
    const bad = isms(["audit-pack", "verify", tampered]);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stdout,
      `changed: evidence/policies/b.md\nadded: evidence/extra.pdf\nmissing: records/roles.yaml\n${tampered}: not intact: 1 changed, 1 added, 1 missing\n`,
    );
    // A folder: the same three kinds of change, and index.html edited to hide one.
    const d = join(out, "vdir");
    assert.equal(
      isms(["audit-pack", ismsDir, "--at", "v2", "--today", "2026-07-01", "--format", "dir", "--out", d])
        .code,
      0,
    );
    assert.equal(isms(["audit-pack", "verify", d]).code, 0);
    writeFileSync(join(d, "reports", "soa.csv"), "id,applicable\n");
    writeFileSync(join(d, "evidence", "policies", "c.md"), "# planted\n");
    rmSync(join(d, "findings", "isms-check.sarif"));
    writeFileSync(
      join(d, "index.html"),
      readFileSync(join(d, "index.html"), "utf8").replace("Audit pack", "Pack"),
    );
    const badDir = isms(["audit-pack", "verify", d]);
    assert.equal(badDir.code, 1);
    assert.equal(
      badDir.stdout,
      `changed: index.html\nchanged: reports/soa.csv\nadded: evidence/policies/c.md\nmissing: findings/isms-check.sarif\n${d}: not intact: 2 changed, 1 added, 1 missing\n`,
    );
    // Not a pack at all; no such path.
    writeFileSync(join(out, "not-a-pack.zip"), "hello");
    const notPack = isms(["audit-pack", "verify", join(out, "not-a-pack.zip")]);
    assert.equal(notPack.code, 1);
    assert.match(notPack.stdout, /not verified: it is not a ZIP file/);
    assert.equal(isms(["audit-pack", "verify", join(out, "nothing-here.zip")]).code, 2);
  });

  test("a pack is never written over a person's change, nor as a folder inside the ISMS", () => {
    const d = join(out, "replace");
    const args = [
      "audit-pack",
      ismsDir,
      "--at",
      "v1",
      "--today",
      "2026-07-01",
      "--format",
      "dir",
      "--out",
      d,
    ];
    assert.equal(isms(args).code, 0);
    assert.equal(isms(args).code, 0, "an intact earlier pack is replaced");
    writeFileSync(join(d, "reports", "soa.csv"), "edited by hand\n");
    const refused = isms(args);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /was changed since isms wrote it \(reports\/soa\.csv\); use --force to replace it/,
    );
    assert.equal(readFileSync(join(d, "reports", "soa.csv"), "utf8"), "edited by hand\n");
    assert.equal(isms([...args, "--force"]).code, 0);
    assert.equal(isms(["audit-pack", "verify", d]).code, 0);
    // A folder that is not a pack is not written into.
    const other = join(out, "other");
    mkdirSync(other);
    writeFileSync(join(other, "notes.txt"), "mine\n");
    const r = isms([...args.slice(0, -1), other]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not empty and is not an isms audit pack/);
    // A ZIP file changed by hand is not replaced without --force.
    const zip = join(out, "v1.zip");
    const zargs = ["audit-pack", ismsDir, "--at", "v1", "--today", "2026-07-01", "--out", zip];
    writeFileSync(zip, "edited\n");
    assert.equal(isms(zargs).code, 2);
    assert.equal(readFileSync(zip, "utf8"), "edited\n");
    // A pack folder inside the ISMS folder would be read as the ISMS again.
    const inside = isms([
      "audit-pack",
      ismsDir,
      "--format",
      "dir",
      "--today",
      "2026-07-01",
      "--out",
      join(ismsDir, "pack"),
    ]);
    assert.equal(inside.code, 2);
    assert.match(inside.stderr, /lies inside the ISMS folder/);
  });

  test("--pdf without a browser: exit 2 before anything is built, saying how to install one", () => {
    const target = join(out, "pdf.zip");
    const r = isms([
      "audit-pack",
      ismsDir,
      "--at",
      "v1",
      "--pdf",
      "--browser",
      join(out, "no-browser"),
      "--out",
      target,
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Install one/);
    assert.equal(existsSync(target), false);
    assert.match(isms(["audit-pack", ismsDir, "--browser", "x"]).stderr, /--browser is an option of --pdf/);
  });

  test("usage: unknown refs, formats and options", () => {
    const r = isms(["audit-pack", ismsDir, "--at", "v3"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no tag or commit 'v3' \(did you mean 'v1' or 'v2'\?\)/);
    assert.equal(isms(["audit-pack", ismsDir, "--format", "tar"]).code, 2);
    assert.match(
      isms(["audit-pack", ismsDir, "--strict"]).stderr,
      /--strict is not an option of isms audit-pack/,
    );
    assert.match(
      isms(["audit-pack", "verify", "x.zip", "--at", "v1"]).stderr,
      /--at is not an option of isms audit-pack verify/,
    );
  });
});
