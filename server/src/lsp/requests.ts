// The custom requests of protocol.ts, answered from the engine's queries.
import { auditRows, dueItems, riskRegister } from "../core/queries";
import { formatDay } from "../core/values";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import { sourceOf } from "../core/git";
import { metaOf } from "../reports/common";
import { dashboard } from "../reports/dashboard";
import { REPORT_CSS, renderBlocks } from "../reports/html";
import { produce, REPORT_BY_ID, REPORTS } from "../reports/index";
import {
  AuditProgrammeRequest,
  DashboardRequest,
  ReportRequest,
  ReportTypesRequest,
  DueItemsRequest,
  MarkReviewedRequest,
  RiskRegisterRequest,
  SummaryRequest,
  type Summary,
} from "../protocol";
import { markReviewedEdit } from "./codeactions";
import { location } from "./convert";
import type { Session } from "./session";

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
  connection.onRequest(MarkReviewedRequest, (p) => markReviewedEdit(session, p.uri, p.id, p.position));
  connection.onRequest(ReportTypesRequest, () =>
    REPORTS.map((r) => ({ id: r.id, title: r.title, formats: [...r.formats] })),
  );
  connection.onRequest(ReportRequest, async (p) => {
    const type = REPORT_BY_ID.get(p.type);
    if (!type || !type.formats.includes(p.format))
      throw new ResponseError(ErrorCodes.InvalidParams, `No ${p.format} report of type '${p.type}'`);
    const dir = session.roots[0] ?? process.cwd();
    const data = await produce(type, p.format, {
      index: session.index,
      today: session.today,
      findings: session.findings,
      dir,
      source: sourceOf(dir, session.readFiles()),
    });
    return {
      data: typeof data === "string" ? data : data.toString("base64"),
      encoding: typeof data === "string" ? "utf8" : "base64",
      fileName: `${type.id}.${p.format}`,
    };
  });
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
