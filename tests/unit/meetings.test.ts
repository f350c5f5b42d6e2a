// Meetings (clause 9.3 and the ISMS forums): the rules on realistic input, the domain helpers the
// management review report uses (the 9.3.2 letters, the last and previous review, what is missing), the
// hover and code lens, linked-file-missing over every kind's path fields, and bad input.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkWorkspace, type Finding } from "../../server/src/core/check";
import { fileExists, loadDirectory } from "../../server/src/core/files";
import {
  coveredInputs,
  INPUT_LETTERS,
  inputLetter,
  inputMeaning,
  lastManagementReview,
  managementReviewDue,
  meetingActions,
  meetingState,
  missingInputs,
  nextManagementReview,
  previousManagementReview,
  REVIEW_INPUTS,
} from "../../server/src/core/kinds/meetings/domain";
import { meetingHover, meetingLens } from "../../server/src/core/kinds/meetings/present";
import type { Entry } from "../../server/src/core/model";
import { dueItems } from "../../server/src/core/queries";
import { entrySpec, ruleById } from "../../server/src/core/registry";
import { formatDay, parseDay, type Day } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";

const ROOT = join(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "acme-isms");
const TODAY = parseDay("2026-06-01")!;
const MANIFEST = "kind: isms\norganisation: Example Ltd\n";
const ROLES = `kind: roles
roles:
  - { id: ceo, title: Chief Executive Officer, holder: Ann, reviewed: 2026-05-01 }
  - { id: iso, title: Information Security Officer, holder: Bo, reviewed: 2026-05-01 }
`;
const MEETINGS = `kind: meetings
meetings:
  - id: MR-2025
    title: Management review 2025
    type: management-review
    held: 2025-03-13
    chair: ceo
    inputs: [a, b, c, d, e, f, g]
  - id: MR-2026
    title: Management review 2026
    type: management-review
    planned: 2026-03-10
    held: 2026-03-12
    chair: ceo
    attendees: [ceo, iso]
    inputs: [a, b, d, f, g]
    minutes: minutes/2026-03-12.md
    decisions: [Fund MDR, Keep the appetite at 9]
    actions:
      - { description: Contract MDR, owner: iso, due: 2026-09-30 }
      - { description: Set objectives, owner: iso, due: 2026-05-01 }
      - { description: Review insurance, owner: ceo, due: 2026-04-30, closed: 2026-04-20, verified_by: ceo }
  - { id: MR-2027, title: Management review 2027, type: management-review, planned: 2027-03-11, chair: ceo }
  - { id: SF-Q2, title: Security forum Q2, type: security-forum, planned: 2026-05-14, chair: iso }
  - { id: SF-Q3, title: Security forum Q3, type: security-forum, planned: 2026-06-20, chair: iso }
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const check = (ws: Workspace, today: Day = TODAY, exists: (p: string) => boolean = () => true): Finding[] =>
  checkWorkspace(ws, { today, roots: ["/w"], fileExists: exists });

const of = (findings: Finding[], code: string) =>
  findings
    .filter((f) => f.code === code)
    .map((f) => `${f.file.replace("/w/", "")}:${f.start.line + 1} ${f.message}`);

const meeting = (ws: Workspace, id: string): Entry => {
  const e = ws.index.byKind.get("meeting")?.find((m) => m.id === id);
  assert.ok(e, id);
  return e;
};

describe("the 9.3.2 inputs", () => {
  test("seven letters a to g, each with the standard's meaning, in one place", () => {
    assert.deepEqual(INPUT_LETTERS, ["a", "b", "c", "d", "e", "f", "g"]);
    assert.equal(inputMeaning("a"), "the status of actions from previous management reviews");
    assert.equal(
      inputMeaning("c"),
      "changes in needs and expectations of interested parties relevant to the ISMS",
    );
    assert.match(
      inputMeaning("d")!,
      /^feedback on the information security performance, including trends in nonconformities and corrective actions, monitoring and measurement results, audit results, and fulfilment of information security objectives$/,
    );
    assert.equal(inputMeaning("f"), "results of risk assessment and status of the risk treatment plan");
    assert.equal(inputMeaning("g"), "opportunities for continual improvement");
    assert.equal(inputMeaning("h"), undefined);
    assert.ok(REVIEW_INPUTS.every((i) => i.short.length > 10));
    // Completion reads the same meanings from the kind's valueDocs.
    assert.equal(entrySpec("meeting")?.valueDocs?.inputs.e, "9.3.2 e): feedback from interested parties");
  });

  test("a letter is read as written and in the forms people type", () => {
    for (const v of ["a", "A", " a ", "a)", "(a)", "9.3.2(a)", "9.3.2 a", "9.3.2a"])
      assert.equal(inputLetter(v), "a", v);
    for (const v of ["h", "ab", "", "9.3.1(a)", 1, null, undefined, { a: 1 }, ["a"]])
      assert.equal(inputLetter(v), undefined, String(v));
  });

  test("covered and missing inputs of a review", () => {
    const ws = workspace({ "meetings.yaml": MEETINGS });
    const mr = meeting(ws, "MR-2026");
    assert.deepEqual(
      coveredInputs(mr).map((i) => i.letter),
      ["a", "b", "d", "f", "g"],
    );
    assert.deepEqual(
      missingInputs(mr).map((i) => `${i.letter}) ${i.meaning}`),
      [
        "c) changes in needs and expectations of interested parties relevant to the ISMS",
        "e) feedback from interested parties",
      ],
    );
    assert.deepEqual(missingInputs(meeting(ws, "MR-2025")), []);
    assert.equal(missingInputs(meeting(ws, "MR-2027")).length, 7);
  });
});

describe("the last, previous and next management review", () => {
  const ws = workspace({ "isms.yaml": MANIFEST, "meetings.yaml": MEETINGS });
  const index = ws.index;

  test("the last one held on or before today; the previous one before it", () => {
    const last = lastManagementReview(index, TODAY);
    assert.equal(last?.entry.id, "MR-2026");
    assert.equal(formatDay(last.held), "2026-03-12");
    assert.equal(previousManagementReview(index, last.held)?.entry.id, "MR-2025");
    assert.equal(previousManagementReview(index, TODAY)?.entry.id, "MR-2026");
    assert.equal(previousManagementReview(index, parseDay("2025-03-13")!), undefined);
    // Before the 2026 review was held, the last one is 2025's.
    assert.equal(lastManagementReview(index, parseDay("2026-03-11")!)?.entry.id, "MR-2025");
    assert.equal(lastManagementReview(index, parseDay("2025-01-01")!), undefined);
  });

  test("the next one planned, and when one is due", () => {
    assert.equal(nextManagementReview(index, TODAY)?.entry.id, "MR-2027");
    const due = managementReviewDue(index, index.settings, TODAY);
    assert.equal(formatDay(due.due!), "2027-03-12");
    assert.equal(due.overdue, false);
    assert.equal(managementReviewDue(index, index.settings, parseDay("2027-03-13")!).overdue, true);
    assert.deepEqual(managementReviewDue(workspace({}).index, index.settings, TODAY), { overdue: true });
  });

  test("a meeting's state and its actions", () => {
    assert.equal(meetingState(meeting(ws, "MR-2026").value, TODAY), "held");
    assert.equal(meetingState(meeting(ws, "SF-Q2").value, TODAY), "overdue");
    assert.equal(meetingState(meeting(ws, "SF-Q3").value, TODAY), "planned");
    assert.equal(meetingState({}, TODAY), "undated");
    assert.deepEqual(meetingActions(meeting(ws, "MR-2026"), TODAY), { open: 2, overdue: 1, closed: 1 });
  });
});

describe("rules", () => {
  test("management-review-overdue: the last review too long ago, on the first meetings file", () => {
    const ws = workspace({ "isms.yaml": MANIFEST, "meetings.yaml": MEETINGS });
    assert.deepEqual(of(check(ws, parseDay("2027-04-01")), "management-review-overdue"), [
      "meetings.yaml:1 The last management review, MR-2026, was held on 2026-03-12: the next was due 2027-03-12 (20 days ago; every 12 months); MR-2027 is planned for 2027-03-11",
    ]);
    assert.deepEqual(of(check(ws), "management-review-overdue"), []);
  });

  test("management-review-overdue follows management_review.every", () => {
    const ws = workspace({
      "isms.yaml": `${MANIFEST}management_review: { every: 2 months }\n`,
      "meetings.yaml": MEETINGS,
    });
    assert.deepEqual(of(check(ws), "management-review-overdue"), [
      "meetings.yaml:1 The last management review, MR-2026, was held on 2026-03-12: the next was due 2026-05-12 (20 days ago; every 2 months); MR-2027 is planned for 2027-03-11",
    ]);
  });

  test("management-review-overdue: a manifest and no review at all; silent without manifest or meetings", () => {
    assert.deepEqual(
      of(check(workspace({ "isms.yaml": MANIFEST, "roles.yaml": ROLES })), "management-review-overdue"),
      [
        "isms.yaml:1 No management review has been held (clause 9.3: top management reviews the ISMS every 12 months); none is planned",
      ],
    );
    // Forums are no management review; a review held in the future does not count.
    const forums = `kind: meetings
meetings:
  - { id: SF-1, title: Forum, type: security-forum, held: 2026-05-01 }
  - { id: MR-X, title: Typo in the year, type: management-review, held: 2062-03-01 }
`;
    assert.deepEqual(of(check(workspace({ "meetings.yaml": forums })), "management-review-overdue"), [
      "meetings.yaml:1 No management review has been held (clause 9.3: top management reviews the ISMS every 12 months); none is planned",
    ]);
    assert.deepEqual(of(check(workspace({ "roles.yaml": ROLES })), "management-review-overdue"), []);
  });

  test("management-review-overdue waits while a meeting has a syntax error", () => {
    const broken = "kind: meetings\nmeetings:\n  - id: MR-1\n    title: [oops\n    type: management-review\n";
    assert.deepEqual(
      of(check(workspace({ "isms.yaml": MANIFEST, "meetings.yaml": broken })), "management-review-overdue"),
      [],
    );
  });

  test("management-review-incomplete names each missing letter and what it is; no quick fix", () => {
    const ws = workspace({ "isms.yaml": MANIFEST, "meetings.yaml": MEETINGS });
    assert.deepEqual(of(check(ws), "management-review-incomplete"), [
      "meetings.yaml:16 Management review MR-2026 does not record inputs c) changes in needs and expectations of interested parties relevant to the ISMS; e) feedback from interested parties (clause 9.3.2)",
    ]);
    assert.equal(ruleById("management-review-incomplete")?.fixes, undefined);
    const one = `kind: meetings
meetings:
  - { id: MR-1, title: Review, type: management-review, held: 2026-03-01, inputs: [A, "9.3.2(b)", c), d, e, f] }
  - { id: MR-2, title: Review, type: management-review, held: 2026-03-01 }
`;
    const found = of(check(workspace({ "meetings.yaml": one })), "management-review-incomplete");
    assert.equal(
      found[0],
      "meetings.yaml:3 Management review MR-1 does not record input g) opportunities for continual improvement (clause 9.3.2)",
    );
    assert.match(
      found[1],
      /^meetings\.yaml:4 Management review MR-2 does not record inputs a\) the status of actions from previous management reviews; b\) .*; g\) opportunities for continual improvement \(clause 9\.3\.2\)$/,
    );
  });

  test("meeting-overdue: planned before today, not held", () => {
    const ws = workspace({ "isms.yaml": MANIFEST, "meetings.yaml": MEETINGS });
    assert.deepEqual(of(check(ws), "meeting-overdue"), [
      "meetings.yaml:24 Meeting SF-Q2 (Security forum Q2) was planned for 2026-05-14 (18 days ago) and is not recorded as held",
    ]);
    assert.equal(ruleById("meeting-overdue")?.fixes, undefined);
  });

  test("the Overdue view lists the meetings not held, in the group Meetings", () => {
    const ws = workspace({ "isms.yaml": MANIFEST, "meetings.yaml": MEETINGS });
    const due = dueItems(ws.index, TODAY, () => undefined, true).filter((d) => d.kind === "meetings");
    assert.deepEqual(
      due.map((d) => `${d.kindTitle} ${d.kindLabel} ${d.id} ${d.due} ${d.state} ${d.owner}`),
      [
        "Meetings meeting SF-Q2 2026-05-14 overdue iso",
        "Meetings meeting SF-Q3 2026-06-20 due-soon iso",
        "Meetings meeting MR-2027 2027-03-11 later ceo",
      ],
    );
  });
});

describe("linked-file-missing", () => {
  const files = {
    "meetings.yaml": `kind: meetings
meetings:
  - { id: MR-1, title: Review, type: management-review, held: 2026-03-01, minutes: minutes/mr-1.md }
  - { id: MR-2, title: Review, type: management-review, held: 2025-03-01, minutes: minutes/mr-2.md }
  - { id: MR-3, title: Review, type: management-review, held: 2024-03-01, minutes: ../outside.md }
`,
    "audits.yaml": `kind: audits
audits:
  - { id: IA-1, title: Audit, scope: [4], planned: 2026-02-01, performed: 2026-02-02, report: reports/ia-1.md }
`,
    "documents.yaml": `kind: documents
documents:
  - { id: DOC-1, title: Policy, path: policies/missing.md, owner: iso }
`,
  };
  const exists = (p: string) => p === "/w/minutes/mr-1.md";

  test("a meeting's minutes and an audit's report that name no file; documents keep their own rule", () => {
    const found = check(workspace(files), TODAY, exists);
    assert.deepEqual(of(found, "linked-file-missing"), [
      "audits.yaml:3 Audit IA-1: the report file 'reports/ia-1.md' does not exist",
      "meetings.yaml:4 Meeting MR-2: the minutes file 'minutes/mr-2.md' does not exist",
    ]);
    assert.deepEqual(of(found, "document-missing-file"), [
      "documents.yaml:3 Document DOC-1: file 'policies/missing.md' does not exist",
    ]);
    assert.deepEqual(of(found, "path-outside-workspace"), [
      "meetings.yaml:5 '../outside.md' leads outside the workspace folder; isms reads nothing there",
    ]);
    const f = found.find((x) => x.code === "linked-file-missing" && x.entryId === "MR-2")!;
    assert.equal(f.severity, "error");
    assert.equal(f.start.character, files["meetings.yaml"].split("\n")[3].indexOf("minutes/mr-2.md"));
    assert.equal(ruleById("linked-file-missing")?.fixes, undefined);
  });

  test("the example's minutes exist", () => {
    const ws = loadDirectory(EXAMPLE);
    const found = checkWorkspace(ws, { today: parseDay("2026-11-29")!, roots: [EXAMPLE], fileExists });
    assert.deepEqual(of(found, "linked-file-missing"), []);
  });
});

describe("the example's meetings", () => {
  const ws = loadDirectory(EXAMPLE);
  const today = parseDay("2026-11-29")!;
  const found = checkWorkspace(ws, { today, roots: [EXAMPLE], fileExists }).filter((f) =>
    f.file.endsWith("meetings.yaml"),
  );

  test("one deliberate gap: the Q4 forum was not held", () => {
    assert.deepEqual(
      found.map((f) => `${f.start.line + 1} ${f.code} ${f.entryId}`),
      ["132 meeting-overdue SF-2026-Q4"],
    );
  });

  test("the 2026 review is the last, 2025's the previous, 2027's the next", () => {
    const last = lastManagementReview(ws.index, today)!;
    assert.equal(last.entry.id, "MR-2026-01");
    assert.deepEqual(missingInputs(last.entry), []);
    assert.equal(previousManagementReview(ws.index, last.held)?.entry.id, "MR-2025-01");
    assert.equal(nextManagementReview(ws.index, today)?.entry.id, "MR-2027-01");
    // a) of the 2026 review: the actions of 2025's, all closed.
    assert.deepEqual(meetingActions(previousManagementReview(ws.index, last.held)!.entry, today), {
      open: 0,
      overdue: 0,
      closed: 3,
    });
  });

  test("hover and code lens of the 2026 review", () => {
    const mr = ws.index.byKind.get("meeting")!.find((m) => m.id === "MR-2026-01")!;
    const hover = meetingHover(mr, { index: ws.index, today }).join("\n");
    assert.match(hover, /^\*\*MR-2026-01\*\* · Management review 2026\n/);
    assert.match(hover, /Management review \(clause 9\.3\) · held 2026-03-12 \(262 days ago\)/);
    assert.match(hover, /Chair: ceo \(Chief Executive Officer\)/);
    assert.match(hover, /Inputs \(9\.3\.2\): a, b, c, d, e, f, g/);
    assert.doesNotMatch(hover, /Missing inputs/);
    assert.match(hover, /Decisions: 4/);
    assert.match(hover, /Actions: 1 open, 3 closed/);
    assert.match(hover, /Minutes: minutes\/2026-03-12-management-review\.md/);
    assert.equal(meetingLens(mr, { index: ws.index, today }), "1 open action");
    const forum = ws.index.byKind.get("meeting")!.find((m) => m.id === "SF-2026-Q4")!;
    assert.match(
      meetingHover(forum, { index: ws.index, today }).join("\n"),
      /planned 2026-11-19 \(10 days ago\), \*\*not held\*\*/,
    );
    assert.equal(meetingLens(forum, { index: ws.index, today }), "no open actions");
  });
});

describe("lens and hover count open and overdue actions", () => {
  test("3 open actions · 1 overdue; missing inputs listed", () => {
    const ws = workspace({
      "meetings.yaml": `kind: meetings
meetings:
  - id: MR-1
    title: Review
    type: management-review
    held: 2026-03-01
    inputs: [a, b, c, d, f, g]
    actions:
      - { description: One, owner: iso, due: 2026-05-01 }
      - { description: Two, owner: iso, due: 2026-07-01 }
      - { description: Three, owner: iso }
      - { description: Four, owner: iso, due: 2026-04-01, closed: 2026-04-02 }
`,
    });
    const mr = meeting(ws, "MR-1");
    assert.equal(meetingLens(mr, { index: ws.index, today: TODAY }), "3 open actions · 1 overdue");
    const hover = meetingHover(mr, { index: ws.index, today: TODAY }).join("\n");
    assert.match(hover, /Actions: 3 open \(1 overdue\), 1 closed/);
    assert.match(hover, /Missing inputs:\n- e\) feedback from interested parties/);
  });
});

describe("bad input never crashes and shows no nonsense", () => {
  const BAD = `kind: meetings
meetings:
  - just a string
  - 42
  -
  - { id: MR-1, title: { x: 1 }, type: [management-review], planned: [2026], held: 12 }
  - { id: MR-2, type: management-review, held: 2026-02-30, inputs: "abc", minutes: { a: b }, decisions: "one" }
  - { id: MR-3, title: T, type: management-review, held: 2026-03-01, inputs: [1, { x: 1 }, null, ~, [a]], actions: "x" }
  - { id: MR-4, title: T, type: management-review, planned: not-a-date, chair: { x: 1 }, attendees: [{ y: 2 }, null, 3], actions: [1, null, { owner: { x: 1 }, due: [1] }] }
  - { title: No id, type: security-forum, planned: 2026-01-01, minutes: 42 }
  - { id: MR-5, title: T, type: management-review, held: 2026-03-01, minutes: "" , inputs: {} }
`;
  const ws = workspace({ "isms.yaml": MANIFEST, "meetings.yaml": BAD });

  test("the rules", () => {
    const found = check(ws, TODAY, () => false);
    for (const f of found) assert.doesNotMatch(f.message, /\[object Object\]|undefined|null|NaN/, f.message);
    const codes = (code: string) => found.filter((f) => f.code === code).map((f) => f.entryId ?? "(none)");
    assert.deepEqual(codes("management-review-incomplete"), ["MR-3", "MR-5"]);
    assert.deepEqual(codes("meeting-overdue"), ["(none)"]);
    assert.match(
      found.find((f) => f.code === "meeting-overdue")!.message,
      /^Meeting \(no id\) \(No id\) was planned/,
    );
    assert.deepEqual(codes("linked-file-missing"), []);
    // MR-3 is a review held on a real date within the year.
    assert.deepEqual(codes("management-review-overdue"), []);
    assert.ok(found.some((f) => f.code === "schema"));
  });

  test("hover, lens, the Overdue view", () => {
    for (const m of ws.index.byKind.get("meeting") ?? []) {
      const text = [
        ...meetingHover(m, { index: ws.index, today: TODAY }),
        meetingLens(m, { index: ws.index, today: TODAY }),
      ].join("\n");
      assert.doesNotMatch(text, /\[object Object\]|undefined|null|NaN/, text);
    }
    assert.doesNotThrow(() => dueItems(ws.index, TODAY, () => undefined, true));
  });
});
