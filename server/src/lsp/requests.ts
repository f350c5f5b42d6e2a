// The custom requests of protocol.ts, answered from the engine's queries.
import { actionAt, closedTodayEdit } from "../core/action";
import { auditRows, dueItems, openActions, riskRegister } from "../core/queries";
import { formatDay } from "../core/values";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import { sep } from "node:path";
import { GitError, sourceOf } from "../core/git";
import { formatText } from "../core/output";
import { metaOf } from "../reports/common";
import { PdfError } from "../reports/pdf";
import { dashboard } from "../reports/dashboard";
import { REPORT_CSS, renderBlocks } from "../reports/html";
import { produce, REPORT_BY_ID, REPORTS } from "../reports/index";
import {
  AnswerQuestionnaireRequest,
  AuditPackTagsRequest,
  AuditProgrammeRequest,
  BuildAuditPackRequest,
  CheckTextRequest,
  DashboardRequest,
  ReportRequest,
  ReportTypesRequest,
  DueItemsRequest,
  MarkClosedRequest,
  MarkReviewedRequest,
  OpenActionsRequest,
  RiskRegisterRequest,
  SummaryRequest,
  type Summary,
} from "../protocol";
import { draftQuestionnaire } from "../questionnaire";
import { auditPackTags, buildAuditPack } from "../pack/lsp";
import { version } from "../../../package.json";
import { markReviewedEdit } from "./codeactions";
import { location, workspaceEdit } from "./convert";
import { UNTRUSTED_GIT, type Session } from "./session";

export function summary(session: Session): Summary {
  const index = session.index;
  const count = (s: string) => session.findings.filter((f) => f.severity === s).length;
  const due = dueItems(index, session.today, () => undefined);
  return {
    today: formatDay(session.today),
    organisation: index.settings.organisation,
    files: index.files.length,
    entries: index.files.reduce((n, f) => n + f.entries.length, 0),
    errors: count("error"),
    warnings: count("warning"),
    information: count("information"),
    hints: count("hint"),
    overdue: due.filter((d) => d.state === "overdue").length,
    dueSoon: due.filter((d) => d.state === "due-soon").length,
    scanning: session.scanning,
  };
}

export function registerRequests(session: Session): void {
  const { connection } = session;
  const locate = (file: Parameters<typeof location>[1], range: Parameters<typeof location>[2]) =>
    location(session, file, range);
  connection.onRequest(DueItemsRequest, (p) =>
    dueItems(session.index, session.today, locate, p?.all === true),
  );
  connection.onRequest(RiskRegisterRequest, (p) =>
    riskRegister(session.index, session.today, locate, p ?? {}),
  );
  connection.onRequest(AuditProgrammeRequest, () => ({
    audits: auditRows(session.index, session.today, locate),
  }));
  connection.onRequest(SummaryRequest, () => summary(session));
  connection.onRequest(OpenActionsRequest, () => openActions(session.index, session.today, locate));
  connection.onRequest(MarkClosedRequest, (p) => {
    const file = session.file(p.uri);
    const a = file && Array.isArray(p.path) ? actionAt(file, p.path) : undefined;
    const edit = a && closedTodayEdit(a, session.today);
    return edit ? workspaceEdit(session, [edit]) : null;
  });
  connection.onRequest(MarkReviewedRequest, (p) => markReviewedEdit(session, p.uri, p.id, p.position));
  connection.onRequest(ReportTypesRequest, () =>
    REPORTS.map((r) => ({ id: r.id, title: r.title, formats: [...r.formats] })),
  );
  connection.onRequest(ReportRequest, async (p) => {
    const type = REPORT_BY_ID.get(p.type);
    if (!type || !type.formats.includes(p.format))
      throw new ResponseError(ErrorCodes.InvalidParams, `No ${p.format} report of type '${p.type}'`);
    // In a folder the editor does not trust, git never runs: the change history is refused, and other
    // reports carry no source commit.
    if (type.id === "changes" && !session.trusted)
      throw new ResponseError(ErrorCodes.InvalidRequest, `${UNTRUSTED_GIT}.`);
    // PDF runs an installed browser: never in a folder the editor does not trust.
    if (p.format === "pdf" && !session.trusted)
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        "PDF runs an installed browser, which isms does only in a trusted folder.",
      );
    const dir = session.roots[0] ?? process.cwd();
    let data: string | Buffer;
    try {
      data = await produce(type, p.format, {
        index: session.index,
        today: session.today,
        findings: session.findings,
        dir,
        source: session.trusted ? sourceOf(dir, session.readFiles()) : undefined,
      });
    } catch (e) {
      if (e instanceof GitError || e instanceof PdfError)
        throw new ResponseError(ErrorCodes.InvalidRequest, e.message);
      throw e;
    }
    return {
      data: typeof data === "string" ? data : data.toString("base64"),
      encoding: typeof data === "string" ? "utf8" : "base64",
      fileName: `${type.id}.${p.format}`,
    };
  });
  connection.onRequest(CheckTextRequest, (p) => {
    session.settle();
    const folder = (p?.folder && session.pathOf(p.folder)) || session.roots[0];
    if (!folder) return { text: "No workspace folder: nothing to check.\n", errors: 0, warnings: 0 };
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    const inside = (path: string) => path === folder || path.startsWith(prefix);
    const findings = session.findings.filter((f) => inside(f.file));
    const index = session.index;
    const files =
      index.files.filter((f) => inside(f.path)).length +
      index.unreadable.filter((u) => inside(u.path)).length;
    return {
      text: formatText(folder, findings, files),
      errors: findings.filter((f) => f.severity === "error").length,
      warnings: findings.filter((f) => f.severity === "warning").length,
    };
  });
  connection.onRequest(AnswerQuestionnaireRequest, (p) => {
    // Only a CSV inside a workspace folder, and only in a folder the editor trusts: it writes a file.
    const path = typeof p?.uri === "string" ? session.pathOf(p.uri) : undefined;
    const root = path && session.roots.find((r) => path.startsWith(r.endsWith(sep) ? r : r + sep));
    const none = { written: false, questions: 0, answered: 0 };
    if (!path || !root) return { ...none, reason: "the questionnaire is not in a workspace folder" };
    if (!session.trusted) return { ...none, reason: "in Restricted Mode isms writes no files" };
    session.settle();
    const r = draftQuestionnaire(session.index, path, { force: p.force === true, root });
    const draft = r.draft === undefined ? undefined : session.uriFor(r.draft);
    return r.ok
      ? { draft, written: true, questions: r.questions, answered: r.answered }
      : { ...none, draft, reason: r.reason, forceable: r.forceable };
  });
  connection.onRequest(AuditPackTagsRequest, () => auditPackTags(session));
  connection.onRequest(BuildAuditPackRequest, (p) => buildAuditPack(session, p, version));
  connection.onRequest(DashboardRequest, () => {
    const index = session.index;
    const today = session.today;
    const doc = dashboard({
      index,
      today,
      findings: session.findings,
      meta: metaOf(index, today),
      dir: session.roots[0] ?? "",
    });
    return { html: renderBlocks(doc), css: REPORT_CSS };
  });
}
