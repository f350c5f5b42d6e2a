// Metrics and objectives in the language server, over stdio on a copy of the example ISMS (today
// 2026-11-29): hover on a metric, code lens on metrics and objectives, completion of metric ids and of
// `derived:`, rename of a metric id, a quick fix applied, and a derived metric re-checked when the
// records it is computed from change in another file.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  HoverRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import {
  applyEdits,
  copyOf,
  editsFor,
  EXAMPLE,
  positionOf,
  startClient,
  uriOf,
  watched,
  type Client,
} from "./client";

let dir: string;
let c: Client;
const p = (rel: string) => join(dir, rel);
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);
const lines = (ds: Diagnostic[], code: string) =>
  ds.filter((d) => d.code === code).map((d) => `${d.range.start.line + 1} ${text(d)}`);

async function completionAt(path: string, needle: string, delta: number): Promise<CompletionItem[]> {
  const res = (await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  })) as CompletionList | null;
  return res?.items ?? [];
}

async function hoverAt(path: string, needle: string, delta = 1): Promise<string> {
  const h = await c.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

async function lenses(path: string): Promise<string[]> {
  const ls = (await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(path) } })) ?? [];
  return ls.map((l) => `${l.range.start.line + 1} ${l.command?.title ?? ""}`);
}

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

describe("diagnostics", () => {
  test("the example's metric and objective findings", async () => {
    const metrics = await c.diagnosticsOf(uriOf(p("metrics.yaml")));
    assert.deepEqual(lines(metrics, "metric-stale"), [
      "127 Metric KPI-013 was last measured 2026-09-30; it is measured every 1 month, so a measurement was due 2026-10-30",
    ]);
    assert.deepEqual(
      lines(metrics, "metric-off-target").map((l) => l.replace(/:.*$/, "")),
      ["18 Metric KPI-002", "46 Metric KPI-005", "72 Metric KPI-008", "79 Metric KPI-009"],
    );
    const objectives = await c.diagnosticsOf(uriOf(p("objectives.yaml")));
    assert.deepEqual(lines(objectives, "objective-overdue"), [
      "63 Objective OBJ-004 was due 2026-09-30 (60 days ago) and is off-track",
    ]);
  });
});

describe("hover and code lens", () => {
  test("hover on a metric: its value, target, period and how it was derived", async () => {
    const path = p("metrics.yaml");
    await c.open(path);
    const h = await hoverAt(path, "id: KPI-003", 5);
    assert.match(h, /^\*\*KPI-003\*\* · Median time to contain incidents/);
    assert.match(h, /Value: \*\*0\.9 h\*\* over 2026-08-29\.\.2026-11-29/);
    assert.match(h, /Target: 4 h \(lower-is-better\) · \*\*on target\*\*/);
    assert.match(h, /Period: every 3 months/);
    assert.match(h, /How: median of 2 incidents detected 2026-08-29\.\.2026-11-29: detected to contained/);
  });

  test("hover on a metric cited by an objective, and on a manual metric", async () => {
    const path = p("objectives.yaml");
    await c.open(path);
    const h = await hoverAt(path, "metrics: [KPI-005]", 11);
    assert.match(h, /^\*\*KPI-005\*\* · Personal data breaches notified after 72 hours/);
    assert.match(h, /Target: 0 \(lower-is-better\) · \*\*off target\*\*/);
    assert.match(
      h,
      /How: 1 personal data breach detected 2025-11-29\.\.2026-11-29, 1 notified more than 72 hours after detection \(INC-2026-003\)/,
    );
    const manual = await hoverAt(p("metrics.yaml"), "id: KPI-013", 5);
    assert.match(manual, /Value: \*\*96%\*\* measured 2026-09-30/);
    assert.match(manual, /Next measurement due: 2026-10-30 \(30 days ago\)/);
  });

  test("code lens on metrics and objectives", async () => {
    const metrics = await lenses(p("metrics.yaml"));
    assert.ok(metrics.includes("6 2 · target 3 · on target"), metrics.join("\n"));
    assert.ok(metrics.includes("14 14350 GBP · target 10000 GBP · off target"), metrics.join("\n"));
    assert.ok(metrics.includes("25 0.9 h · target 4 h · on target"), metrics.join("\n"));
    assert.ok(metrics.includes("51 90% · target 90% · on target"), metrics.join("\n"));
    assert.equal(metrics.length, 13);
    const objectives = await lenses(p("objectives.yaml"));
    assert.deepEqual(objectives, [
      "6 2 metrics: 2 on target · due 2027-03-31",
      "25 1 metric: 1 off target · due 2026-12-31",
      "44 2 metrics: 2 on target · due 2027-06-30",
      "58 2 metrics: 1 on target, 1 off target · due 2026-09-30 (overdue)",
      "72 3 metrics: 2 on target, 1 off target · due 2027-06-30",
      "82 1 metric: 1 on target · due 2027-03-31",
    ]);
  });
});

describe("completion", () => {
  test("metric ids in an objective's metrics:, with their titles", async () => {
    const items = await completionAt(p("objectives.yaml"), "metrics: [KPI-003", 10);
    const kpi = items.filter((i) => /^KPI-\d{3}$/.test(i.label));
    assert.equal(kpi.length, 13);
    assert.equal(kpi.find((i) => i.label === "KPI-003")?.detail, "Median time to contain incidents");
  });

  test("the measures of derived:", async () => {
    const items = await completionAt(p("metrics.yaml"), "derived: incidents.count", 9);
    assert.deepEqual(
      items.map((i) => i.label),
      [
        "incidents.count",
        "incidents.cost",
        "incidents.median-hours-to-contain",
        "incidents.median-hours-to-resolve",
        "incidents.breaches-notified-late",
        "awareness.attendance-percent",
        "audits.nonconformities",
        "actions.overdue",
        "risks.above-appetite",
        "controls.implemented-percent",
        "reviews.overdue",
      ],
    );
    // The key's documentation says what each one is.
    const key = await hoverAt(p("metrics.yaml"), "derived: incidents.count", 2);
    assert.match(
      key,
      /incidents\.breaches-notified-late \(personal data breaches notified more than 72 hours after detection\)/,
    );
  });
});

describe("rename and quick fixes", () => {
  test("rename of a metric id edits its definition and every objective citing it", async () => {
    const metrics = p("metrics.yaml");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(metrics) },
      position: positionOf(c.text(metrics), "id: KPI-003", 5),
      newName: "KPI-CONTAIN",
    });
    const files = Object.keys(edit?.changes ?? {}).map((u) => fileURLToPath(u).slice(dir.length + 1));
    assert.deepEqual(files.sort(), ["metrics.yaml", "objectives.yaml"]);
    for (const rel of files) {
      const path = p(rel);
      const next = applyEdits(c.text(path), editsFor(edit, path));
      assert.doesNotMatch(next, /KPI-003/);
      assert.match(next, /KPI-CONTAIN/);
      await c.replace(path, next);
    }
    await c.diagnosticsOf(uriOf(p("objectives.yaml")), (ds) => !ds.some((d) => d.code === "unknown-metric"));
    assert.match(await hoverAt(p("objectives.yaml"), "KPI-CONTAIN", 2), /^\*\*KPI-CONTAIN\*\* · Median time/);
  });

  test("a mistyped metric id: did you mean, applied", async () => {
    const path = p("objectives.yaml");
    const at = positionOf(c.text(path), "metrics: [KPI-013]", 10);
    await c.change(path, { start: at, end: { line: at.line, character: at.character + 7 } }, "KPI-13");
    const ds = await c.diagnosticsOf(uriOf(path), (x) => x.some((d) => d.code === "unknown-metric"));
    const d = ds.find((x) => x.code === "unknown-metric")!;
    assert.equal(text(d), "Unknown metric 'KPI-13' (did you mean 'KPI-013'?)");
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(path) },
      range: d.range,
      context: { diagnostics: [d] },
    }))!;
    const change = actions.find((a) => a.title === "Change to 'KPI-013'") as { edit: WorkspaceEdit };
    assert.ok(change, actions.map((a) => a.title).join(" | "));
    await c.replace(path, applyEdits(c.text(path), editsFor(change.edit, path)));
    await c.diagnosticsOf(uriOf(path), (x) => !x.some((d) => d.code === "unknown-metric"));
    assert.match(c.text(path), /metrics: \[KPI-013\]/);
  });

  test("a derived metric follows the records it is computed from (another file, on disk)", async () => {
    // INC-2026-003 notified within 72 hours: KPI-005 is back on target.
    const incidents = p("incidents.yaml");
    const before = readFileSync(incidents, "utf8");
    writeFileSync(
      incidents,
      before.replace(
        "authority_notified: 2026-06-12T11:00+01:00",
        "authority_notified: 2026-06-10T11:00+01:00",
      ),
    );
    await watched(c, [{ path: incidents, type: 2 }]);
    const ds = await c.diagnosticsOf(
      uriOf(p("metrics.yaml")),
      (x) => !lines(x, "metric-off-target").some((l) => l.includes("KPI-005")),
    );
    assert.deepEqual(
      lines(ds, "metric-off-target").map((l) => l.replace(/:.*$/, "")),
      ["18 Metric KPI-002", "72 Metric KPI-008", "79 Metric KPI-009"],
    );
    assert.ok((await lenses(p("objectives.yaml"))).includes("25 1 metric: 1 on target · due 2026-12-31"));
  });
});
