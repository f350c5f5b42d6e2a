// A report as a small document model: headings, facts, tables, heat maps, charts and trees. Each report
// type builds one; each format (Markdown, HTML, CSV, DOCX) renders any of them, so the reports agree
// with each other whatever the format.

/** How a value should look: risk levels, states. Renderers map tones to colours (HTML, DOCX) or words. */
export type Tone = "critical" | "high" | "medium" | "low" | "good" | "warn" | "bad" | "muted";

export type Cell = string | number | undefined | { text: string; tone?: Tone };

export interface TreeNode {
  label: string;
  detail?: string;
  tone?: Tone;
  children: TreeNode[];
}

export type Block =
  | { kind: "heading"; level: 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "facts"; items: [string, Cell][] }
  | { kind: "list"; items: string[] }
  | { kind: "table"; columns: string[]; rows: Cell[][]; caption?: string }
  | {
      kind: "heatmap";
      title: string;
      /** counts[likelihood - 1][impact - 1] */
      counts: number[][];
      likelihoodLabels: string[];
      impactLabels: string[];
      /** Level name and tone of a score (likelihood x impact). */
      levelOf: (score: number) => { name: string; tone: Tone };
      appetite: number;
    }
  | { kind: "bars"; title: string; data: { label: string; value: number; tone?: Tone }[] }
  | {
      /** A value over time (a metric per month), with its target; a point without a value is a gap. */
      kind: "trend";
      title: string;
      points: { label: string; value: number | undefined }[];
      unit?: string;
      target?: number;
    }
  | { kind: "tree"; title: string; roots: TreeNode[] };

export interface Meta {
  organisation?: string;
  scope?: string;
  /** YYYY-MM-DD the report is as of. */
  asOf: string;
  /** The git commit the ISMS was read from (short hash), with "+ local changes" when the tree was dirty. */
  source?: string;
  /** The ISMS has errors (findings of severity error): how many, and the first files that hold them. */
  errors?: { count: number; files: string[]; more: number };
  /** Document control: the manifest's `classification:` ("Internal" when it names none). */
  classification?: string;
  /** The version: the source file's `version:` or `revisions:` when the report comes from one file, else the source commit. */
  version?: string;
  /** The owner and the approver, where the records name them: "Priya Raman, Chief Executive Officer (ceo)". */
  owner?: string;
  approver?: string;
  /** YYYY-MM-DD of the approval, where recorded. */
  approvedOn?: string;
}

/** The classification a report carries when the manifest names none. */
export const DEFAULT_CLASSIFICATION = "Internal";

/** The document-control lines of a report, in order, for every format: label and value ("" never shown). */
export function controlFacts(title: string, m: Meta): [string, string][] {
  const facts: [string, string | undefined][] = [
    ["Organisation", m.organisation],
    ["Report", title],
    ["Version", m.version],
    ["Owner", m.owner],
    ["Approved by", m.approver],
    ["Approved on", m.approvedOn],
    ["Classification", m.classification ?? DEFAULT_CLASSIFICATION],
    ["As of", m.asOf],
    ["Source commit", m.source],
  ];
  return facts.filter((f): f is [string, string] => typeof f[1] === "string" && f[1] !== "");
}

/** The reports whose Word and PDF forms carry an approval (signature) table: roles, SoA, management review. */
export const APPROVAL_TYPES: readonly string[] = ["roles", "soa", "management-review"];

/** Whether a report has a table too wide for a portrait page (printed landscape). */
export const isWide = (doc: Doc): boolean =>
  doc.blocks.some((b) => b.kind === "table" && b.columns.length > 6);

/** The sign-off table of the reports in APPROVAL_TYPES: who prepared and who approved, with room to sign. */
export function signOff(doc: Doc): { columns: string[]; rows: string[][] } | undefined {
  if (!APPROVAL_TYPES.includes(doc.type)) return undefined;
  const m = doc.meta;
  return {
    columns: ["", "Name and role", "Date", "Signature"],
    rows: [
      ["Prepared by", m.owner ?? "", "", ""],
      ["Approved by", m.approver ?? "", m.approvedOn ?? "", ""],
    ],
  };
}

/** The running footer's text: "Acme Cloud Ltd · Statement of Applicability · Internal". */
export function footerText(title: string, m: Meta): string {
  return [m.organisation, title, m.classification ?? DEFAULT_CLASSIFICATION].filter(Boolean).join(" · ");
}

/** The warning every format puts at the top of a report built from an ISMS with errors. */
export function errorBanner(e: NonNullable<Meta["errors"]>): string {
  const where = `${e.files.join(", ")}${e.more ? ` and ${e.more} more file${e.more === 1 ? "" : "s"}` : ""}`;
  return `Warning: the ISMS has ${e.count} error${e.count === 1 ? "" : "s"} (in ${where}): entries may be missing or wrong in this report. Run isms check to see them.`;
}

export interface Doc {
  type: string;
  title: string;
  meta: Meta;
  blocks: Block[];
  /** The register table, for CSV (register-like reports only). */
  csv?: { columns: string[]; rows: Cell[][] };
}

/** Every form of line break (CRLF, CR, LF, NEL, U+2028, U+2029) and other control characters. */
const BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Text as one line: line breaks become spaces and control characters go, so no user value can add
 * structure (a heading, a table row) to a report in any format. */
export const oneLine = (text: string): string => text.replace(BREAKS, " ").replace(CONTROLS, "");

/** Text XML 1.0 can hold (Word and Excel files): one line, and no U+FFFE, U+FFFF or lone surrogates. */
export const xmlText = (text: string): string =>
  oneLine(text).replace(
    /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "",
  );

export const cellText = (c: Cell): string =>
  c === undefined ? "" : typeof c === "object" ? c.text : String(c);

export const cellTone = (c: Cell): Tone | undefined => (typeof c === "object" && c ? c.tone : undefined);

/** A trend's number: integers as they are, others to at most two decimals (the same bytes every run). */
export const trendNumber = (n: number): string => String(Math.round(n * 100) / 100);

/** A trend as one line of text: "2026-01 3, 2026-02 -, ... (target 4 h)", for the text formats. */
export function trendText(b: Extract<Block, { kind: "trend" }>): string {
  const unit = b.unit ? (b.unit === "%" ? "%" : ` ${b.unit}`) : "";
  const values = b.points.map((p) => `${p.label} ${p.value === undefined ? "-" : trendNumber(p.value)}`);
  return `${values.join(", ")}${b.target === undefined ? "" : ` (target ${trendNumber(b.target)}${unit})`}`;
}

/** Tones of risk levels, lowest first: the last is critical, the one before high, and so on. */
export function levelTones(count: number): Tone[] {
  const scale: Tone[] = ["low", "medium", "high", "critical"];
  if (count <= 4) return scale.slice(4 - count);
  return [...Array(count - 3).fill("low"), "medium", "high", "critical"];
}
