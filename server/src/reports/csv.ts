// CSV (RFC 4180: CRLF, fields quoted when needed) for register-like reports, safe to open in a
// spreadsheet: text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
// apostrophe. A UTF-8 byte order mark lets Excel read accents right.
import { cellText, errorBanner, oneLine, type Cell, type Doc } from "./doc";

export function csvField(c: Cell): string {
  let text = oneLine(cellText(c));
  if (typeof c !== "number" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(doc: Doc): string {
  if (!doc.csv) throw new Error(`The ${doc.type} report has no CSV form (use md, html or docx)`);
  const lines = [doc.csv.columns, ...doc.csv.rows].map((r) => r.map(csvField).join(","));
  // The warning goes first, as a one-field row a spreadsheet shows in A1.
  if (doc.meta.errors) lines.unshift(csvField(errorBanner(doc.meta.errors)));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
