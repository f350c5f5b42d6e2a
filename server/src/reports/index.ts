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
import { continuityReport } from "./continuity";
import { renderCsv } from "./csv";
import { renderDocx } from "./docx";
import { renderHtml } from "./html";
import { findBrowser, renderPdf } from "./pdf";
import { renderXlsx } from "./xlsx";
import { managementReview } from "./management-review";
import { objectivesReport } from "./objectives";
import { obligationsReport } from "./obligations";
import { exceptionsReport } from "./exceptions";
import { suppliersReport } from "./suppliers";
import { improvementsReport } from "./improvements";
import { renderMarkdown } from "./markdown";
import { overdueReport } from "./overdue";
import { readinessReport } from "./readiness";
import { registerReports } from "./register";
import { requestsReport } from "./requests";
import { riskRegister } from "./risk-register";
import { rolesReport } from "./roles";
import { soaReport } from "./soa";
import { treatmentPlan } from "./treatment-plan";

export type Format = "md" | "html" | "csv" | "docx" | "xlsx" | "pdf";
export const FORMATS: readonly Format[] = ["md", "html", "csv", "docx", "xlsx", "pdf"];
/** Formats written as bytes to a file (never to stdout). */
export const BINARY_FORMATS: readonly Format[] = ["docx", "xlsx", "pdf"];

export interface ReportType {
  id: string;
  title: string;
  formats: readonly Format[];
  build(ctx: ReportContext): Doc;
}

const DECLARED: readonly ReportType[] = [
  {
    id: "risk-register",
    title: "Risk register with heat maps",
    formats: ["md", "html", "csv", "docx"],
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
    formats: ["md", "html", "docx"],
    build: auditsReport,
  },
  {
    id: "management-review",
    title: "Management review pack",
    formats: ["md", "html", "docx"],
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
  {
    id: "exceptions",
    title: "Policy exceptions",
    formats: ["md", "html", "csv"],
    build: exceptionsReport,
  },
  {
    id: "suppliers",
    title: "Supplier assurance",
    formats: ["md", "html", "csv"],
    build: suppliersReport,
  },
  {
    id: "continuity",
    title: "Business continuity: impact analysis, plans and tests",
    formats: ["md", "html", "csv"],
    build: continuityReport,
  },
  {
    id: "requests",
    title: "Assurance requests from clients and the answer library",
    formats: ["md", "html", "csv"],
    build: requestsReport,
  },
  { id: "overdue", title: "Overdue and due soon", formats: ["md", "html", "csv"], build: overdueReport },
  { id: "changes", title: "Change history from git", formats: ["md", "html"], build: changesReport },
  {
    id: "readiness",
    title: "Stage 1 readiness: mandatory documented information",
    formats: ["md", "html", "csv"],
    build: readinessReport,
  },
  // A register of every kind, from the kind registry.
  ...registerReports().map((r) => ({ ...r, formats: ["md", "html", "csv"] as const })),
];

/**
 * The report types with the formats every type gets from its declared ones: a register (csv) is also
 * an Excel workbook (xlsx), and every report prints to PDF.
 */
export const REPORTS: readonly ReportType[] = DECLARED.map((r) => ({
  ...r,
  formats: [
    ...r.formats,
    ...(r.formats.includes("csv") && !r.formats.includes("xlsx") ? (["xlsx"] as const) : []),
    ...(r.formats.includes("pdf") ? [] : (["pdf"] as const)),
  ],
}));

export const REPORT_BY_ID: ReadonlyMap<string, ReportType> = new Map(REPORTS.map((r) => [r.id, r]));

/** How a PDF is printed: the browser (--browser), the environment it is looked up in (PATH, ISMS_BROWSER). */
export interface RenderOptions {
  browser?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Renders a report: text for md, html and csv; bytes for docx, xlsx and pdf (PdfError: no browser). */
export async function render(doc: Doc, format: Format, opts: RenderOptions = {}): Promise<string | Buffer> {
  switch (format) {
    case "md":
      return renderMarkdown(doc);
    case "html":
      return renderHtml(doc);
    case "csv":
      return renderCsv(doc);
    case "docx":
      return renderDocx(doc);
    case "xlsx":
      return renderXlsx(doc);
    case "pdf":
      return renderPdf(doc, { browser: findBrowser(opts.env ?? process.env, opts.browser, opts.cwd) });
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
  /** PDF only: the browser and the environment to find one in. */
  render?: RenderOptions;
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
    meta: { ...metaOf(index, today, input.source, type.id), ...errorsOf(findings, dir) },
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
  return render(doc, format, input.render);
}

export type { Period, ReportContext } from "./common";
