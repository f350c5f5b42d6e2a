// The minimal edits behind the quick fixes: only the text they must touch changes, in the file's own style.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addFields,
  appendEntry,
  disableLineEdit,
  setField,
  setHeaderField,
} from "../../server/src/core/edits";
import { loadFile, type IsmsFile } from "../../server/src/core/model";
import type { TextEdit } from "../../server/src/core/navigate";

const load = (text: string) => loadFile("/w/f.yaml", text)!;
const apply = (file: IsmsFile, edits: (TextEdit | undefined)[] | TextEdit | undefined) => {
  const list = (Array.isArray(edits) ? edits : [edits]).filter((e): e is TextEdit => !!e);
  assert.ok(list.length, "an edit");
  let text = file.text;
  for (const e of [...list].sort((a, b) => b.range[0] - a.range[0]))
    text = text.slice(0, e.range[0]) + e.newText + text.slice(e.range[1]);
  return text;
};
const risk = (file: IsmsFile, id: string) => file.entries.find((e) => e.id === id)!;

const RISKS = `kind: risks
risks:
  # the first one
  - id: R-1
    title: "Quoted"   # keep me
    reviewed: 2020-01-01 # and me
  - id: R-2
    title: Second
    description: |
      Block text
      on two lines

  - { id: R-3, title: Flow }
`;

test("setField replaces a value in place, keeping comments and quotes", () => {
  const f = load(RISKS);
  assert.equal(
    apply(f, setField(risk(f, "R-1"), "reviewed", "2026-11-29")),
    RISKS.replace("reviewed: 2020-01-01 # and me", "reviewed: 2026-11-29 # and me"),
  );
  assert.equal(apply(f, setField(risk(f, "R-1"), "title", "New")), RISKS.replace('"Quoted"', '"New"'));
});

test("addFields appends after the entry's last line, even after a block scalar; flow entries get ', k: v'", () => {
  const f = load(RISKS);
  assert.equal(
    apply(f, addFields(risk(f, "R-2"), ["reviewed: 2026-11-29"])),
    RISKS.replace("      on two lines\n", "      on two lines\n    reviewed: 2026-11-29\n"),
  );
  assert.equal(
    apply(f, setField(risk(f, "R-3"), "reviewed", "2026-11-29")),
    RISKS.replace("{ id: R-3, title: Flow }", "{ id: R-3, title: Flow, reviewed: 2026-11-29 }"),
  );
  assert.equal(
    apply(f, addFields(risk(f, "R-1"), ["action:", "  owner: iso"])),
    RISKS.replace("# and me\n", "# and me\n    action:\n      owner: iso\n"),
  );
});

test("edits of a CRLF file use CRLF", () => {
  const crlf = RISKS.replace(/\n/g, "\r\n");
  const f = load(crlf);
  assert.equal(
    apply(f, addFields(risk(f, "R-1"), ["owner: iso"])),
    crlf.replace("# and me\r\n", "# and me\r\n    owner: iso\r\n"),
  );
  assert.equal(
    apply(f, disableLineEdit(f, 4, "schema")),
    crlf.replace('    title: "Quoted"', '    # isms-disable-next-line schema\r\n    title: "Quoted"'),
  );
});

test("appendEntry adds a list item after the last entry, or fills an empty collection keeping its comment", () => {
  const f = load("kind: roles\nroles:\n  - id: a\n    title: A\n# end\n");
  assert.equal(
    apply(f, appendEntry(f, ["id: b", "title: B"], "roles")),
    "kind: roles\nroles:\n  - id: a\n    title: A\n  - id: b\n    title: B\n# end\n",
  );
  const empty = load("kind: roles\nroles: [] # none yet\n");
  assert.equal(
    apply(empty, appendEntry(empty, ["id: b", "title: B"], "roles")),
    "kind: roles\nroles: # none yet\n  - id: b\n    title: B\n",
  );
});

test("disableLineEdit adds a code to an existing disable comment instead of stacking another", () => {
  const f = load("kind: roles\nroles:\n  # isms-disable-next-line role-vacant\n  - id: a\n");
  assert.equal(
    apply(f, disableLineEdit(f, 3, "review-overdue")),
    "kind: roles\nroles:\n  # isms-disable-next-line role-vacant review-overdue\n  - id: a\n",
  );
});

test("setHeaderField sets the SoA's reviewed date, or adds it under kind:", () => {
  const f = load("# SoA\nkind: soa\nversion: 1\ncontrols: {}\n");
  assert.equal(
    apply(f, setHeaderField(f, "reviewed", "2026-11-29")),
    "# SoA\nkind: soa\nreviewed: 2026-11-29\nversion: 1\ncontrols: {}\n",
  );
  const g = load("kind: soa\nreviewed: 2020-01-01 # last\n");
  assert.equal(
    apply(g, setHeaderField(g, "reviewed", "2026-11-29")),
    "kind: soa\nreviewed: 2026-11-29 # last\n",
  );
});
