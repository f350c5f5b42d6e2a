// Assurance requests and the answer library over stdio, on a copy of the example ISMS (today
// 2026-11-29): the deliberate gaps, completion of a request's answers ranked by the words of its title,
// hover and code lens on answers and requests, navigation from `from:`, renaming an answer, the Overdue
// request listing open requests, and the questionnaire request writing its draft beside the CSV.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  RenameRequest,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { AnswerQuestionnaireRequest, DueItemsRequest } from "../../server/src/protocol";
import { copyOf, EXAMPLE, positionOf, startClient, uriOf, type Client } from "./client";

let dir: string;
let c: Client;
const p = (rel: string) => join(dir, rel);
const text = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);

before(async () => {
  dir = copyOf(EXAMPLE);
  c = await startClient(dir);
  await c.open(p("requests.yaml"));
  await c.open(p("answers.yaml"));
});

after(async () => {
  await c.shutdown();
  assert.doesNotMatch(c.stderr(), /Error|at .*\.js/, "the server wrote no errors");
  rmSync(dir, { recursive: true, force: true });
});

async function hoverAt(path: string, needle: string, delta = 1): Promise<string> {
  const h = await c.conn.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(path) },
    position: positionOf(c.text(path), needle, delta),
  });
  return h ? (h.contents as MarkupContent).value : "";
}

async function lensesOf(path: string): Promise<Map<string | undefined, string>> {
  const lenses =
    (await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(path) } })) ?? [];
  const lines = c.text(path).split("\n");
  return new Map(lenses.map((l) => [/id: (\S+)/.exec(lines[l.range.start.line])?.[1], l.command!.title]));
}

describe("assurance requests and the answer library in the editor", () => {
  test("the deliberate gaps: a request answered without approval, one overdue", async () => {
    const ds = await c.diagnosticsOf(uriOf(p("requests.yaml")), (d) => d.length > 0);
    assert.deepEqual(ds.map((d) => `${d.code} ${d.range.start.line + 1} ${text(d)}`).sort(), [
      "request-overdue 37 Request RQ-2026-03 from Fabrikam Insurance was due on 2026-11-20 (9 days ago) and is not answered",
      "request-unapproved 26 Request RQ-2026-02 was answered on 2026-06-19 without an approval (no approved_by)",
    ]);
    const answers = await c.diagnosticsOf(uriOf(p("answers.yaml")), (d) => d.length > 0);
    assert.deepEqual(
      answers.map((d) => `${d.code} ${d.range.start.line + 1}`),
      ["review-overdue 100"],
    );
  });

  test("completion in answers: offers the library, best match for the request's title first", async () => {
    const path = p("requests.yaml");
    // RQ-2026-03: "Supplier audit of backup, restore testing and incident response".
    const res = (await c.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "answers: [ANS-004", "answers: [".length),
    })) as CompletionList;
    const items = [...res.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    assert.deepEqual(
      items.map((i) => `${i.label}${i.labelDetails?.description ? ` ${i.labelDetails.description}` : ""}`),
      [
        // restore, testing (its question: 2 each), backup (A.8.13 Information backup: 1)
        "ANS-004 score 5 · backup, restore, testing",
        "ANS-005 score 4 · incident, response",
        "ANS-006 score 2 · supplier",
        "ANS-009 score 2 · testing",
        "ANS-001",
        "ANS-002",
        "ANS-003",
        "ANS-007",
        "ANS-008",
      ],
    );
    assert.equal(items[0].preselect, true);
    // The answer's question is its detail, and typing a word of it filters.
    assert.equal(items[0].detail, "How often do you back up customer data and do you test restores?");
    assert.match(items[0].filterText!, /^ANS-004 How often do you back up/);
  });

  test("hover on an answer: question, answer, controls, documents, requests that used it, review", async () => {
    const h = await hoverAt(p("answers.yaml"), "id: ANS-005", 5);
    assert.equal(
      h,
      [
        "**ANS-005** · Do you have an incident response process and how quickly will you notify us of a breach?",
        "",
        "> Yes. Our incident response procedure defines triage, containment, investigation and lessons learned, with roles and contacts. We notify affected customers of a personal data breach without undue delay and within 36 hours of becoming aware of it, ahead of the 72 hours the UK GDPR…",
        "",
        "Controls: A.5.24, A.5.25, A.5.26, A.6.8",
        "Documents: DOC-PRC-03",
        "Owner: iso",
        "Used by: RQ-2026-01, RQ-2026-03",
        "Review due: 2027-07-02 (in 215 days)",
      ].join("\n"),
    );
  });

  test("code lens on each answer: the requests that used it", async () => {
    const byId = await lensesOf(p("answers.yaml"));
    assert.equal(byId.get("ANS-005"), "used by 2 requests: RQ-2026-01, RQ-2026-03");
    assert.equal(byId.get("ANS-001"), "used by 1 request: RQ-2026-01");
    assert.equal(byId.get("ANS-008"), "used by no request");
    assert.equal(byId.size, 9);
    const requests = await lensesOf(p("requests.yaml"));
    assert.equal(requests.get("RQ-2026-01"), "answered 2026-03-27 · approved by ceo");
    assert.equal(requests.get("RQ-2026-02"), "answered 2026-06-19 · not approved");
    assert.equal(requests.get("RQ-2026-03"), "overdue since 2026-11-20");
  });

  test("hover on a request: type and requester, dates, approval, what was shared, answers used", async () => {
    const first = await hoverAt(p("requests.yaml"), "id: RQ-2026-01", 5);
    assert.match(first, /^\*\*RQ-2026-01\*\* · Annual vendor security questionnaire/);
    assert.match(first, /Security questionnaire from Customers of Acme Ledger \(IP-CUSTOMERS\)/);
    assert.match(first, /Answered: 2026-03-27 · approved by ceo \(Chief Executive Officer\)/);
    assert.match(first, /Shared: DOC-POL-01, DOC-POL-02 \(under NDA\)/);
    assert.match(first, /Answers used: ANS-001, ANS-002, ANS-003, ANS-005/);
    const second = await hoverAt(p("requests.yaml"), "id: RQ-2026-02", 5);
    assert.match(second, /Document request from Contoso Health\n/);
    assert.match(second, /Answered: 2026-06-19 · \*\*not approved\*\*/);
    const third = await hoverAt(p("requests.yaml"), "id: RQ-2026-03", 5);
    assert.match(third, /Due: 2026-11-20 \(\*\*overdue\*\*, 9 days ago\)/);
    assert.match(third, /Answered: not yet/);
  });

  test("go to definition from from: (a party id); a requester's name is text", async () => {
    const path = p("requests.yaml");
    const locs = (await c.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "from: IP-CUSTOMERS", 8),
    })) as { uri: string; range: { start: { line: number } } }[];
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, uriOf(p("parties.yaml")));
    assert.equal(locs[0].range.start.line, 5);
    const none = await c.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "from: Contoso Health", 8),
    });
    assert.ok(none === null || (Array.isArray(none) && none.length === 0));
  });

  test("rename an answer: its entry and every request that uses it", async () => {
    const path = p("answers.yaml");
    const edit = await c.conn.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf(path) },
      position: positionOf(c.text(path), "id: ANS-005", 6),
      newName: "ANS-INCIDENT",
    });
    const inAnswers = edit?.changes?.[uriOf(path)] ?? [];
    const inRequests = edit?.changes?.[uriOf(p("requests.yaml"))] ?? [];
    assert.equal(inAnswers.length, 1);
    assert.deepEqual(
      inRequests.map((e) => `${e.range.start.line + 1} ${e.newText}`),
      ["15 ANS-INCIDENT", "40 ANS-INCIDENT"],
    );
  });

  test("the Overdue request lists the requests due and not answered", async () => {
    const items = (await c.conn.sendRequest(DueItemsRequest, { all: true })).filter(
      (i) => i.kind === "requests",
    );
    assert.deepEqual(
      items.map((i) => `${i.kindTitle} ${i.id} ${i.due} ${i.state} ${i.owner} ${i.ownerTitle}`),
      ["Requests RQ-2026-03 2026-11-20 overdue iso Information Security Officer"],
    );
    assert.equal(items[0].location.uri, uriOf(p("requests.yaml")));
  });

  test("answering a questionnaire writes the draft beside it and never replaces a person's edits", async () => {
    const csv = p("questionnaires/client-questions.csv");
    const draftPath = p("questionnaires/client-questions.draft.csv");
    const res = await c.conn.sendRequest(AnswerQuestionnaireRequest, { uri: uriOf(csv) });
    assert.deepEqual(res, { draft: uriOf(draftPath), written: true, questions: 6, answered: 5 });
    const lines = readFileSync(draftPath, "utf8").split("\r\n");
    assert.equal(lines[0], "\uFEFFquestion,proposed_answer,answer_id,score,controls,documents,other_matches");
    assert.equal(lines.length, 8); // header, 6 questions, the empty string after the last CRLF
    assert.match(
      lines[1],
      /^"Is data encrypted at rest, and in transit\?","Yes\. Customer data is encrypted at rest/,
    );
    assert.match(lines[1], /",ANS-003,8,A\.8\.24,DOC-POL-01,$/);
    // The question written over two lines in the CSV is one line in the draft.
    assert.match(
      lines[3],
      /^Describe your backup regime\. How often are restores tested\?,"Production databases/,
    );
    assert.match(lines[3], /",ANS-004,7,"A\.8\.13, A\.5\.30",DOC-PRC-02,$/);
    assert.match(lines[5], /^"Do you hold a current ISO\/IEC 27001 certificate \(""ISO certificate""\)\?",/);
    assert.match(lines[5], /,ANS-007,6,"A\.5\.35, A\.5\.36",DOC-POL-01,$/);
    // No library answer shares enough with this one: the officer writes it.
    assert.equal(lines[6], "Which cloud regions host our data?,,,0,,,");

    writeFileSync(draftPath, "question,my answer\n");
    const refused = await c.conn.sendRequest(AnswerQuestionnaireRequest, { uri: uriOf(csv) });
    assert.equal(refused.written, false);
    assert.equal(refused.forceable, true);
    assert.match(refused.reason!, /client-questions\.draft\.csv was changed since isms wrote it/);
    assert.equal(readFileSync(draftPath, "utf8"), "question,my answer\n");
    const forced = await c.conn.sendRequest(AnswerQuestionnaireRequest, { uri: uriOf(csv), force: true });
    assert.equal(forced.written, true);
    assert.match(readFileSync(draftPath, "utf8"), /ANS-003/);

    const outside = await c.conn.sendRequest(AnswerQuestionnaireRequest, {
      uri: "file:///etc/questions.csv",
    });
    assert.deepEqual(outside, {
      written: false,
      questions: 0,
      answered: 0,
      reason: "the questionnaire is not in a workspace folder",
    });
  });
});
