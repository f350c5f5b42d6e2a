// The custom requests of protocol.ts, answered from the engine's queries.
import { auditRows, dueItems, riskRows } from "../core/queries";
import { formatDay } from "../core/values";
import {
  AuditProgrammeRequest,
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
  connection.onRequest(RiskRegisterRequest, () => {
    const { settings } = session.index;
    return {
      appetite: settings.appetite,
      levels: settings.levels.map((l) => ({ name: l.name, max: l.max })),
      risks: riskRows(session.index, session.today, locate),
    };
  });
  connection.onRequest(AuditProgrammeRequest, () => ({
    audits: auditRows(session.index, session.today, locate),
  }));
  connection.onRequest(SummaryRequest, () => summary(session));
  connection.onRequest(MarkReviewedRequest, (p) => markReviewedEdit(session, p.uri, p.id));
}
