// No network, proven. `isms check`, every report in every format (as of now and --at a git tag) and a
// language-server session (diagnostics, hover, completion, code lens, the dashboard and isms/report for
// every type and format) run under tests/security/no-network-preload.cjs, which makes every way out of a
// Node process (sockets, TLS, UDP, DNS, HTTP, fetch) record the attempt and throw, and records every
// child process. The records must show the preload loaded in every process, no attempt, and only git
// run, reading objects, with the network transports it could use switched off. Proxies in the
// environment point at a loopback listener that must see no connection. A probe under the same preload
// shows each blocked door really is blocked (and, without the preload, that the listener is live).
// Every HTML report is parsed: it loads nothing (no URL but data: and #fragments) and carries a
// Content-Security-Policy with default-src 'none' before any content.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { CodeLensRequest, CompletionRequest, HoverRequest } from "vscode-languageserver-protocol/node";
import { DashboardRequest, ReportRequest, ReportTypesRequest } from "../../server/src/protocol";
import { REPORTS } from "../../server/src/reports/index";
import { findBrowser } from "../../server/src/reports/pdf";
import { EXAMPLE, ROOT, positionOf, startClient, TODAY, uriOf } from "../lsp/client";

// The registers of every kind (register-KIND) share one renderer: one of them stands for all.
const sampled = (id: string) => !id.startsWith("register-") || id === "register-assets";
const SAMPLED = REPORTS.filter((r) => sampled(r.id));
const CLI = join(ROOT, "dist", "cli.js");
const SERVER = join(ROOT, "dist", "server.js");
const PRELOAD = join(__dirname, "no-network-preload.cjs");

interface Record {
  kind: "loaded" | "spawn" | "violation";
  what: string;
  detail: unknown;
  pid: number;
  argv: string[];
}
interface SpawnDetail {
  file: string;
  argv: string[];
  networkEnv: string[];
  gitEnv: string[];
}

const records = (log: string): Record[] =>
  existsSync(log)
    ? readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record)
    : [];

/** The git environment isms itself sets (server/src/core/git.ts gitEnv); anything else GIT_* is inherited. */
const OWN_GIT_ENV = new Set([
  "GIT_CONFIG_NOSYSTEM",
  "GIT_TERMINAL_PROMPT",
  "GIT_OPTIONAL_LOCKS",
  "GIT_ATTR_NOSYSTEM",
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_CEILING_DIRECTORIES",
]);
/** git commands that only read objects and refs of the local repository. */
const READ_ONLY_GIT = new Set(["rev-parse", "ls-tree", "cat-file", "log"]);

/** git's subcommand in an argv: the first word after the global options (-c NAME=VALUE, --no-pager...). */
function gitSubcommand(argv: string[]): { sub: string; config: string[] } {
  const config: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-c") config.push(argv[++i]);
    else if (!argv[i].startsWith("-")) return { sub: argv[i], config };
  }
  return { sub: "", config };
}

/** Asserts the records of a run: the preload in `processes` processes, no attempt, git only and harmless. */
function assertClean(log: string, processes: number, opts: { minGit: number }) {
  const all = records(log);
  const loaded = all.filter((r) => r.kind === "loaded");
  assert.equal(loaded.length, processes, `the preload ran in each of the ${processes} processes`);
  const violations = all.filter((r) => r.kind === "violation");
  assert.deepEqual(violations, [], "no attempt to reach the network or to run a program other than git");
  const spawns = all.filter((r) => r.kind === "spawn").map((r) => r.detail as SpawnDetail);
  assert.ok(spawns.length >= opts.minGit, `git ran (${spawns.length} times): the spawn wrapper saw it`);
  const subs = new Map<string, number>();
  for (const s of spawns) {
    assert.match(s.file, /(^|[\\/])git(\.exe)?$/, `only git is run: ${s.file}`);
    const { sub, config } = gitSubcommand(s.argv);
    subs.set(sub, (subs.get(sub) ?? 0) + 1);
    assert.ok(READ_ONLY_GIT.has(sub), `git ${sub} reads the local repository only (${s.argv.join(" ")})`);
    // No transport: a lazy fetch of a missing object (partial clone) or any remote helper is refused.
    assert.ok(config.includes("protocol.allow=never"), `git ${sub} runs with protocol.allow=never`);
    assert.ok(config.includes("core.sshCommand=false"), `git ${sub} runs with core.sshCommand=false`);
    assert.ok(config.includes("credential.helper="), `git ${sub} runs with no credential helper`);
    const inherited = s.gitEnv.filter((k) => !OWN_GIT_ENV.has(k.toUpperCase()));
    assert.deepEqual(inherited, [], `git ${sub} inherits no GIT_* variable (planted: GIT_SSH_COMMAND...)`);
  }
  return { spawns: spawns.length, subcommands: Object.fromEntries([...subs].sort()) };
}

/** A loopback TCP listener and UDP socket that count what reaches them. */
interface Sentinel {
  tcpPort: number;
  udpPort: number;
  tcp: number;
  udp: number;
  close(): Promise<void>;
}
async function sentinel(): Promise<Sentinel> {
  const s = { tcp: 0, udp: 0 } as Sentinel;
  const server: Server = createServer((c) => {
    s.tcp++;
    c.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const udp: UdpSocket = createSocket("udp4");
  udp.on("message", () => s.udp++);
  await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
  s.tcpPort = (server.address() as { port: number }).port;
  s.udpPort = udp.address().port;
  s.close = async () => {
    udp.close();
    await new Promise((r) => server.close(r));
  };
  return s;
}

/** The environment of an isms process under test: the preload's log, and bait for anything networked. */
function baitEnv(log: string, s: Sentinel): NodeJS.ProcessEnv {
  const proxy = `http://127.0.0.1:${s.tcpPort}`;
  return {
    ...process.env,
    ISMS_NO_NETWORK_LOG: log,
    ISMS_TODAY: TODAY,
    // Any HTTP client honouring a proxy would connect to the sentinel.
    http_proxy: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    ALL_PROXY: proxy,
    NO_PROXY: "",
    // Ways to make git reach out, were they inherited: isms must pass no GIT_* variable on.
    GIT_SSH_COMMAND: "false",
    GIT_PROXY_COMMAND: "false",
    GIT_CONFIG_PARAMETERS: "'protocol.allow'='always'",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "protocol.allow",
    GIT_CONFIG_VALUE_0: "always",
  };
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--require", PRELOAD, CLI, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    p.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    p.on("error", reject);
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs the jobs, `width` at a time. */
async function pool<T>(jobs: (() => Promise<T>)[], width = 3): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

// ---- HTML: nothing remote ----

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];
const URL_ATTRIBUTES = new Set([
  "src",
  "href",
  "xlink:href",
  "srcset",
  "imagesrcset",
  "action",
  "formaction",
  "poster",
  "data",
  "background",
  "cite",
  "longdesc",
  "manifest",
  "ping",
  "icon",
  "codebase",
  "archive",
  "lowsrc",
  "dynsrc",
]);
/** Elements that load or run something whatever their attributes say. */
const FORBIDDEN_ELEMENTS = new Set([
  "script",
  "iframe",
  "frame",
  "object",
  "embed",
  "applet",
  "link",
  "base",
  "portal",
  "audio",
  "video",
  "source",
  "track",
  "form",
]);
const localUrl = (u: string) => {
  const v = u.trim();
  return v === "" || v.startsWith("#") || /^data:/i.test(v);
};
/** The URLs a piece of CSS refers to: url(...) and @import. */
function cssUrls(css: string): string[] {
  const urls: string[] = [];
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/gi))
    urls.push(m[1] ?? m[2] ?? m[3]);
  for (const m of css.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/gi)) urls.push(`@import ${m[1]}`);
  // image-set("x.png" 1x) names URLs without url().
  for (const m of css.matchAll(/image-set\(([^)]*)\)/gi))
    for (const s of m[1].matchAll(/["']([^"']+)["']/g)) urls.push(s[1]);
  return urls;
}
const textOf = (el: Element): string =>
  el.childNodes.map((c) => ("value" in c && c.nodeName === "#text" ? c.value : "")).join("");

/** Problems of one HTML document: every URL that is not local, forbidden elements, a missing or late CSP. */
function htmlProblems(html: string, opts: { fullDocument: boolean }): string[] {
  const problems: string[] = [];
  const doc = parse(html, { sourceCodeLocationInfo: true });
  const csp: { content: string; before: boolean }[] = [];
  let seenContent = false;
  const walk = (node: Node) => {
    if ("tagName" in node) {
      const el = node;
      const attrs = new Map(
        el.attrs.map((a) => [(a.prefix ? `${a.prefix}:${a.name}` : a.name).toLowerCase(), a.value]),
      );
      if (FORBIDDEN_ELEMENTS.has(el.tagName)) problems.push(`<${el.tagName}> element`);
      if (el.tagName === "meta") {
        const equiv = (attrs.get("http-equiv") ?? "").toLowerCase();
        if (equiv === "content-security-policy")
          csp.push({ content: attrs.get("content") ?? "", before: !seenContent });
        if (equiv === "refresh") problems.push(`<meta http-equiv=refresh content="${attrs.get("content")}">`);
      } else if (!["html", "head", "title"].includes(el.tagName)) seenContent = true;
      for (const [name, value] of attrs) {
        if (name.startsWith("on")) problems.push(`<${el.tagName} ${name}> event handler`);
        if (name === "srcset" || name === "imagesrcset") {
          for (const candidate of value.split(",")) {
            const url = candidate.trim().split(/\s+/)[0] ?? "";
            if (!localUrl(url)) problems.push(`<${el.tagName} ${name}="${url}">`);
          }
        } else if (URL_ATTRIBUTES.has(name) && !localUrl(value))
          problems.push(`<${el.tagName} ${name}="${value}">`);
        if (name === "style")
          for (const u of cssUrls(value)) if (!localUrl(u)) problems.push(`style url ${u}`);
      }
      if (el.tagName === "style")
        for (const u of cssUrls(textOf(el))) if (!localUrl(u)) problems.push(`<style> url ${u}`);
    }
    if ("childNodes" in node) for (const c of node.childNodes) walk(c);
    if ("content" in node && node.content) walk(node.content);
  };
  walk(doc);
  if (opts.fullDocument) {
    if (csp.length !== 1) problems.push(`${csp.length} Content-Security-Policy meta elements (want 1)`);
    for (const c of csp) {
      const directives = new Map(
        c.content
          .split(";")
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map((d) => [d[0].toLowerCase(), d.slice(1)]),
      );
      if (directives.get("default-src")?.join(" ") !== "'none'")
        problems.push(`CSP without default-src 'none': ${c.content}`);
      for (const [name, sources] of directives)
        for (const src of sources)
          if (!["'none'", "'unsafe-inline'", "data:"].includes(src))
            problems.push(`CSP ${name} allows ${src}`);
      if (!c.before) problems.push("the CSP meta comes after content (it does not cover what precedes it)");
    }
  }
  return problems;
}

// ---- the runs ----

let base: string;
let repo: string;
let bait: Sentinel;
const htmls = new Map<string, string>();
const summary: string[] = [];

before(async () => {
  for (const f of [CLI, SERVER]) assert.ok(existsSync(f), `${f} exists: run npm run build first`);
  bait = await sentinel();
  base = mkdtempSync(join(tmpdir(), "isms-no-network-"));
  repo = join(base, "isms");
  cpSync(EXAMPLE, repo, { recursive: true });
  const date = "2026-10-01T10:00:00Z";
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "A",
    GIT_AUTHOR_EMAIL: "a@example.invalid",
    GIT_COMMITTER_NAME: "A",
    GIT_COMMITTER_EMAIL: "a@example.invalid",
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_CONFIG_NOSYSTEM: "1",
  };
  const git = (...args: string[]) => {
    const r = spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });
    assert.equal(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
  };
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "The ISMS at certification");
  git("tag", "cert");
  writeFileSync(join(repo, "roles.yaml"), readFileSync(join(repo, "roles.yaml"), "utf8") + "\n# reviewed\n");
  git("commit", "-qam", "After certification");
});

after(async () => {
  await bait.close();
  rmSync(base, { recursive: true, force: true });
  if (summary.length > 0) console.log(summary.join("\n"));
});

describe("no network", () => {
  test("the preload blocks each way out, records it, and lets only git run", async () => {
    const log = join(base, "probe.jsonl");
    const probe = `
      const tries = {
        "net.connect": () => require("net").connect(${bait.tcpPort}, "127.0.0.1"),
        "net.createConnection": () => require("net").createConnection({ port: ${bait.tcpPort}, host: "127.0.0.1" }),
        "net.Socket.prototype.connect": () => new (require("net").Socket)().connect(${bait.tcpPort}, "127.0.0.1"),
        "tls.connect": () => require("tls").connect({ port: ${bait.tcpPort}, host: "127.0.0.1" }),
        "dgram.createSocket": () => require("dgram").createSocket("udp4"),
        "dns.lookup": () => require("dns").lookup("localhost", () => {}),
        "dns.resolve4": () => require("dns").resolve4("localhost", () => {}),
        "dns.resolve": () => require("dns").resolve("localhost", () => {}),
        "dns.promises.lookup": () => require("dns").promises.lookup("localhost"),
        "dns.Resolver.resolveTxt": () => new (require("dns").Resolver)().resolveTxt("localhost", () => {}),
        "http.request": () => require("http").request("http://127.0.0.1:${bait.tcpPort}/"),
        "http.get": () => require("http").get("http://127.0.0.1:${bait.tcpPort}/"),
        "https.request": () => require("https").request("https://127.0.0.1:${bait.tcpPort}/"),
        "https.get": () => require("https").get("https://127.0.0.1:${bait.tcpPort}/"),
        "http2.connect": () => require("http2").connect("http://127.0.0.1:${bait.tcpPort}"),
        "globalThis.fetch": () => fetch("http://127.0.0.1:${bait.tcpPort}/"),
        "net.Server.prototype.listen": () => require("net").createServer().listen(0, "127.0.0.1"),
        "child_process.spawn": () => require("child_process").spawn("curl", ["http://127.0.0.1:${bait.tcpPort}/"]),
        "child_process.spawnSync": () => require("child_process").spawnSync("sh", ["-c", "true"]),
        "child_process.exec": () => require("child_process").exec("git --version"),
        "child_process.execFileSync": () => require("child_process").execFileSync("/bin/true"),
        "child_process.fork": () => require("child_process").fork("-e"),
        "child_process.spawnSync+shell": () => require("child_process").spawnSync("git", ["--version;", "true"], { shell: true }),
      };
      // Were a DNS query not blocked, it would go to the loopback sentinel, never to a real resolver.
      require("dns").setServers(["127.0.0.1:${bait.udpPort}"]);
      const caught = [];
      for (const [name, f] of Object.entries(tries)) {
        try { f(); } catch (e) { if (/no-network-preload/.test(e.message)) caught.push(name); }
      }
      const git = require("child_process").spawnSync("git", ["--version"], { encoding: "utf8" });
      process.stdout.write(JSON.stringify({ caught, names: Object.keys(tries), git: git.stdout }));
      setTimeout(() => process.exit(0), 200);
    `;
    // Without the preload, the sentinel is reachable: the probe is a live test, not a dead address.
    const open = spawnSync(
      process.execPath,
      [
        "-e",
        `const s = require("net").connect(${bait.tcpPort}, "127.0.0.1", () => { s.end(); process.exit(0); }); setTimeout(() => process.exit(3), 5000);`,
      ],
      { encoding: "utf8" },
    );
    assert.equal(open.status, 0, `a connect without the preload reaches the sentinel: ${open.stderr}`);
    for (let i = 0; i < 50 && bait.tcp === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(bait.tcp >= 1, "the sentinel counted the connection");
    bait.tcp = 0;

    const r = spawnSync(process.execPath, ["--require", PRELOAD, "-e", probe], {
      env: { ...process.env, ISMS_NO_NETWORK_LOG: log },
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { caught: string[]; names: string[]; git: string };
    assert.deepEqual(out.caught, out.names, "every attempt threw");
    const violations = records(log).filter((x) => x.kind === "violation");
    for (const name of out.names)
      assert.ok(
        // dns.setServers rebinds the module's functions to the (blocked) default Resolver's methods.
        violations.some((v) =>
          [name, name.replace(/^dns\./, "dns.Resolver."), name.replace(/\+shell$/, "")].includes(v.what),
        ),
        `${name} is recorded (records: ${violations.map((v) => v.what).join(", ")})`,
      );
    assert.match(out.git, /^git version /, "git itself still runs");
    const spawns = records(log).filter((x) => x.kind === "spawn");
    assert.equal(spawns.length, 1, "the git run is recorded as an allowed spawn");
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(bait.tcp, 0, "nothing reached the TCP sentinel under the preload");
    assert.equal(bait.udp, 0, "nothing reached the UDP sentinel under the preload");
    summary.push(
      `no-network probe: ${out.caught.length} ways out blocked and recorded: ${out.caught.join(", ")}`,
    );
  });

  test("isms check and every report, as of now and --at a tag, reach nothing and run only git", async () => {
    const log = join(base, "cli.jsonl");
    const env = baitEnv(log, bait);
    const outDir = join(base, "out");
    mkdirSync(outDir);
    const jobs: { args: string[]; ok: number[]; out?: string }[] = [];
    for (const format of ["text", "json", "sarif"])
      jobs.push({ args: ["check", repo, "--format", format, "--today", TODAY], ok: [0, 1] });
    // Every type in every format as of now; every type --at the tag in HTML (the format checked below;
    // the other formats render the same document).
    for (const at of [undefined, "cert"])
      for (const type of SAMPLED)
        // PDF runs the browser, the one program besides git, and only when asked (tests/reports/pdf.test.ts).
        for (const format of at ? (["html"] as const) : type.formats.filter((f) => f !== "pdf")) {
          const out = join(outDir, `${type.id}${at ? `-at-${at}` : ""}.${format}`);
          const args = ["report", type.id, repo, "--format", format, "--today", TODAY, "--out", out];
          if (at) args.push("--at", at);
          if (type.id === "changes") args.push("--from", "2026-01-01", "--to", TODAY);
          jobs.push({ args, ok: [0], out });
        }
    // The audit pack of the tag (a ZIP file) and of the working tree (a folder).
    const packAt = join(outDir, "pack-at-cert.zip");
    const packNow = join(outDir, "pack-now");
    jobs.push({ args: ["audit-pack", repo, "--at", "cert", "--out", packAt], ok: [0], out: packAt });
    jobs.push({
      args: ["audit-pack", repo, "--today", TODAY, "--format", "dir", "--out", packNow],
      ok: [0],
      out: packNow,
    });
    const t0 = Date.now();
    const results = await pool(jobs.map((j) => () => run(j.args, env)));
    results.forEach((r, i) =>
      assert.ok(
        jobs[i].ok.includes(r.status ?? -1),
        `isms ${jobs[i].args.join(" ")}: ${r.status} ${r.stderr}`,
      ),
    );
    for (const j of jobs) {
      if (!j.out) continue;
      assert.ok(existsSync(j.out), `${j.out} written`);
      if (j.out.endsWith(".html"))
        htmls.set(
          `cli ${j.args.slice(1, 2).join("")}${j.args.includes("--at") ? " --at" : ""}`,
          readFileSync(j.out, "utf8"),
        );
    }
    // Verifying the packs reads files only.
    for (const pack of [packAt, packNow]) {
      const v = await run(["audit-pack", "verify", pack], env);
      assert.equal(v.status, 0, `isms audit-pack verify ${pack}: ${v.stdout}${v.stderr}`);
    }
    // The pack's index links only to the pack's own files (relative links, nothing loaded).
    const packIndex = readFileSync(join(packNow, "index.html"), "utf8");
    const packFiles = new Set(
      (
        JSON.parse(readFileSync(join(packNow, "manifest.json"), "utf8")) as { files: { path: string }[] }
      ).files.map((f) => `<a href="${f.path.split("/").map(encodeURIComponent).join("/")}">`),
    );
    assert.deepEqual(
      htmlProblems(packIndex, { fullDocument: true }).filter((p) => !packFiles.has(p)),
      [],
      "the pack's index.html loads nothing",
    );
    const seen = assertClean(log, jobs.length + 2, { minGit: 1 });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(bait.tcp + bait.udp, 0, "nothing reached the proxy sentinel");
    summary.push(
      `no-network CLI: ${jobs.length} runs in ${Date.now() - t0} ms, no attempt; git ran ${seen.spawns} times: ${JSON.stringify(seen.subcommands)}`,
    );
  });

  test("--format pdf runs the browser it found, and only it, with a temporary profile and no network", async (t) => {
    let browser: string;
    try {
      browser = findBrowser(process.env);
    } catch {
      t.skip("no Chromium-family browser installed");
      return;
    }
    const log = join(base, "pdf.jsonl");
    const env = { ...baitEnv(log, bait), ISMS_NO_NETWORK_ALLOW_BROWSER: browser };
    const out = join(base, "out-pdf", "soa.pdf");
    const r = await run(
      ["report", "soa", repo, "--format", "pdf", "--today", TODAY, "--out", out, "--browser", browser],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out).subarray(0, 5).toString("latin1"), "%PDF-");
    const all = records(log);
    assert.deepEqual(
      all.filter((x) => x.kind === "violation"),
      [],
      "no attempt to reach the network",
    );
    const browsers = all.filter((x) => (x.kind as string) === "browser").map((x) => x.detail as SpawnDetail);
    assert.equal(browsers.length, 1, "the browser ran once");
    assert.equal(browsers[0].file, browser);
    const argv = browsers[0].argv;
    for (const flag of [
      "--headless",
      "--no-pdf-header-footer",
      "--no-proxy-server",
      "--host-resolver-rules=MAP * ~NOTFOUND",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ])
      assert.ok(argv.includes(flag), `the browser runs with ${flag}`);
    assert.ok(
      argv.some((a) => /^--user-data-dir=.*isms-pdf-[^/\\]+[/\\]profile$/.test(a)),
      "a temporary profile",
    );
    assert.ok(argv.at(-1)?.startsWith("file://"), "it opens the report's local file");
    // git only reads (the source commit); nothing else ran.
    for (const x of all.filter((y) => y.kind === "spawn"))
      assert.match((x.detail as SpawnDetail).file, /(^|[\\/])git(\.exe)?$/);
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(
      bait.tcp + bait.udp,
      0,
      "nothing reached the proxy sentinel (the browser ignores the proxy variables)",
    );
  });

  test("a language-server session over stdio reaches nothing and runs only git", async () => {
    const log = join(base, "lsp.jsonl");
    const env = baitEnv(log, bait);
    const t0 = Date.now();
    // startClient spawns node dist/server.js --stdio: the preload comes in through NODE_OPTIONS.
    const client = await startClient(repo, {
      env: {
        ...env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(PRELOAD)}`.trim(),
      },
    });
    try {
      const file = join(repo, "risks", "cloud-platform.yaml");
      const uri = uriOf(file);
      // Opened with an unknown owner on the first risk, as typed in an editor: the diagnostic must come.
      await client.open(
        file,
        readFileSync(file, "utf8").replace("owner: platform-lead", "owner: platform-leed"),
      );
      const diagnostics = await client.diagnosticsOf(uri, (ds) => ds.some((d) => d.code === "unknown-role"));
      const text = client.text(file);
      const hover = await client.conn.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: positionOf(text, "owner: platform-lead", "owner: pl".length),
      });
      assert.ok(hover, "hover on a role answers");
      const completion = await client.conn.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: positionOf(text, "owner: platform-lead", "owner: ".length),
      });
      const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
      assert.ok(items.length > 0, "completion of a role answers");
      const lenses = await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      assert.ok((lenses ?? []).length > 0, "code lenses answer");
      const dashboard = await client.conn.sendRequest(DashboardRequest, {});
      htmls.set("lsp dashboard (body)", dashboard.html);
      const types = await client.conn.sendRequest(ReportTypesRequest, {});
      assert.deepEqual(
        types.map((t) => `${t.id}:${t.formats.join(",")}`),
        REPORTS.map((t) => `${t.id}:${t.formats.join(",")}`),
        "the server offers the report types the CLI has",
      );
      let reports = 0;
      for (const t of types.filter((x) => sampled(x.id)))
        for (const format of t.formats.filter((f) => f !== "pdf")) {
          const r = await client.conn.sendRequest(ReportRequest, { type: t.id, format });
          assert.ok(r.data.length > 0, `${t.id} ${format} has content`);
          if (format === "html") htmls.set(`lsp ${t.id}`, r.data);
          reports++;
        }
      summary.push(
        `no-network LSP: ${diagnostics.length} diagnostics, hover, ${items.length} completions, ${(lenses ?? []).length} code lenses, ` +
          `dashboard, ${reports} reports in ${Date.now() - t0} ms`,
      );
    } finally {
      await client.shutdown();
    }
    const seen = assertClean(log, 1, { minGit: 1 });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(bait.tcp + bait.udp, 0, "nothing reached the proxy sentinel");
    summary.push(
      `no-network LSP: no attempt; git ran ${seen.spawns} times: ${JSON.stringify(seen.subcommands)}`,
    );
  });

  test("every HTML report loads nothing and carries a Content-Security-Policy with default-src 'none'", () => {
    const expected = SAMPLED.filter((r) => r.formats.includes("html")).length;
    assert.equal(
      [...htmls.keys()].filter((k) => k.startsWith("cli ") && !k.endsWith("--at")).length,
      expected,
    );
    assert.equal([...htmls.keys()].filter((k) => k.endsWith("--at")).length, expected);
    assert.equal(
      [...htmls.keys()].filter((k) => k.startsWith("lsp ") && k !== "lsp dashboard (body)").length,
      expected,
    );
    const problems: string[] = [];
    for (const [name, html] of htmls)
      for (const p of htmlProblems(html, { fullDocument: !name.includes("(body)") }))
        problems.push(`${name}: ${p}`);
    assert.deepEqual(problems, []);
    summary.push(
      `no-network HTML: ${htmls.size} documents parsed, no remote reference, CSP default-src 'none'`,
    );
  });

  test("the HTML check itself catches remote references and a missing or weak CSP", () => {
    const ok = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><style>a{background:url(data:image/png;base64,AA)}</style></head><body><a href="#x">x</a><svg><use href="#y"/></svg></body></html>`;
    assert.deepEqual(htmlProblems(ok, { fullDocument: true }), []);
    const bad = [
      `<img src="https://example.invalid/a.png">`,
      `<img src="//example.invalid/a.png">`,
      `<a href="page.html">x</a>`,
      `<img srcset="data:image/png;base64,AA 1x, http://example.invalid/b.png 2x">`,
      `<div style="background: url('http://example.invalid/c.png')"></div>`,
      `<style>@import "https://example.invalid/x.css";</style>`,
      `<style>p{background:url(/x.png)}</style>`,
      `<svg><image xlink:href="http://example.invalid/d.png"/></svg>`,
      `<script>1</script>`,
      `<link rel="stylesheet" href="data:text/css,">`,
    ];
    for (const b of bad)
      assert.ok(
        htmlProblems(ok.replace("</body>", `${b}</body>`), { fullDocument: true }).length > 0,
        `caught: ${b}`,
      );
    const noCsp = ok.replace(/<meta http-equiv[^>]*>/, "");
    assert.ok(htmlProblems(noCsp, { fullDocument: true }).some((p) => /0 Content-Security-Policy/.test(p)));
    const weak = ok.replace("default-src 'none'", "default-src 'self'");
    assert.ok(htmlProblems(weak, { fullDocument: true }).some((p) => /default-src/.test(p)));
    const late = ok.replace(/(<meta http-equiv[^>]*>)(<style>.*<\/style>)/, "$2$1");
    assert.ok(htmlProblems(late, { fullDocument: true }).some((p) => /after content/.test(p)));
  });
});
