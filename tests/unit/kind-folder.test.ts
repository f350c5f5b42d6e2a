// A kind defined only in a folder under tests/ (tests/kinds/widgets), registered here and nowhere else,
// gets what every kind gets: schema validation, reference checking with did-you-mean, its own rules,
// completion of its ids and enums, hover, go to definition, rename, the Overdue view and the overdue report.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import type { Connection } from "vscode-languageserver/node";
import { checkWorkspace } from "../../server/src/core/check";
import { dueItems } from "../../server/src/core/queries";
import { registerKind } from "../../server/src/core/registry";
import { parseDay } from "../../server/src/core/values";
import { completion } from "../../server/src/lsp/completion";
import { hover } from "../../server/src/lsp/hover";
import { definition, rename } from "../../server/src/lsp/navigation";
import { Session } from "../../server/src/lsp/session";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";
import widgets from "../kinds/widgets/kind";

registerKind(widgets);

const TODAY = "2026-06-01";
const MANIFEST = "kind: isms\norganisation: Acme\nreviews:\n  widgets: 6 months\n  widget: 1 month\n";
const ROLES = "kind: roles\nroles:\n  - { id: ciso, title: CISO, holder: Ann, reviewed: 2026-05-01 }\n";
const WIDGETS = [
  "kind: widgets",
  "widgets:",
  "  - id: W-001",
  "    name: Gear",
  "    owner: ciso",
  "    colour: red",
  "    reviewed: 2025-01-10",
  "  - id: W-002",
  "    name: Spring",
  "    owner: cisco",
  "    colour: gren",
  "    depends_on: [W-01]",
  "    reviewed: 2026-05-01",
  "    size: big",
  "  - id: W-003",
  "    name: Lever",
  "    depends_on: [W-001]",
  "    reviewed: 2026-05-20",
  "",
].join("\n");

/** An in-process language server session over a folder (a connection that records what it is sent). */
function session(files: Record<string, string>): { s: Session; uri: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), "isms-widgets-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const connection = {
    console: { log: () => undefined },
    sendDiagnostics: () => Promise.resolve(),
    sendNotification: () => Promise.resolve(),
  } as unknown as Connection;
  const s = new Session(connection);
  s.init({
    processId: null,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    initializationOptions: { today: TODAY },
  });
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  for (const [name, text] of Object.entries(files)) {
    s.docs.open({ textDocument: { uri: uri(name), languageId: "yaml", version: 1, text } });
    s.opened(uri(name));
  }
  s.scanning = false;
  return { s, uri };
}

const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle));

describe("a kind defined in a folder of its own (tests/kinds/widgets)", () => {
  const { s, uri } = session({ "isms.yaml": MANIFEST, "roles.yaml": ROLES, "widgets.yaml": WIDGETS });
  const findings = (name: string) =>
    checkWorkspace(s.ws, { today: parseDay(TODAY) })
      .filter(
        (f) =>
          f.file.endsWith(name) &&
          f.code !== "soa-missing-control" &&
          f.code !== "audit-coverage-gap" &&
          f.code !== "mandatory-record-missing" &&
          f.code !== "management-review-overdue",
      )
      .map((f) => `${f.start.line + 1} ${f.code}(${f.messageId}) ${f.message}`);

  test("schema validation, reference checking with did-you-mean, review clocks and its own rule", () => {
    assert.ok(s.index.files.length === 3); // the opened documents are loaded
    // The manifest has a `reviews:` key for the kind.
    assert.deepEqual(findings("isms.yaml"), [
      "5 schema(unknownKeyNear) Unknown key 'widget' (did you mean 'widgets'?)",
    ]);
    assert.deepEqual(findings("widgets.yaml"), [
      "7 review-overdue(overdue) Widget W-001 is overdue for review: due 2025-07-10 (326 days ago; review every 6 months)",
      "10 unknown-role(near) Unknown role 'cisco' (did you mean 'ciso'?)",
      "11 schema(oneOfNear) 'colour' must be one of red, green, blue (did you mean 'green'?)",
      "12 unknown-widget(near) Unknown widget 'W-01' (did you mean 'W-001'?)",
      "14 schema(unknownKey) Unknown key 'size'",
      "15 widget-colourless(none) Widget W-003 has no colour",
    ]);
  });

  test("completion of its ids and of its enums", () => {
    const dep = lineOf(WIDGETS, "depends_on: [W-001]");
    const ids = completion(s, uri("widgets.yaml"), { line: dep, character: "    depends_on: [".length });
    assert.deepEqual(ids?.items.map((i) => i.label).sort(), ["W-001", "W-002", "W-003"]);
    const colour = lineOf(WIDGETS, "colour: red");
    const values = completion(s, uri("widgets.yaml"), { line: colour, character: "    colour: ".length });
    assert.deepEqual(
      values?.items.map((i) => i.label),
      ["red", "green", "blue"],
    );
  });

  test("hover on a reference to a widget shows the widget", () => {
    const dep = lineOf(WIDGETS, "depends_on: [W-001]");
    const h = hover(s, uri("widgets.yaml"), { line: dep, character: "    depends_on: [W".length });
    const text = (h?.contents as { value: string }).value;
    assert.match(text, /^\*\*W-001\*\* · Gear\n\nA widget in widgets\.yaml/);
    assert.match(text, /Owner: ciso/);
    assert.match(text, /Next review: 2025-07-10 \(326 days ago\)/);
  });

  test("go to definition and rename across the kind's references", () => {
    const dep = lineOf(WIDGETS, "depends_on: [W-001]");
    const pos = { line: dep, character: "    depends_on: [W".length };
    const defs = definition(s, uri("widgets.yaml"), pos);
    assert.deepEqual(
      defs?.map((d) => d.range.start),
      [{ line: lineOf(WIDGETS, "id: W-001"), character: 8 }],
    );
    const edit = rename(s, uri("widgets.yaml"), pos, "W-100");
    const edits = edit?.changes?.[uri("widgets.yaml")] ?? [];
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.newText]),
      [
        [lineOf(WIDGETS, "id: W-001"), "W-100"],
        [dep, "W-100"],
      ],
    );
  });

  test("the Overdue view lists its reviews in a group of its own, with its title", () => {
    const items = dueItems(s.index, parseDay(TODAY)!, () => undefined);
    const mine = items.filter((i) => i.kind === "widgets");
    assert.deepEqual(
      mine.map((i) => [i.kindTitle, i.id, i.title, i.owner, i.due, i.state]),
      [["Widgets", "W-001", "Gear", "ciso", "2025-07-10", "overdue"]],
    );
  });

  test("the overdue report names the widget review", async () => {
    const md = String(
      await produce(REPORT_BY_ID.get("overdue")!, "md", {
        index: s.index,
        today: parseDay(TODAY)!,
        findings: [],
        dir: "/",
      }),
    );
    const row = md.split("\n").find((l) => l.includes("W-001"));
    assert.match(row ?? "", /^\| widget review \| W-001 \| Gear \| 2025-07-10 \| overdue 326 days \|/);
  });
});
