// `npm run bench`: generates seeded ISMS workspaces (1k, 10k, 50k risks; one big risks file and a split
// variant), drives our language server over stdio as an editor would, runs yaml-language-server on the
// same risks file with our JSON Schema (interleaved), measures the yaml parse floor in-process and the
// CLI, and prints medians (min-max) with PASS/FAIL per target. Writes bench/results.{json,md}.
// Options: --sizes 1000,10000,50000  --repeats 7  --no-yls  --out bench
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseDocument } from "yaml";
import {
  CodeLensRequest,
  CompletionRequest,
  createProtocolConnection,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RenameRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type Position,
  type Range,
} from "vscode-languageserver-protocol/node";
import { SummaryRequest } from "../../server/src/protocol";
import { startClient, uriOf, type Client } from "../lsp/client";
import { generate, type Generated } from "./generate";

const ROOT = join(__dirname, "..", "..");
const TODAY = "2026-11-29";
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,50000" },
    repeats: { type: "string", default: "7" },
    "no-yls": { type: "boolean", default: false },
    out: { type: "string", default: join(ROOT, "bench") },
  },
});
const REPEATS = Math.max(3, Number(args.repeats));

// ---- statistics ----

interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}
function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    min: s[0],
    max: s[s.length - 1],
    n: s.length,
  };
}
const ms = (s: Stat | undefined) => (s ? `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})` : "n/a");
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const now = () => performance.now();

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = now();
  const v = await f();
  return [now() - t, v];
}

// ---- positions in the big file ----

function lineOf(text: string, index: number): Position {
  const before = text.slice(0, index);
  const line = before.split("\n").length - 1;
  return { line, character: index - (before.lastIndexOf("\n") + 1) };
}

/** The owner values of risks near the middle of a text (not the hot role, not planted ghosts). */
/** Positions just after the ids of risks in the middle of the file. */
function middleIdEnds(text: string, count: number): Position[] {
  const out: Position[] = [];
  const re = /\n {2}- id: (R-\d{6})\n/g;
  re.lastIndex = Math.floor(text.length / 2);
  for (let m = re.exec(text); m && out.length < count; m = re.exec(text))
    out.push(lineOf(text, m.index + 1 + "  - id: ".length + m[1].length));
  return out;
}

function middleOwners(text: string, count: number): Position[] {
  const out: Position[] = [];
  const re = /\n {4}owner: (role-\d{4})\n/g;
  re.lastIndex = Math.floor(text.length / 2);
  for (let m = re.exec(text); m && out.length < count; m = re.exec(text)) {
    const p = lineOf(text, m.index + 1 + "    owner: ".length);
    out.push(p);
  }
  return out;
}

// ---- our server ----

function rssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const unknownRoleAt = (ds: Diagnostic[] | undefined, line: number) =>
  !!ds?.some((d) => d.code === "unknown-role" && d.range.start.line === line);

interface Ours {
  cold: number;
  rss: number;
  keystroke: number[];
  idKeystroke: number[];
  crossFile: number[];
  completionRole: number[];
  completionControl: number[];
  completionKey: number[];
  hover: number[];
  definition: number[];
  references: number[];
  referencesCount: number;
  rename: number[];
  renameEdits: number;
  /** Edits in other kinds (kindEdits). */
  metricEdit: number[];
  incidentEdit: number[];
  serviceEdit: number[];
  lens: number[];
}

async function runOurs(
  g: Generated,
  keyLine: { pos: Position },
  yls?: Yls,
): Promise<{ ours: Ours; yls?: YlsResult }> {
  const [cold, c] = await timed(() => startClient(g.dir, { today: TODAY, progress: false }));
  const big = g.bigFile;
  const uri = uriOf(big);
  await c.open(big);
  const owners = middleOwners(c.text(big), REPEATS);
  const r: Ours = {
    cold,
    rss: 0,
    keystroke: [],
    idKeystroke: [],
    crossFile: [],
    completionRole: [],
    completionControl: [],
    completionKey: [],
    hover: [],
    definition: [],
    references: [],
    referencesCount: 0,
    rename: [],
    renameEdits: 0,
    metricEdit: [],
    incidentEdit: [],
    serviceEdit: [],
    lens: [],
  };
  const ylsResult: YlsResult | undefined = yls ? { keystroke: [], completionKey: [] } : undefined;
  // Keystrokes in the middle of the big file: a typo makes an owner unknown, its removal heals it.
  for (const p of owners) {
    const typed = c.diagnosticsOf(uri, (ds) => unknownRoleAt(ds, p.line), 60_000);
    let t = now();
    await c.change(big, { start: p, end: p }, "x");
    await typed;
    r.keystroke.push(now() - t);
    const healed = c.diagnosticsOf(uri, (ds) => !unknownRoleAt(ds, p.line), 60_000);
    t = now();
    await c.change(big, { start: p, end: { line: p.line, character: p.character + 1 } }, "");
    await healed;
    r.keystroke.push(now() - t);
    if (yls && ylsResult) ylsResult.keystroke.push(...(await yls.keystrokes(p)));
  }
  // Keystrokes in a risk's id (typed, then removed): the workspace's ids change, so every reference to
  // the old or new id and every unknown reference is looked at again. Timed until the check is done.
  for (const p of middleIdEnds(c.text(big), REPEATS))
    for (const [end, typed] of [
      [p, "x"],
      [{ line: p.line, character: p.character + 1 }, ""],
    ] as const) {
      // A round trip first: notifications of earlier checks are then delivered.
      await c.conn.sendRequest(SummaryRequest, {});
      const checked = c.nextChange(60_000);
      const t = now();
      await c.change(big, { start: p, end }, typed);
      await checked;
      r.idKeystroke.push(now() - t);
    }
  // Requests at a risk in the middle.
  const text = () => c.text(big);
  const p0 = owners[0];
  const controlsAt = (() => {
    const i = text().indexOf("    controls: [", text().length / 2);
    return lineOf(text(), i + "    controls: [".length);
  })();
  const hotAt = (() => {
    const i = text().indexOf(`    owner: ${g.hotRole}\n`, text().length / 2);
    return lineOf(text(), i + "    owner: ".length + 2);
  })();
  const doc = { uri };
  for (let k = 0; k < REPEATS; k++) {
    r.completionRole.push(
      (await timed(() => c.conn.sendRequest(CompletionRequest.type, { textDocument: doc, position: p0 })))[0],
    );
    r.completionControl.push(
      (
        await timed(() =>
          c.conn.sendRequest(CompletionRequest.type, { textDocument: doc, position: controlsAt }),
        )
      )[0],
    );
    r.hover.push(
      (await timed(() => c.conn.sendRequest(HoverRequest.type, { textDocument: doc, position: p0 })))[0],
    );
    r.definition.push(
      (await timed(() => c.conn.sendRequest(DefinitionRequest.type, { textDocument: doc, position: p0 })))[0],
    );
    const [tr, refs] = await timed(() =>
      c.conn.sendRequest(ReferencesRequest.type, {
        textDocument: doc,
        position: hotAt,
        context: { includeDeclaration: true },
      }),
    );
    r.references.push(tr);
    r.referencesCount = refs?.length ?? 0;
    const [tn, edit] = await timed(() =>
      c.conn.sendRequest(RenameRequest.type, {
        textDocument: doc,
        position: hotAt,
        newName: "risk-champion-2",
      }),
    );
    r.rename.push(tn);
    r.renameEdits = Object.values(edit?.changes ?? {}).reduce((n, es) => n + es.length, 0);
  }
  // Key completion on a new empty line inside a risk (typed, then removed).
  const keyPos = keyLine.pos;
  await c.change(big, { start: keyPos, end: keyPos }, "    \n");
  for (let k = 0; k < REPEATS; k++) {
    r.completionKey.push(
      (
        await timed(() =>
          c.conn.sendRequest(CompletionRequest.type, {
            textDocument: doc,
            position: { line: keyPos.line, character: 4 },
          }),
        )
      )[0],
    );
    if (yls && ylsResult) ylsResult.completionKey.push(await yls.completionKey(keyPos));
  }
  await c.change(big, { start: keyPos, end: { line: keyPos.line + 1, character: 0 } }, "");
  // Cross-file: the hot role's id changes in roles.yaml (unsaved); every file citing it updates.
  await c.open(g.rolesFile);
  const rolesText = c.text(g.rolesFile);
  const idAt = lineOf(rolesText, rolesText.indexOf(`id: ${g.hotRole}\n`) + 4);
  const cited = (ds: Diagnostic[] | undefined) =>
    ds?.filter(
      (d) =>
        d.code === "unknown-role" && typeof d.message === "string" && d.message.includes(`'${g.hotRole}'`),
    ).length ?? 0;
  const expected = new Map(
    g.riskFiles.map((f) => [
      uriOf(f),
      (readFileSync(f, "utf8").match(new RegExp(`: ${g.hotRole}\\n`, "g")) ?? []).length,
    ]),
  );
  for (let k = 0; k < Math.min(REPEATS, 5); k++) {
    const all = (pred: (u: string, n: number) => boolean) =>
      Promise.all(
        [...expected]
          .filter(([, n]) => n > 0)
          .map(([u, n]) => c.diagnosticsOf(u, (ds) => pred(u, cited(ds) === n ? 1 : 0), 120_000)),
      );
    let t = now();
    const lit = all((_u, ok) => ok === 1);
    await c.change(
      g.rolesFile,
      { start: idAt, end: { line: idAt.line, character: idAt.character + g.hotRole.length } },
      "risk-champ",
    );
    await lit;
    r.crossFile.push(now() - t);
    const healed = Promise.all(
      [...expected]
        .filter(([, n]) => n > 0)
        .map(([u]) => c.diagnosticsOf(u, (ds) => cited(ds) === 0, 120_000)),
    );
    t = now();
    await c.change(
      g.rolesFile,
      { start: idAt, end: { line: idAt.line, character: idAt.character + "risk-champ".length } },
      g.hotRole,
    );
    await healed;
    r.crossFile.push(now() - t);
  }
  await kindEdits(c, g, r);
  r.rss = rssOf(c.proc.pid!);
  await c.shutdown();
  return { ours: r, yls: ylsResult };
}

/** The position `delta` characters after the first `needle` in a text (after `from`). */
function at(text: string, needle: string, delta = 0, from = 0): Position {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`bench: ${JSON.stringify(needle)} not found`);
  return lineOf(text, i + delta);
}

/**
 * Keystrokes in other kinds than risks, each typed and then undone (issue 17): a manual metric's latest
 * measurement falls below its target (metric-off-target in the metrics file); a service's rto becomes
 * shorter than what its plan's latest test achieved (rto-not-met in the continuity file); an incident
 * is added, its detection date moved out of the quarter and back, and removed, each moving the count of
 * the derived metric KPI-001 (incidents detected in the quarter): the addition and the date keystrokes
 * are timed to a code lens of the metrics file that shows the new count.
 */
async function kindEdits(c: Client, g: Generated, r: Ours) {
  const record = (name: string) => {
    const f = g.recordFiles.find((x) => x.endsWith(`records/${name}`));
    if (!f) throw new Error(`bench: no records/${name}`);
    return f;
  };
  const toggle = async (
    samples: number[],
    path: string,
    p: Position,
    from: string,
    to: string,
    seen: (on: boolean) => Promise<unknown>,
  ) => {
    for (const [was, now_, on] of [
      [from, to, true],
      [to, from, false],
    ] as const) {
      const done = seen(on);
      const t = now();
      await c.change(path, { start: p, end: { line: p.line, character: p.character + was.length } }, now_);
      await done;
      samples.push(now() - t);
    }
  };

  // A metric: "value: 90" -> "value: 10" on its latest measurement (target 50, higher is better).
  const metrics = record("metrics.yaml");
  await c.open(metrics);
  const mText = c.text(metrics);
  const mStart = mText.indexOf("direction: higher-is-better");
  // The metric whose entry holds the first "direction: higher-is-better".
  const metricId = [...mText.slice(0, mStart).matchAll(/- id: (KPI-G\d+)/g)].at(-1)?.[1];
  if (!metricId) throw new Error("bench: no manual metric");
  const offTarget = (ds: Diagnostic[]) =>
    ds.some((d) => d.code === "metric-off-target" && String(d.message).startsWith(`Metric ${metricId}:`));
  const mAt = at(mText, "value: 90", "value: ".length, mStart);
  for (let k = 0; k < REPEATS; k++)
    await toggle(r.metricEdit, metrics, mAt, "90", "10", (on) =>
      c.diagnosticsOf(uriOf(metrics), (ds) => offTarget(ds) === on, 60_000),
    );

  // A service: "rto: 8 hours" -> "rto: 2 hours", below its plan's latest achieved_rto of 4 hours.
  const services = record("services.yaml");
  const continuity = record("continuity.yaml");
  await c.open(services);
  await c.open(continuity);
  const sText = c.text(services);
  const cText = c.text(continuity);
  const plan =
    /- id: (BCP-G\d+)\n(?:(?! {2}- id:)[\s\S])*?services: \[(SVC-G\d+)[\s\S]*?achieved_rto: 4 hours/.exec(
      cText,
    );
  if (!plan) throw new Error("bench: no tested plan");
  const service = plan[2];
  const sFrom = sText.indexOf(`- id: ${service}\n`);
  const sAt = at(sText, "rto: 8 hours", "rto: ".length, sFrom);
  const notMet = (ds: Diagnostic[]) =>
    ds.some((d) => d.code === "rto-not-met" && String(d.message).includes(`of service ${service}`));
  for (let k = 0; k < REPEATS; k++)
    await toggle(r.serviceEdit, services, sAt, "8", "2", (on) =>
      c.diagnosticsOf(uriOf(continuity), (ds) => notMet(ds) === on, 60_000),
    );

  // An incident added, its year moved from 2026 to 2020 and back, then removed: KPI-001 counts it.
  const incidents = join(g.dir, "incidents.yaml");
  const kpis = join(g.dir, "metrics.yaml");
  await c.open(incidents);
  await c.open(kpis);
  const kpiLine = at(c.text(kpis), "- id: KPI-001").line;
  const count = async () => {
    const lenses = await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(kpis) } });
    const title = lenses?.find((l) => l.range.start.line === kpiLine)?.command?.title ?? "";
    const n = /^(\d+)\b/.exec(title);
    if (!n) throw new Error(`bench: KPI-001's lens reads ${JSON.stringify(title)}`);
    return Number(n[1]);
  };
  const base = await count();
  /**
   * Times an edit to the moment KPI-001's code lens shows `want` (a lens request runs a pending check
   * first): the incident keystrokes are timed this way (`samples`), the incident's removal is not.
   */
  const edit = async (range: Range, text: string, want: number, samples?: number[]) => {
    const t = now();
    await c.change(incidents, range, text);
    const got = await count();
    samples?.push(now() - t);
    if (got !== want) throw new Error(`bench: KPI-001 counts ${got}, not ${want}`);
  };
  for (let k = 0; k < REPEATS; k++) {
    const iText = c.text(incidents);
    const end = lineOf(iText, iText.length);
    const added = `\n  - id: INC-BENCH-1\n    title: Bench\n    owner: iso\n    detected: 2026-11-28T09:00Z\n    status: open\n`;
    await edit({ start: end, end }, added, base + 1, r.lens);
    const year = at(c.text(incidents), "detected: 2026-11-28T09:00Z", "detected: 202".length);
    const digit = { start: year, end: { line: year.line, character: year.character + 1 } };
    await edit(digit, "0", base, r.incidentEdit);
    await edit(digit, "6", base + 1, r.incidentEdit);
    const from = lineOf(c.text(incidents), iText.length);
    await edit({ start: from, end: lineOf(c.text(incidents), c.text(incidents).length) }, "", base);
  }
}

// ---- yaml-language-server ----

interface YlsResult {
  keystroke: number[];
  completionKey: number[];
}
interface Yls {
  keystrokes(p: Position): Promise<number[]>;
  completionKey(p: Position): Promise<number>;
  stop(): Promise<number>;
}

/** Our risks schema with the shared definitions inlined (no $id: no reference ever leaves the disk). */
function standaloneSchema(dir: string): string {
  const risks = JSON.parse(readFileSync(join(ROOT, "schemas", "risks.schema.json"), "utf8"));
  const common = JSON.parse(readFileSync(join(ROOT, "schemas", "common.schema.json"), "utf8"));
  delete risks.$id;
  for (const [k, v] of Object.entries(common.definitions)) risks.definitions[`common-${k}`] = v;
  const text = JSON.stringify(risks)
    .replace(/"common\.schema\.json#\/definitions\/([\w-]+)"/g, '"#/definitions/common-$1"')
    .replace(/"#\/definitions\/(reviewed|review_every)"/g, '"#/definitions/common-$1"');
  const path = join(dir, "risks.standalone.schema.json");
  writeFileSync(path, text);
  return path;
}

async function startYls(g: Generated, schemaDir: string): Promise<Yls> {
  const bin = join(__dirname, "yls", "node_modules", "yaml-language-server", "bin", "yaml-language-server");
  const proc = spawn(process.execPath, [bin, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  proc.stderr.resume();
  const conn = createProtocolConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  const waiters: ((uri: string) => void)[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => waiters.splice(0).forEach((w) => w(p.uri)));
  conn.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) =>
    p.items.map((i) => (i.section === "yaml" ? settings.yaml : null)),
  );
  conn.onRequest("client/registerCapability", () => null);
  conn.onRequest("window/workDoneProgress/create", () => null);
  conn.onNotification("window/logMessage", () => undefined);
  conn.listen();
  const schema = standaloneSchema(schemaDir);
  const settings = {
    yaml: {
      schemas: { [uriOf(schema)]: ["**/register*.yaml"] },
      validate: true,
      completion: true,
      hover: true,
      schemaStore: { enable: false },
    },
  };
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(g.dir),
    capabilities: {
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
      workspace: { configuration: true },
    },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
  const uri = uriOf(g.bigFile);
  let text = readFileSync(g.bigFile, "utf8");
  let version = 1;
  const next = () => new Promise<void>((r) => waiters.push((u) => (u === uri ? r() : undefined)));
  const opened = next();
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "yaml", version, text },
  });
  await opened;
  const change = async (range: { start: Position; end: Position }, newText: string) => {
    const published = next();
    const t = now();
    version++;
    await conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
    await published;
    return now() - t;
  };
  return {
    async keystrokes(p) {
      const a = await change({ start: p, end: p }, "x");
      const b = await change({ start: p, end: { line: p.line, character: p.character + 1 } }, "");
      return [a, b];
    },
    async completionKey(p) {
      const lines = text.split("\n");
      if (lines[p.line] !== "    ") {
        await change({ start: p, end: p }, "    \n");
        lines.splice(p.line, 0, "    ");
        text = lines.join("\n");
      }
      const [t] = await timed(() =>
        conn.sendRequest(CompletionRequest.type, {
          textDocument: { uri },
          position: { line: p.line, character: 4 },
        }),
      );
      return t;
    },
    async stop() {
      const rss = rssOf(proc.pid!);
      await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
      await conn.sendNotification(ExitNotification.type).catch(() => undefined);
      proc.kill();
      conn.dispose();
      return rss;
    },
  };
}

// ---- CLI and parse floor ----

function runCli(args: string[]): { ms: number; rss: number } {
  const t = now();
  const r = spawnSync(
    process.execPath,
    ["--require", join(__dirname, "maxrss.cjs"), join(ROOT, "dist", "cli.js"), ...args],
    {
      encoding: "utf8",
      env: { ...process.env, ISMS_TODAY: TODAY },
      maxBuffer: 1 << 30,
    },
  );
  const wall = now() - t;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  if (r.status !== 0 && r.status !== 1) throw new Error(`isms ${args.join(" ")}: ${r.stderr}`);
  return { ms: wall, rss: m ? Number(m[1]) / 1024 : NaN };
}

/** The findings in the generated records are exactly the planted ones, by code (a wrong figure is no figure). */
function assertPlanted(g: Generated, dir: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "dist", "cli.js"), "check", dir, "--format", "json"], {
    encoding: "utf8",
    env: { ...process.env, ISMS_TODAY: TODAY },
    maxBuffer: 1 << 30,
  });
  const found: Record<string, number> = {};
  for (const f of JSON.parse(r.stdout) as { file: string; code: string }[])
    if (f.file.startsWith("records/")) found[f.code] = (found[f.code] ?? 0) + 1;
  const want = Object.fromEntries(Object.entries(g.recordsPlanted).filter(([, n]) => n > 0));
  const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
  if (sorted(found) !== sorted(want))
    throw new Error(`records: planted ${sorted(want)}, found ${sorted(found)}`);
}

function parseFloor(files: string[]): number {
  const texts = files.map((f) => readFileSync(f, "utf8"));
  parseDocument(texts[0]); // warm up the parser
  const t = now();
  for (const text of texts) parseDocument(text);
  return now() - t;
}

// ---- the run ----

interface Row {
  size: number;
  variant: "one file" | "split";
  lines: number;
  mb: number;
  cold: Stat;
  rss: number;
  floorBig: Stat;
  floorAll: Stat;
  keystroke: Stat;
  idKeystroke: Stat;
  crossFile: Stat;
  completionRole: Stat;
  completionControl: Stat;
  completionKey: Stat;
  hover: Stat;
  definition: Stat;
  references: Stat;
  referencesCount: number;
  rename: Stat;
  renameEdits: number;
  check: Stat;
  checkRss: number;
  report: Stat;
  /** isms audit-pack (the one-file variant up to 10k risks). */
  pack?: Stat;
  metricEdit: Stat;
  incidentEdit: Stat;
  serviceEdit: Stat;
  lens: Stat;
  yls?: { keystroke: Stat; completionKey: Stat; rss: number };
}

async function main() {
  const sizes = args.sizes.split(",").map(Number);
  const rows: Row[] = [];
  for (const size of sizes)
    for (const split of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), `isms-bench-${size}-`));
      const g = generate(dir, size, { split });
      const variant = split ? "split" : "one file";
      process.stderr.write(`${size} risks, ${variant}: ${g.lines} lines, ${(g.bytes / 1e6).toFixed(1)} MB\n`);
      const allYaml = spawnSync("find", [dir, "-name", "*.yaml"], { encoding: "utf8" })
        .stdout.trim()
        .split("\n");
      const floorBig = stat([0, 1, 2].map(() => parseFloor([g.bigFile])));
      const floorAll = stat([0, 1, 2].map(() => parseFloor(allYaml)));
      const bigText = readFileSync(g.bigFile, "utf8");
      const keyIndex = bigText.indexOf("    treatment:", bigText.length / 2);
      const keyLine = { pos: lineOf(bigText, keyIndex) };
      // yaml-language-server on the one-file variant up to 10k risks (at 50k a keystroke takes it minutes).
      const withYls = !args["no-yls"] && !split && size <= 10_000;
      const colds: number[] = [];
      let last: { ours: Ours; yls?: YlsResult } | undefined;
      let ylsRss = NaN;
      const runs = size >= 50_000 ? 1 : 3;
      for (let k = 0; k < runs; k++) {
        const yls = withYls && k === 0 ? await startYls(g, dir) : undefined;
        const res = await runOurs(g, keyLine, yls);
        if (yls) ylsRss = await yls.stop();
        colds.push(res.ours.cold);
        if (!last || res.yls) last = res;
        else last = { ...res, yls: last.yls };
      }
      const checks = [0, 1, 2].map(() => runCli(["check", dir, "--format", "json"]));
      assertPlanted(g, dir);
      const reports = [0, 1, 2].map(() =>
        runCli([
          "report",
          "risk-register",
          dir,
          "--format",
          "html",
          "--out",
          join(dir, "out", "rr.html"),
          "--force",
        ]),
      );
      // The audit pack: every report in every format, the findings, the records (once at 10k: ~10 s and more).
      const pack =
        !split && size <= 10_000
          ? stat(
              (size >= 10_000 ? [0] : [0, 1, 2]).map(
                (k) =>
                  runCli(["audit-pack", dir, "--out", join(dir, "out", `pack-${k}.zip`), "--today", TODAY])
                    .ms,
              ),
            )
          : undefined;
      const o = last!.ours;
      rows.push({
        size,
        variant,
        lines: g.lines,
        mb: g.bytes / 1e6,
        cold: stat(colds),
        rss: o.rss,
        floorBig,
        floorAll,
        keystroke: stat(o.keystroke),
        idKeystroke: stat(o.idKeystroke),
        crossFile: stat(o.crossFile),
        completionRole: stat(o.completionRole),
        completionControl: stat(o.completionControl),
        completionKey: stat(o.completionKey),
        hover: stat(o.hover),
        definition: stat(o.definition),
        references: stat(o.references),
        referencesCount: o.referencesCount,
        rename: stat(o.rename),
        renameEdits: o.renameEdits,
        check: stat(checks.map((x) => x.ms)),
        checkRss: Math.max(...checks.map((x) => x.rss)),
        report: stat(reports.map((x) => x.ms)),
        pack,
        metricEdit: stat(o.metricEdit),
        incidentEdit: stat(o.incidentEdit),
        serviceEdit: stat(o.serviceEdit),
        lens: stat(o.lens),
        yls: last!.yls
          ? {
              keystroke: stat(last!.yls.keystroke),
              completionKey: stat(last!.yls.completionKey),
              rss: ylsRss,
            }
          : undefined,
      });
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`  keystroke ${ms(rows.at(-1)!.keystroke)} ms\n`);
    }
  report(rows);
}

interface Target {
  name: string;
  row: Row | undefined;
  value: number | undefined;
  limit: number;
  unit: string;
}

function targets(rows: Row[]): Target[] {
  const one = (n: number) => rows.find((r) => r.size === n && r.variant === "one file");
  const t: Target[] = [];
  const add = (name: string, row: Row | undefined, value: number | undefined, limit: number, unit = "ms") =>
    t.push({ name, row, value, limit, unit });
  add("keystroke -> diagnostics, 1k risks, one file", one(1000), one(1000)?.keystroke.median, 50);
  add("keystroke -> diagnostics, 10k risks, one file", one(10000), one(10000)?.keystroke.median, 100);
  add("keystroke -> diagnostics, 50k risks, one file", one(50000), one(50000)?.keystroke.median, 100);
  add(
    "rename a role cited by 10% of 10k risks -> all diagnostics",
    one(10000),
    one(10000)?.crossFile.median,
    500,
  );
  add("completion (role id), 10k risks", one(10000), one(10000)?.completionRole.median, 30);
  add("completion (control id), 10k risks", one(10000), one(10000)?.completionControl.median, 30);
  add("completion (key), 10k risks", one(10000), one(10000)?.completionKey.median, 30);
  add("hover, 10k risks", one(10000), one(10000)?.hover.median, 30);
  add("references of the hot role, 10k risks", one(10000), one(10000)?.references.median, 200);
  add("rename edit of the hot role, 10k risks", one(10000), one(10000)?.rename.median, 200);
  const r10 = one(10000);
  add(
    "cold start / parse floor of all files, 10k risks",
    r10,
    r10 && r10.cold.median / r10.floorAll.median,
    1.5,
    "x",
  );
  add("isms check / parse floor, 10k risks", r10, r10 && r10.check.median / r10.floorAll.median, 2, "x");
  add("server peak RSS, 10k risks", r10, r10?.rss, 400, "MB");
  const r1 = one(1000);
  add(
    "ours / yaml-language-server, keystroke, 1k risks",
    r1,
    r1?.yls && r1.keystroke.median / r1.yls.keystroke.median,
    0.1,
    "x",
  );
  add(
    "ours / yaml-language-server, completion, 1k risks",
    r1,
    r1?.yls && r1.completionKey.median / r1.yls.completionKey.median,
    0.1,
    "x",
  );
  // Issue 17's targets: those the rows measure, and those not measured yet (SKIP).
  const split = (n: number) => rows.find((r) => r.size === n && r.variant === "split");
  const r50 = one(50000);
  const s50 = split(50000);
  // An edit in every kind: the slowest of the risk, metric, incident and service keystrokes.
  const everyKind = (r: Row | undefined) =>
    r && Math.max(...[r.keystroke, r.metricEdit, r.incidentEdit, r.serviceEdit].map((x) => x.median));
  add(
    "keystroke -> diagnostics, 50k risks, one file, an edit in every kind (issue 17)",
    r50,
    everyKind(r50),
    50,
  );
  add("server peak RSS, 10k risks (issue 17)", r10, r10?.rss, 300, "MB");
  add("server peak RSS, 50k risks, one file (issue 17)", r50, r50?.rss, 600, "MB");
  add(
    "cold start / parse floor of all files, 50k risks, split (issue 17)",
    s50,
    s50 && s50.cold.median / s50.floorAll.median,
    1.0,
    "x",
  );
  // The split variant at 50k risks holds 115,000 entries of all kinds: it stands for "100k entries".
  add(
    "cold start / parse floor, 100k entries of all kinds, split (issue 17)",
    s50,
    s50 && s50.cold.median / s50.floorAll.median,
    1.2,
    "x",
  );
  add(
    "keystroke -> diagnostics, 100k entries, split, an edit in every kind (issue 17)",
    s50,
    everyKind(s50),
    30,
  );
  add(
    "derived metric's code lens after an incident is added, 100k entries, split (issue 17)",
    s50,
    s50?.lens.median,
    30,
  );
  add(
    "isms check / parse floor, 100k entries, split (issue 17)",
    s50,
    s50 && s50.check.median / s50.floorAll.median,
    1.2,
    "x",
  );
  add("isms audit-pack, 10k risks (issue 17)", r10, r10?.pack?.median, 10_000);
  return t;
}

function report(rows: Row[]) {
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  const head = ["measure", ...rows.map((r) => `${r.size / 1000}k ${r.variant}`)];
  const line = (name: string, f: (r: Row) => string) => [name, ...rows.map(f)];
  const table = [
    line("risks file(s): lines / MB", (r) => `${r.lines} / ${r.mb.toFixed(1)}`),
    line("cold start to all diagnostics (ms)", (r) => ms(r.cold)),
    line("server peak RSS (MB)", (r) => r.rss.toFixed(0)),
    line("parse floor: yaml parseDocument, all files (ms)", (r) => ms(r.floorAll)),
    line("parse floor: the edited file (ms)", (r) => ms(r.floorBig)),
    line("keystroke -> that file's diagnostics (ms)", (r) => ms(r.keystroke)),
    line("keystroke in a risk's id -> check done (ms)", (r) => ms(r.idKeystroke)),
    line("role id renamed in roles.yaml -> all files (ms)", (r) => ms(r.crossFile)),
    line("completion, role id value (ms)", (r) => ms(r.completionRole)),
    line("completion, control id value (ms)", (r) => ms(r.completionControl)),
    line("completion, key (ms)", (r) => ms(r.completionKey)),
    line("hover (ms)", (r) => ms(r.hover)),
    line("definition (ms)", (r) => ms(r.definition)),
    line("references of the hot role (ms)", (r) => `${ms(r.references)} [${r.referencesCount}]`),
    line("rename of the hot role, edit (ms)", (r) => `${ms(r.rename)} [${r.renameEdits} edits]`),
    line("isms check (ms)", (r) => ms(r.check)),
    line("isms check peak RSS (MB)", (r) => r.checkRss.toFixed(0)),
    line("isms report risk-register --format html (ms)", (r) => ms(r.report)),
    line("isms audit-pack (ms)", (r) => ms(r.pack)),
    line("keystroke in a metric's measurement -> its finding (ms)", (r) => ms(r.metricEdit)),
    line("keystroke in an incident's date -> derived metric's code lens (ms)", (r) => ms(r.incidentEdit)),
    line("keystroke in a service's rto -> its plan's finding (ms)", (r) => ms(r.serviceEdit)),
    line("incident added -> derived metric's code lens (ms)", (r) => ms(r.lens)),
    line("yaml-language-server: keystroke -> diagnostics (ms)", (r) => ms(r.yls?.keystroke)),
    line("yaml-language-server: completion, key (ms)", (r) => ms(r.yls?.completionKey)),
    line("yaml-language-server: peak RSS (MB)", (r) => (r.yls ? r.yls.rss.toFixed(0) : "n/a")),
    line("ratio ours / yaml-language-server, keystroke", (r) =>
      r.yls ? (r.keystroke.median / r.yls.keystroke.median).toFixed(3) : "n/a",
    ),
    line("ratio ours / yaml-language-server, completion", (r) =>
      r.yls ? (r.completionKey.median / r.yls.completionKey.median).toFixed(3) : "n/a",
    ),
    line("ratio cold start / parse floor", (r) => (r.cold.median / r.floorAll.median).toFixed(2)),
    line("ratio keystroke / parse floor of the edited file", (r) =>
      (r.keystroke.median / r.floorBig.median).toFixed(2),
    ),
  ];
  const md = [
    `Machine: ${machine}. Medians (min-max) over ${REPEATS} repeats; cold start and the CLI over 3 runs (1 at 50k).`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...table.map((r) => `| ${r.join(" | ")} |`),
    "",
    "| target | value | limit | result |",
    "|---|---|---|---|",
    ...targets(rows).map(
      (t) =>
        `| ${t.name} | ${t.value === undefined ? "not measured" : `${fmt(t.value)} ${t.unit}`} | ${t.limit} ${t.unit} | ${t.value === undefined ? "SKIP" : t.value <= t.limit ? "PASS" : "FAIL"} |`,
    ),
  ].join("\n");
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, "results.md"), md + "\n");
  writeFileSync(
    join(args.out, "results.json"),
    JSON.stringify(
      { machine, repeats: REPEATS, rows, targets: targets(rows).map(({ row: _row, ...t }) => t) },
      null,
      2,
    ) + "\n",
  );
  process.stdout.write(md + "\n");
}

void main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
