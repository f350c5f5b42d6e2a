// Server resilience over stdio: a server killed mid-edit and started again, a branch switch rewriting 500
// files at once, workspace folders added and removed, files deleted, renamed, made unreadable or replaced
// by a folder under an open editor, and large loads (10,000 diagnostics in a file, 1,000 files, a 40 MiB
// document). After each, the diagnostics converge to what a fresh `isms check` says.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DidChangeWorkspaceFoldersNotification, HoverRequest } from "vscode-languageserver-protocol/node";
import { MAX_FILE_BYTES } from "../../server/src/core/files";
import { SummaryRequest } from "../../server/src/protocol";
import {
  converge,
  copyOf,
  EXAMPLE,
  freshCheck,
  published,
  SERVER,
  startClient,
  TODAY,
  uriOf,
  watched,
  type Client,
} from "./client";

const dirs: string[] = [];
const clients: Client[] = [];
const tmp = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `isms-${name}-`));
  dirs.push(d);
  return d;
};
const example = () => {
  const d = copyOf(EXAMPLE);
  dirs.push(d);
  return d;
};
async function client(dir: string, opts: Parameters<typeof startClient>[1] = {}): Promise<Client> {
  const c = await startClient(dir, opts);
  clients.push(c);
  return c;
}

after(async () => {
  for (const c of clients)
    if (c.proc.exitCode === null && c.proc.signalCode === null) await c.shutdown().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function alive(c: Client, ms = 5000) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  const s = await Promise.race([c.conn.sendRequest(SummaryRequest, {}), late]).finally(() =>
    clearTimeout(timer),
  );
  assert.equal(s.today, TODAY);
}

const ROLES = (k: string) =>
  `kind: roles\nroles:\n  - { id: iso${k}, title: ISO ${k}, holder: A, reviewed: 2026-11-01 }\n`;
const risk = (id: string, owner: string, extra = "") =>
  `  - { id: ${id}, title: T, owner: ${owner}, likelihood: 1, impact: 1, treatment: avoid, reviewed: 2026-11-01${extra} }\n`;

describe("a server killed with SIGKILL mid-edit", () => {
  test("a new server on the same folder, given the open documents again, rebuilds the same diagnostics", async () => {
    const dir = example();
    const c1 = await client(dir);
    const path = join(dir, "risks", "people-and-suppliers.yaml");
    await c1.open(path);
    const text = c1.text(path);
    const at = text.indexOf("owner: devops-lead");
    const line = text.slice(0, at).split("\n").length - 1;
    // Mid-edit: a typo typed into another risk's owner, unsaved; then the process dies without a word.
    const owner = text.indexOf("owner: ", text.indexOf("owner: devops-lead") + 1);
    const oLine = text.slice(0, owner).split("\n").length - 1;
    await c1.change(
      path,
      { start: { line: oLine, character: 11 }, end: { line: oLine, character: 11 } },
      "zz",
    );
    await c1.diagnosticsOf(uriOf(path), (ds) => ds.filter((d) => d.code === "unknown-role").length === 2);
    const before = published(c1);
    c1.proc.kill("SIGKILL");
    assert.equal(await c1.exited, null, "killed by a signal");
    // What the client does on restart: start the server, open the editor's documents again.
    const c2 = await client(dir);
    await c2.open(path, c1.text(path));
    const expected = freshCheck([dir], new Map([[path, c1.text(path)]]));
    await converge(c2, expected, 10_000);
    assert.deepEqual(published(c2), before, "the same diagnostics as before the kill");
    assert.ok(expected.get(path)?.some((k) => k.startsWith(`unknown-role ${line + 1}:`)));
    // One publication per file holds each finding once.
    for (const [uri, ds] of c2.diagnostics) {
      const keys = ds.map((d) => JSON.stringify([d.code, d.range, d.message]));
      assert.equal(new Set(keys).size, keys.length, `no duplicate diagnostics in ${uri}`);
    }
  });
});

describe("a branch switch", () => {
  test("500 files rewritten at once with their watched-file events converge to a fresh check", async () => {
    const dir = tmp("branch");
    mkdirSync(join(dir, "risks"));
    writeFileSync(join(dir, "roles.yaml"), ROLES(""));
    const file = (i: number) => join(dir, "risks", `r${i}.yaml`);
    // Branch A: r0..r499, every 7th with an unknown owner.
    for (let i = 0; i < 500; i++)
      writeFileSync(file(i), `kind: risks\nrisks:\n${risk(`R-${i}`, i % 7 ? "iso" : "ghost-a")}`);
    const c = await client(dir);
    const open = file(3);
    await c.open(open);
    await converge(c, freshCheck([dir]), 30_000);
    assert.ok(published(c).size > 50);
    // Branch B: r0..r449 rewritten (other owners unknown, some files with two risks, one duplicate id,
    // one syntax error), r450..r499 deleted, r500..r549 created; the open document is reloaded by the
    // editor (its text changes, as a clean editor follows the disk).
    const b = (i: number) =>
      i === 17
        ? "kind: risks\nrisks:\n  - { id: R-17, title: [oops\n"
        : `kind: risks\nrisks:\n${risk(`R-${i}`, i % 5 ? "iso" : "ghost-b")}${i % 9 ? "" : risk(i === 9 ? "R-10" : `R-${i}b`, "iso")}`;
    const started = Date.now();
    // As a checkout writes them, in batches of 100 with their events; a watcher that coalesces a
    // delete and re-create of r440..r449 reports only the delete: what is on disk decides.
    for (let batch = 0; batch < 550; batch += 100) {
      const changes: { path: string; type: 1 | 2 | 3 }[] = [];
      for (let i = batch; i < Math.min(550, batch + 100); i++) {
        if (i < 450) writeFileSync(file(i), b(i));
        else if (i < 500) rmSync(file(i));
        else writeFileSync(file(i), b(i));
        changes.push({ path: file(i), type: i < 440 ? 2 : i < 500 ? 3 : 1 });
      }
      await watched(c, changes);
    }
    await c.replace(open, readFileSync(open, "utf8"));
    const ms = await converge(c, freshCheck([dir]), 60_000);
    const total = Date.now() - started;
    assert.ok(total < 60_000, `converged in ${total} ms`);
    // No stale finding: every file that had findings on branch A and has none now was published empty.
    for (let i = 450; i < 500; i++) assert.deepEqual(c.diagnostics.get(uriOf(file(i))) ?? [], [], `r${i}`);
    assert.ok(
      published(c)
        .get(file(9))
        ?.some((k) => k.startsWith("duplicate-id")),
    );
    assert.ok(
      published(c)
        .get(file(17))
        ?.some((k) => k.startsWith("yaml-syntax")),
    );
    assert.ok(ms >= 0);
    await alive(c);
  });

  test("a folder created by a checkout without events for its files is loaded", async () => {
    const dir = tmp("branch-folder");
    writeFileSync(join(dir, "roles.yaml"), ROLES(""));
    const c = await client(dir);
    await converge(c, freshCheck([dir]));
    mkdirSync(join(dir, "more", "deep"), { recursive: true });
    writeFileSync(join(dir, "more", "deep", "r.yaml"), `kind: risks\nrisks:\n${risk("R-1", "nobody")}`);
    await watched(c, [{ path: join(dir, "more"), type: 1 }]);
    await converge(c, freshCheck([dir]));
    assert.ok(published(c).has(join(dir, "more", "deep", "r.yaml")));
    rmSync(join(dir, "more"), { recursive: true });
    await watched(c, [{ path: join(dir, "more"), type: 3 }]);
    await converge(c, freshCheck([dir]));
  });
});

describe("workspace folders added and removed at run time", () => {
  test("five folders; a removed folder's diagnostics are published empty, an added folder's are checked", async () => {
    const folders = [0, 1, 2, 3, 4, 5].map((k) => {
      const d = tmp(`folder${k}`);
      writeFileSync(join(d, "roles.yaml"), ROLES(String(k)));
      writeFileSync(
        join(d, "risks.yaml"),
        `kind: risks\nrisks:\n${risk(`R-${k}01`, `iso${k}`)}${risk(`R-${k}02`, `ghost${k}`)}${risk(`R-${k}03`, `iso${k}`)}`,
      );
      return d;
    });
    const first = folders.slice(0, 5);
    const c = await client(first[0], { folders: first.slice(1) });
    const risksOf = (ds: string[]) => ds.map((d) => published(c).has(join(d, "risks.yaml")));
    await converge(c, freshCheck(first));
    assert.deepEqual(risksOf(first), [true, true, true, true, true]);
    const change = (added: string[], removed: string[]) =>
      c.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
        event: {
          added: added.map((d) => ({ uri: uriOf(d), name: d })),
          removed: removed.map((d) => ({ uri: uriOf(d), name: d })),
        },
      });
    // An open document in a folder that goes away keeps its diagnostics until it is closed.
    const openInRemoved = join(folders[3], "risks.yaml");
    await c.open(openInRemoved);
    await change([], [folders[1], folders[3]]);
    const now = [folders[0], folders[2], folders[4]];
    const expected = freshCheck(now, new Map([[openInRemoved, readFileSync(openInRemoved, "utf8")]]));
    await converge(c, expected);
    assert.deepEqual(c.diagnostics.get(uriOf(join(folders[1], "risks.yaml"))), [], "published empty");
    await c.close(openInRemoved);
    await converge(c, freshCheck(now));
    assert.deepEqual(c.diagnostics.get(uriOf(openInRemoved)), []);
    // Added: a new folder, and one of those removed, back.
    await change([folders[5], folders[1]], []);
    const later = [...now, folders[5], folders[1]];
    await converge(c, freshCheck(later));
    assert.deepEqual(risksOf(later), [true, true, true, true, true]);
    // Everything removed at once, then one back.
    await change([], later);
    await converge(c, new Map());
    await change([folders[2]], []);
    await converge(c, freshCheck([folders[2]]));
    await alive(c);
  });
});

describe("a file deleted, renamed, made unreadable or replaced by a folder while open, then closed", () => {
  const root = process.getuid?.() === 0;

  test("deleted, renamed, a link that loops, replaced by a folder: diagnostics right, no crash", async () => {
    const dir = example();
    const c = await client(dir);
    await converge(c, freshCheck([dir]));
    const p = (rel: string) => join(dir, rel);
    const cases: [string, string, () => { path: string; type: 1 | 2 | 3 }[]][] = [
      [
        "deleted",
        "incidents.yaml",
        () => (rmSync(p("incidents.yaml")), [{ path: p("incidents.yaml"), type: 3 }]),
      ],
      [
        "renamed",
        "suppliers.yaml",
        () => {
          renameSync(p("suppliers.yaml"), p("suppliers-2026.yaml"));
          return [
            { path: p("suppliers.yaml"), type: 3 },
            { path: p("suppliers-2026.yaml"), type: 1 },
          ];
        },
      ],
      [
        // Unreadable even for root: a link to itself (ELOOP).
        "a link that loops",
        "training.yaml",
        () => {
          rmSync(p("training.yaml"));
          symlinkSync("training.yaml", p("training.yaml"));
          return [{ path: p("training.yaml"), type: 2 }];
        },
      ],
      [
        "replaced by a folder",
        "documents.yaml",
        () => {
          rmSync(p("documents.yaml"));
          mkdirSync(p("documents.yaml"));
          writeFileSync(p("documents.yaml/inner.yaml"), `kind: risks\nrisks:\n${risk("R-777", "nobody")}`);
          return [
            { path: p("documents.yaml"), type: 3 },
            { path: p("documents.yaml"), type: 1 },
          ];
        },
      ],
    ];
    for (const [what, rel, act] of cases) {
      await c.open(p(rel));
      const events = act();
      await watched(c, events);
      // The editor still holds the text: it is checked until closed.
      await c.change(p(rel), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "# x\n");
      await alive(c);
      await c.close(p(rel));
      await converge(c, freshCheck([dir])).catch((e: Error) => {
        throw new Error(`${what}: ${e.message}`);
      });
      await alive(c);
    }
    assert.ok(
      published(c)
        .get(p("training.yaml"))
        ?.some((k) => k.startsWith("file-unreadable")),
    );
    assert.ok(
      published(c)
        .get(p("documents.yaml/inner.yaml"))
        ?.some((k) => k.startsWith("unknown-role")),
    );
    assert.equal(published(c).get(p("documents.yaml")), undefined, "no finding on a folder");
    assert.equal(published(c).get(p("incidents.yaml")), undefined);
    assert.ok(published(c).has(p("suppliers-2026.yaml")));
    assert.doesNotMatch(c.stderr(), /\S/);
  });

  test("made unreadable with chmod 000 while open, then closed", async (t) => {
    // As root, chmod 000 does not stop reading: the server then runs as nobody (uid 65534).
    const dir = example();
    chmodSync(dir, 0o755);
    const nobody = { uid: 65534, gid: 65534 };
    if (root) {
      // nobody must reach the server's bundle and the copy (a clone inside a mode-0700 folder hides both).
      const probe = spawnSync(
        process.execPath,
        [
          "-e",
          "const fs = require('fs'); fs.accessSync(process.argv[1], fs.constants.R_OK); fs.readdirSync(process.argv[2])",
          SERVER,
          dir,
        ],
        { ...nobody, encoding: "utf8", timeout: 10_000 },
      );
      if (probe.status !== 0) {
        t.skip(
          `uid 65534 cannot read ${SERVER} or ${dir}: ${probe.stderr.split("\n").find((l) => /Error/.test(l)) ?? probe.stderr}`,
        );
        return;
      }
    }
    const c = await client(dir, root ? { user: nobody } : {});
    const path = join(dir, "incidents.yaml");
    await converge(c, freshCheck([dir]));
    await c.open(path);
    // What a fresh check says without the incidents (other files cite them), plus the file's own finding.
    const without = tmp("without-incidents");
    cpSync(dir, without, { recursive: true });
    rmSync(join(without, "incidents.yaml"));
    const expected = new Map(
      [...freshCheck([without])].map(([p, ds]) => [join(dir, p.slice(without.length)), ds] as const),
    );
    chmodSync(path, 0);
    await watched(c, [{ path, type: 2 }]);
    await alive(c);
    await c.close(path);
    expected.set(path, ["file-unreadable 1:0 Cannot read this file: EACCES"]);
    await converge(c, new Map([...expected].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    chmodSync(path, 0o644);
    await watched(c, [{ path, type: 2 }]);
    await converge(c, freshCheck([dir]));
    await alive(c);
  });
});

describe("large loads", () => {
  test("10,000 diagnostics in one file: published, and the server keeps answering", async () => {
    const dir = tmp("tenk");
    writeFileSync(join(dir, "roles.yaml"), ROLES(""));
    const path = join(dir, "risks.yaml");
    let text = "kind: risks\nrisks:\n";
    for (let i = 0; i < 10_000; i++) text += risk(`R-${i}`, `ghost-${i}`);
    writeFileSync(path, text);
    const c = await client(dir);
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.length >= 10_000, 60_000);
    assert.equal(ds.filter((d) => d.code === "unknown-role").length, 10_000);
    await converge(c, freshCheck([dir]), 30_000);
    // Opened and edited: the edited file's diagnostics come back, requests are answered meanwhile.
    await c.open(path);
    await c.change(
      path,
      { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      risk("R-X", "iso"),
    );
    await c.diagnosticsOf(uriOf(path), (d) => d.length === 10_000 && d[0].range.start.line > 2, 30_000);
    const h = await c.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: { line: 5000, character: 10 },
    });
    assert.ok(h, "hover answered");
    await alive(c);
  });

  test("1,000 files with findings: every one published", async () => {
    const dir = tmp("thousand");
    writeFileSync(join(dir, "roles.yaml"), ROLES(""));
    mkdirSync(join(dir, "risks"));
    for (let i = 0; i < 1000; i++)
      writeFileSync(join(dir, "risks", `r${i}.yaml`), `kind: risks\nrisks:\n${risk(`R-${i}`, "ghost")}`);
    const c = await client(dir);
    await converge(c, freshCheck([dir]), 60_000);
    assert.ok(published(c).size >= 1000);
    await alive(c);
  });

  test("a document over the 40 MiB limit (in UTF-8 bytes) opened in the editor: file-too-large, still answering", async () => {
    const dir = tmp("huge");
    writeFileSync(join(dir, "roles.yaml"), ROLES(""));
    const c = await client(dir);
    const line = "  - { id: X, title: padding padding padding padding padding padding padding padding }\n";
    const head = "kind: risks\nrisks:\n";
    const ascii = join(dir, "ascii.yaml");
    let text = head + line.repeat(Math.ceil((MAX_FILE_BYTES - head.length) / line.length));
    text = text.slice(0, MAX_FILE_BYTES + 1);
    assert.equal(Buffer.byteLength(text), MAX_FILE_BYTES + 1);
    await c.open(ascii, text);
    const ds = await c.diagnosticsOf(uriOf(ascii), (d) => d.length > 0, 60_000);
    assert.deepEqual(
      ds.map((d) => d.code),
      ["file-too-large"],
    );
    assert.match(String(ds[0].message), /40 MiB limit/);
    await alive(c);
    // Fewer characters than the limit, more bytes: "é" is two bytes in UTF-8, as on disk.
    const wide = join(dir, "wide.yaml");
    const eLine = `  - { id: X, title: ${"é".repeat(60)} }\n`;
    const eText = head + eLine.repeat(Math.ceil(MAX_FILE_BYTES / Buffer.byteLength(eLine)));
    assert.ok(eText.length < MAX_FILE_BYTES && Buffer.byteLength(eText) > MAX_FILE_BYTES);
    await c.open(wide, eText);
    const wds = await c.diagnosticsOf(uriOf(wide), (d) => d.length > 0, 60_000);
    assert.deepEqual(
      wds.map((d) => d.code),
      ["file-too-large"],
    );
    await c.close(ascii);
    await c.close(wide);
    await c.diagnosticsOf(uriOf(wide), (d) => d.length === 0, 30_000);
    await alive(c);
  });
});
