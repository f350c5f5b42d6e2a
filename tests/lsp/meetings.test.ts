// Meetings over stdio, on a copy of the example ISMS (today 2026-11-29): the deliberate gap, completion
// of the 9.3.2 letters with their meaning, hover and code lens on a meeting, go to definition from an
// action's owner, the Overdue request listing planned meetings, and a quick fix applied in meetings.yaml.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { DueItemsRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
const p = (rel: string) => join(dir, rel);
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
  await c.open(p("meetings.yaml"));
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

async function completionAt(
  path: string,
  pos: { line: number; character: number },
): Promise<CompletionItem[]> {
  const res = (await c.conn.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: pos,
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

describe("meetings in the editor", () => {
  test("the deliberate gap: the Q4 forum planned and not held", async () => {
    const ds = await c.diagnosticsOf(uriOf(p("meetings.yaml")), (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`),
      [
        "meeting-overdue 132 Meeting SF-2026-Q4 (Information security forum Q4 2026) was planned for 2026-11-19 (10 days ago) and is not recorded as held",
      ],
    );
  });

  test("completion of an inputs: letter shows what it is", async () => {
    const path = p("meetings.yaml");
    // Type the inputs of the 2027 review, which has none yet.
    const after = positionOf(
      c.text(path),
      "attendees: [ceo, iso, cto, cfo, dpo, hr-manager]\n\n  # ---- information",
    );
    const at = { line: after.line + 1, character: 0 };
    await c.change(path, { start: at, end: at }, "    inputs: [a, \n");
    const items = await completionAt(path, { line: at.line, character: "    inputs: [a, ".length });
    assert.deepEqual(
      items.map((i) => i.label),
      ["a", "b", "c", "d", "e", "f", "g"],
    );
    const e = items.find((i) => i.label === "e")!;
    assert.equal(e.detail, "9.3.2 e): feedback from interested parties");
    assert.match(
      items.find((i) => i.label === "f")!.detail!,
      /results of risk assessment and status of the risk treatment plan/,
    );
    // Typing part of a meaning finds its letter.
    assert.match(e.filterText!, /feedback from interested parties/);
    // The meeting types are completed too.
    const typeAt = positionOf(c.text(path), "type: management-review\n    planned: 2027", 6);
    const types = await completionAt(path, typeAt);
    assert.deepEqual(
      types.map((i) => i.label),
      ["management-review", "security-forum", "risk-committee", "other"],
    );
    await c.change(path, { start: at, end: { line: at.line + 1, character: 0 } }, "");
  });

  test("hover on a meeting: type, held, chair, inputs, decisions, actions, minutes", async () => {
    const h = await hoverAt(p("meetings.yaml"), "id: MR-2026-01", 5);
    assert.match(h, /^\*\*MR-2026-01\*\* · Management review 2026/);
    assert.match(h, /Management review \(clause 9\.3\) · held 2026-03-12 \(262 days ago\)/);
    assert.match(h, /Chair: ceo \(Chief Executive Officer\)/);
    assert.match(h, /Attendees: ceo, iso, cto, cfo, dpo, hr-manager/);
    assert.match(h, /Inputs \(9\.3\.2\): a, b, c, d, e, f, g/);
    assert.match(h, /Decisions: 4/);
    assert.match(h, /Actions: 1 open, 3 closed/);
    assert.match(h, /Minutes: minutes\/2026-03-12-management-review\.md/);
    const planned = await hoverAt(p("meetings.yaml"), "id: MR-2027-01", 5);
    assert.match(planned, /planned 2027-03-11 \(in 102 days\)/);
    assert.match(planned, /Missing inputs:\n- a\) the status of actions from previous management reviews/);
  });

  test("code lens on each meeting: its open actions", async () => {
    const lenses =
      (await c.conn.sendRequest(CodeLensRequest.type, {
        textDocument: { uri: uriOf(p("meetings.yaml")) },
      })) ?? [];
    const text = c.text(p("meetings.yaml")).split("\n");
    const byId = new Map(
      lenses.map((l) => [/id: (\S+)/.exec(text[l.range.start.line])?.[1], l.command!.title]),
    );
    assert.equal(byId.get("MR-2025-01"), "no open actions");
    assert.equal(byId.get("MR-2026-01"), "1 open action");
    assert.equal(byId.get("SF-2026-Q3"), "1 open action");
    assert.equal(byId.get("SF-2026-Q4"), "no open actions");
    assert.equal(lenses.length, 9);
  });

  test("go to definition from an action's owner and from the chair", async () => {
    const path = p("meetings.yaml");
    for (const needle of ["owner: cto", "chair: cfo"]) {
      const locs = (await c.conn.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: uriOf(path) },
        position: positionOf(c.text(path), needle, needle.indexOf(":") + 3),
      })) as { uri: string; range: { start: { line: number } } }[];
      assert.equal(locs.length, 1, needle);
      assert.equal(locs[0].uri, uriOf(p("roles.yaml")));
      const line = readFileSync(p("roles.yaml"), "utf8").split("\n")[locs[0].range.start.line];
      assert.match(line, new RegExp(`id: ${needle.split(": ")[1]}$`));
    }
  });

  test("rename a meeting's id", async () => {
    const path = p("meetings.yaml");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "id: RC-2026-02", 6),
      newName: "RC-2026-12",
    });
    const edits = edit?.changes?.[uriOf(path)] ?? [];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, "RC-2026-12");
    assert.equal(edits[0].range.start.line, positionOf(c.text(path), "id: RC-2026-02").line);
  });

  test("the Overdue request lists the planned meetings", async () => {
    const items = (await c.conn.sendRequest(DueItemsRequest, {})).filter((i) => i.kind === "meetings");
    assert.deepEqual(
      items.map((i) => `${i.kindTitle} ${i.id} ${i.due} ${i.state} ${i.owner} ${i.ownerTitle}`),
      [
        "Meetings SF-2026-Q4 2026-11-19 overdue iso Information Security Officer",
        "Meetings RC-2026-02 2026-12-10 due-soon cfo Chief Financial Officer",
      ],
    );
    assert.equal(items[0].location.uri, uriOf(p("meetings.yaml")));
    assert.equal(items[0].location.range.start.line, 128);
    const all = (await c.conn.sendRequest(DueItemsRequest, { all: true })).filter(
      (i) => i.kind === "meetings",
    );
    assert.deepEqual(
      all.map((i) => i.id),
      ["SF-2026-Q4", "RC-2026-02", "MR-2027-01"],
    );
  });

  test("a typo in a chair: unknown-role with its did-you-mean, applied", async () => {
    const path = p("meetings.yaml");
    const at = positionOf(
      c.text(path),
      "chair: cfo\n    attendees: [cfo, iso, cto, dpo, legal-counsel]\n",
      7,
    );
    await c.change(path, { start: at, end: { line: at.line, character: at.character + 3 } }, "cf0");
    const ds = await c.diagnosticsOf(uriOf(path), (d) => d.some((x) => x.code === "unknown-role"));
    const d = ds.find((x) => x.code === "unknown-role")!;
    assert.match(text(d), /Unknown role 'cf0' \(did you mean 'cfo'\?\)/);
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(path) },
      range: d.range,
      context: { diagnostics: [d] },
    }))!;
    const fix = actions.find((a) => a.title === "Change to 'cfo'") as { edit: WorkspaceEdit } | undefined;
    assert.ok(fix, actions.map((a) => a.title).join(" | "));
    const edits = fix.edit.changes?.[uriOf(path)] ?? [];
    assert.equal(edits.length, 1);
    await c.change(path, edits[0].range, edits[0].newText);
    await c.diagnosticsOf(uriOf(path), (d) => !d.some((x) => x.code === "unknown-role"));
    assert.ok(c.text(path).includes("chair: cfo\n    attendees: [cfo, iso, cto, dpo, legal-counsel]\n"));
  });
});
