// The answer library's matching (words, stems, stop words, controls), questionnaire CSV parsing (quotes,
// doubled quotes, commas and line breaks inside quotes, a byte order mark, a header row), the draft CSV,
// `isms answer`, the requests' Overdue view group and the request rules as a user reads them.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runCli } from "../../server/src/cli";
import { checkWorkspace } from "../../server/src/core/check";
import {
  controlsIn,
  libraryAnswers,
  matchAnswers,
  stem,
  tokenise,
} from "../../server/src/core/kinds/answers/domain";
import {
  answerQuestionnaire,
  draftPathOf,
  parseCsv,
  questionsOf,
} from "../../server/src/core/kinds/answers/questionnaire";
import { dueItems } from "../../server/src/core/queries";
import { parseDay } from "../../server/src/core/values";
import { Workspace } from "../../server/src/core/workspace";
import { produce, REPORT_BY_ID } from "../../server/src/reports/index";

const TODAY = parseDay("2026-06-01")!;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [name, text] of Object.entries(files)) ws.setText(`/w/${name}`, text);
  return ws;
}

const LIBRARY = `kind: answers
answers:
  - id: ANS-001
    question: Is customer data encrypted at rest and in transit?
    answer: Yes, AES-256 at rest and TLS 1.2 in transit.
    controls: [A.8.24]
    documents: [DOC-POL-01]
    reviewed: 2026-05-01
  - id: ANS-002
    question: Do you enforce multi-factor authentication?
    answer: Yes, for every login.
    controls: [A.5.17, A.8.5]
    reviewed: 2026-05-01
  - id: ANS-003
    question: How often do you back up data and test restores?
    answer: "Daily backups; quarterly restore tests, with \\"results\\" recorded."
    controls: [A.8.13]
    documents: [DOC-PRC-02, DOC-PRC-03]
    reviewed: 2026-05-01
  - id: ANS-004
    question: Do you screen staff before employment?
    answer: Yes.
    controls: [A.6.1]
    reviewed: 2026-05-01
`;

describe("matching questions to library answers", () => {
  test("words are lower-cased and stemmed; stop words, numbers and single letters go", () => {
    assert.deepEqual(tokenise("Do you ENCRYPT the backups? Is encryption used for 2 of them, a/b?"), [
      "encrypt",
      "backup",
      "used",
    ]);
    assert.equal(stem("policies"), "policy");
    assert.equal(stem("encrypted"), "encrypt");
    assert.equal(stem("encryption"), "encrypt");
    assert.equal(stem("access"), "access");
    assert.equal(stem("status"), "status");
  });

  test("the controls a question names, distinct; a theme is no control", () => {
    assert.deepEqual(controlsIn("Per a.8.24 and A.8.24 (see A.5.15), not A.8 alone"), ["A.8.24", "A.5.15"]);
  });

  test("answers rank by words shared with their question (2), with the titles of their controls (1), and named controls (3)", () => {
    const index = workspace({ "answers.yaml": LIBRARY }).index;
    const library = libraryAnswers(index);
    const m = matchAnswers(library, "Is data encrypted in the backups?");
    // ANS-001: data, encrypt in its question = 4; ANS-003: data in its question (its question says
    // "back up") and backup in the title of A.8.13 (Information backup) = 3.
    assert.deepEqual(
      m.map((x) => `${x.id} ${x.score} ${x.words.join(",")}`),
      ["ANS-001 4 data,encrypted", "ANS-003 3 data,backups"],
    );
    // "cryptography" is in the title of A.8.24 (Use of cryptography), not in any question; the named
    // control A.5.17 adds 3.
    assert.deepEqual(
      matchAnswers(library, "Describe your use of cryptography and A.5.17").map((x) => `${x.id} ${x.score}`),
      ["ANS-002 3", "ANS-001 2"],
    );
    assert.deepEqual(matchAnswers(library, "Which regions?"), []);
  });
});

describe("questionnaire CSV", () => {
  test("quotes, doubled quotes, commas and line breaks inside quotes, CRLF, CR, a BOM, empty rows", () => {
    const text =
      '\uFEFFQuestion,Notes\r\n"Is it encrypted, at rest?",x\r\n"Say ""yes""\nor no",\r\rlast,"a,b"';
    assert.deepEqual(parseCsv(text), [
      ["Question", "Notes"],
      ["Is it encrypted, at rest?", "x"],
      ['Say "yes"\nor no', ""],
      ["last", "a,b"],
    ]);
  });

  test("the questions are the first column; a header row is dropped, a first question is not", () => {
    assert.deepEqual(questionsOf("Question,Answer\nDo you back up?,\n  ,ignored\n"), ["Do you back up?"]);
    assert.deepEqual(questionsOf("Questions\nA?\n"), ["A?"]);
    assert.deepEqual(questionsOf("Do you back up?\nDo you encrypt?\n"), [
      "Do you back up?",
      "Do you encrypt?",
    ]);
  });

  test("the draft names the best answer, its score, controls, documents and the next matches", () => {
    const index = workspace({ "answers.yaml": LIBRARY }).index;
    const d = answerQuestionnaire(
      index,
      'question\n"How often are backups taken, and are restores tested?"\nWhich regions host our data?\n=cmd()\n',
    );
    assert.equal(d.questions, 3);
    assert.equal(d.answered, 1);
    assert.equal(
      d.csv,
      "\uFEFFquestion,proposed_answer,answer_id,score,controls,documents,other_matches\r\n" +
        '"How often are backups taken, and are restores tested?","Daily backups; quarterly restore tests, with ""results"" recorded.",ANS-003,7,A.8.13,"DOC-PRC-02, DOC-PRC-03",\r\n' +
        "Which regions host our data?,,,0,,,\r\n" +
        "'=cmd(),,,0,,,\r\n",
    );
    assert.equal(draftPathOf("/w/q/client.CSV"), "/w/q/client.draft.csv");
    assert.equal(draftPathOf("/w/q/client.txt"), "/w/q/client.txt.draft.csv");
  });

  test("isms answer writes the draft beside the CSV and never replaces one a person changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "isms-answer-"));
    try {
      writeFileSync(join(dir, "answers.yaml"), LIBRARY);
      writeFileSync(join(dir, "q.csv"), "Question\nDo you enforce multi-factor authentication on logins?\n");
      const run = async (...args: string[]) => {
        let stderr = "";
        const status = await runCli(["answer", ...args], {
          stdout: () => undefined,
          stderr: (t) => (stderr += t),
          env: {},
          cwd: dir,
        });
        return { status, stderr };
      };
      const first = await run("q.csv", ".");
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stderr, "isms: wrote q.draft.csv (1 question, 1 with a proposed answer)\n");
      const draft = readFileSync(join(dir, "q.draft.csv"), "utf8");
      assert.match(draft, /^\uFEFFquestion,/);
      // enforce, multi, factor and authentication are words of its question: 4 x 2.
      assert.match(
        draft,
        /\r\nDo you enforce multi-factor authentication on logins\?,"Yes, for every login\.",ANS-002,8,"A\.5\.17, A\.8\.5",,\r\n$/,
      );
      // Written again unchanged: replaced. Changed by a person: kept, unless --force.
      assert.equal((await run("q.csv")).status, 0);
      writeFileSync(join(dir, "q.draft.csv"), "my edits\n");
      const refused = await run("q.csv");
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /q\.draft\.csv was changed since isms wrote it; use --force/);
      assert.equal(readFileSync(join(dir, "q.draft.csv"), "utf8"), "my edits\n");
      assert.equal((await run("q.csv", "--force")).status, 0);
      assert.equal(readFileSync(join(dir, "q.draft.csv"), "utf8"), draft);
      const missing = await run("nope.csv");
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /cannot read .*nope\.csv: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("requests", () => {
  const REQUESTS = `kind: requests
requests:
  - { id: RQ-1, title: Questionnaire, from: Northwind Bank, type: questionnaire, received: 2026-05-01, due: 2026-05-20, owner: iso }
  - { id: RQ-2, title: Audit, from: Contoso, type: audit, received: 2026-05-01, due: 2026-06-20 }
  - { id: RQ-3, title: Done, from: Contoso, type: audit, received: 2026-04-01, due: 2026-04-20, answered: 2026-04-25 }
`;

  test("the Overdue view lists the requests due and not answered, in the group Requests", () => {
    const ws = workspace({ "requests.yaml": REQUESTS });
    const items = dueItems(ws.index, TODAY, () => ({}), true).filter((d) => d.kind === "requests");
    assert.deepEqual(
      items.map((d) => `${d.id} ${d.due} ${d.state} ${d.owner ?? "-"} ${d.kindTitle}`),
      ["RQ-1 2026-05-20 overdue iso Requests", "RQ-2 2026-06-20 due-soon - Requests"],
    );
  });

  test("the rules' messages say who asked, what is late and what is missing", () => {
    const ws = workspace({ "requests.yaml": REQUESTS });
    const got = checkWorkspace(ws, { today: TODAY })
      .filter((f) => f.code.startsWith("request-"))
      .map((f) => `${f.start.line + 1} ${f.code} ${f.message}`);
    assert.deepEqual(got, [
      "3 request-overdue Request RQ-1 from Northwind Bank was due on 2026-05-20 (12 days ago) and is not answered",
      "5 request-unapproved Request RQ-3 was answered on 2026-04-25 without an approval (no approved_by)",
    ]);
  });

  test("the requests report lists documents shared while overdue for review, and odd values as text", async () => {
    const ws = workspace({
      "documents.yaml": `kind: documents
documents:
  - { id: DOC-OLD, title: Old policy, owner: iso, approved_on: 2025-01-20 }
  - { id: DOC-NEW, title: New policy, owner: iso, reviewed: 2026-05-01 }
`,
      "requests.yaml": `kind: requests
requests:
  - { id: RQ-1, title: Questionnaire, from: { odd: 1 }, type: questionnaire, received: 2026-05-01, due: 2026-06-20, shared: [DOC-OLD, DOC-NEW] }
`,
    });
    const findings = checkWorkspace(ws, { today: TODAY });
    const type = REPORT_BY_ID.get("requests")!;
    const md = String(await produce(type, "md", { index: ws.index, today: TODAY, findings, dir: "/w" }));
    assert.match(
      md,
      /## Documents shared while overdue for review\n\n_1 document shared after its review fell due \(on the day the request was answered, or today while it is open\)_\n\n\| Request \| Document \| Title \| Review due \| Shared on \|\n\|---\|---\|---\|---\|---\|\n\| RQ-1 \| DOC-OLD \| Old policy \| 2026-01-20 \| not yet \(open\) \|\n/,
    );
    assert.match(
      md,
      /\| RQ-1 \| Questionnaire \| \(not text\) \| questionnaire \| 2026-05-01 \| 2026-06-20 \|/,
    );
    assert.doesNotMatch(md, /undefined|null|\[object Object\]/);
    const csv = String(await produce(type, "csv", { index: ws.index, today: TODAY, findings, dir: "/w" }));
    assert.match(csv, /\r\nRQ-1,\(not text\),questionnaire,2026-05-01,2026-06-20,,,open\r\n$/);
  });
});
