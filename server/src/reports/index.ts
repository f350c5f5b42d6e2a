// The report types, their formats, and rendering a report to text or bytes.
import { relative, sep } from "node:path";
import type { Finding } from "../core/check";
import { history } from "../core/git";
import { addDuration, formatDay, months, type Day } from "../core/values";
import type { WorkspaceIndex } from "../core/workspace";
import type { Doc, Meta } from "./doc";
import { metaOf, type Period, type ReportContext } from "./common";
import { auditsReport } from "./audits";
import { changesReport } from "./changes";
import { contextReport } from "./context";
import { renderCsv } from "./csv";
import { renderDocx } from "./docx";
import { renderHtml } from "./html";
import { managementReview } from "./management-review";
import { objectivesReport } from "./objectives";
import { obligationsReport } from "./obligations";
import { improvementsReport } from "./improvements";
import { renderMarkdown } from "./markdown";
import { overdueReport } from "./overdue";
import { readinessReport } from "./readiness";
import { riskRegister } from "./risk-register";
import { rolesReport } from "./roles";
import { soaReport } from "./soa";
import { treatmentPlan } from "./treatment-plan";

export type Format = "md" | "html" | "csv" | "docx";
export const FORMATS: readonly Format[] = ["md", "html", "csv", "docx"];

export interface ReportType {
  id: string;
  title: string;
  formats: readonly Format[];
  build(ctx: ReportContext): Doc;
}

export const REPORTS: readonly ReportType[] = [
  {
    id: "risk-register",
    title: "Risk register with heat maps",
    formats: ["md", "html", "csv"],
    build: riskRegister,
  },
  {
    id: "treatment-plan",
    title: "Risk treatment plan",
    formats: ["md", "html", "csv"],
    build: treatmentPlan,
  },
  {
    id: "soa",
    title: "Statement of Applicability",
    formats: ["md", "html", "csv", "docx"],
    build: soaReport,
  },
  {
    id: "roles",
    title: "Roles, responsibilities and authorities",
    formats: ["md", "html", "docx"],
    build: rolesReport,
  },
  {
    id: "audits",
    title: "Internal audit programme and results",
    formats: ["md", "html"],
    build: auditsReport,
  },
  {
    id: "management-review",
    title: "Management review pack",
    formats: ["md", "html"],
    build: managementReview,
  },
  {
    id: "context",
    title: "Context of the organisation and interested parties",
    formats: ["md", "html"],
    build: contextReport,
  },
  {
    id: "objectives",
    title: "Information security objectives and metrics",
    formats: ["md", "html"],
    build: objectivesReport,
  },
  {
    id: "obligations",
    title: "Legal, statutory, regulatory and contractual requirements",
    formats: ["md", "html", "csv"],
    build: obligationsReport,
  },
  {
    id: "improvements",
    title: "Nonconformities and improvements",
    formats: ["md", "html", "csv"],
    build: improvementsReport,
  },
  { id: "overdue", title: "Overdue and due soon", formats: ["md", "html", "csv"], build: overdueReport },
  { id: "changes", title: "Change history from git", formats: ["md", "html"], build: changesReport },
  {
    id: "readiness",
    title: "Stage 1 readiness: mandatory documented information",
    formats: ["md", "html", "csv"],
    build: readinessReport,
  },
];

export const REPORT_BY_ID: ReadonlyMap<string, ReportType> = new Map(REPORTS.map((r) => [r.id, r]));

/** Renders a report: text for md, html and csv; bytes for docx. */
export async function render(doc: Doc, format: Format): Promise<string | Buffer> {
  switch (format) {
    case "md":
      return renderMarkdown(doc);
    case "html":
      return renderHtml(doc);
    case "csv":
      return renderCsv(doc);
    case "docx":
      return renderDocx(doc);
  }
}

export interface ReportInput {
  index: WorkspaceIndex;
  today: Day;
  findings: Finding[];
  /** The ISMS folder. */
  dir: string;
  /** The source commit, when known. */
  source?: string;
  /** The changes report's period (default: the 12 months up to today). */
  period?: Period;
}

/** How many errors the ISMS has and the first files holding them (paths relative to the ISMS folder). */
export function errorsOf(findings: Finding[], dir: string): Pick<Meta, "errors"> {
  const errors = findings.filter((f) => f.severity === "error");
  if (!errors.length) return {};
  const files = [...new Set(errors.map((f) => relative(dir, f.file).split(sep).join("/")))];
  return { errors: { count: errors.length, files: files.slice(0, 3), more: Math.max(0, files.length - 3) } };
}

/** Builds a report of the given type from a checked workspace and renders it. */
export async function produce(
  type: ReportType,
  format: Format,
  input: ReportInput,
): Promise<string | Buffer> {
  const { index, today, findings, dir } = input;
  const period = input.period ?? { from: addDuration(today, months(12), -1), to: today };
  const doc = type.build({
    index,
    today,
    findings,
    meta: { ...metaOf(index, today, input.source), ...errorsOf(findings, dir) },
    dir,
    period,
    history: () =>
      history(dir, {
        from: period.from === undefined ? undefined : formatDay(period.from),
        to: period.to === undefined ? undefined : formatDay(period.to),
        since: period.since?.hash,
        until: period.until?.hash,
      }),
  });
  return render(doc, format);
}

export type { Period, ReportContext } from "./common";
