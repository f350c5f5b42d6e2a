// One self-contained HTML file: inline CSS and SVG, no script, no external request (a Content-Security-
// Policy that forbids them says so), light and dark, and a print stylesheet.
import {
  cellText,
  cellTone,
  controlFacts,
  errorBanner,
  footerText,
  isWide,
  oneLine,
  signOff,
  trendNumber,
  trendText,
  type Block,
  type Doc,
  type Tone,
  type TreeNode,
} from "./doc";

export function esc(text: string): string {
  return oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5d6675; --bg: #ffffff; --line: #d6dae1; --head: #f3f5f8;
  --critical: #b3261e; --high: #e8710a; --medium: #f2c94c; --low: #5cb85c; --good: #2e7d32; --warn: #b26a00; --bad: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e8ec; --muted: #a0a8b5; --bg: #16181d; --line: #3a3f4a; --head: #23262e;
    --critical: #ef5350; --high: #ff9800; --medium: #e0b73c; --low: #66bb6a; --good: #66bb6a; --warn: #ffb74d; --bad: #ef5350; }
}
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg);
  max-width: 1200px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.banner { border: 2px solid var(--bad); padding: .5rem .8rem; border-radius: 4px; }
.meta { color: var(--muted); margin: 0 0 1.5rem; } .meta b { color: var(--fg); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--head); } caption { text-align: left; color: var(--muted); padding-bottom: .3rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.facts dt { font-weight: 600; }
.tone-critical, .tone-bad { color: var(--critical); font-weight: 600; } .tone-high { color: var(--high); font-weight: 600; }
.tone-medium, .tone-warn { color: var(--warn); } .tone-low, .tone-good { color: var(--good); } .tone-muted { color: var(--muted); }
figure { margin: 1rem 0; } figcaption { font-weight: 600; margin-bottom: .4rem; }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; } svg text.label { font-weight: 600; } svg .count { font-size: 15px; font-weight: 700; fill: #111; }
.cell-critical { fill: var(--critical); } .cell-high { fill: var(--high); } .cell-medium { fill: var(--medium); } .cell-low { fill: var(--low); }
.appetite { stroke: var(--fg); stroke-width: 3; fill: none; stroke-dasharray: 6 3; }
.bar { fill: var(--high); } .bar.tone-bad, .bar.tone-critical { fill: var(--critical); } .bar.tone-good, .bar.tone-low { fill: var(--low); }
.bar.tone-medium, .bar.tone-warn { fill: var(--medium); } .node { fill: var(--head); stroke: var(--line); } .node.tone-bad { stroke: var(--critical); stroke-width: 2; }
.edge { stroke: var(--muted); fill: none; } .empty { color: var(--muted); font-style: italic; }
footer { margin-top: 3rem; color: var(--muted); font-size: 12px; }
table.sign-off td { height: 2.2rem; min-width: 8rem; } table.control { width: auto; min-width: 50%; margin: 0 0 1.5rem; } table.control th { width: 11rem; font-weight: 600; }
@media print { :root { color-scheme: light; --fg: #1d2330; --muted: #5d6675; --bg: #ffffff; --line: #d6dae1; --head: #f3f5f8; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11px; } footer { display: none; } h2 { break-before: auto; break-after: avoid; }
  table, figure { break-inside: avoid; } th { background: #eee !important; } a { color: inherit; text-decoration: none; } }
`;

const tone = (t: Tone | undefined) => (t ? ` class="tone-${t}"` : "");

function heatmap(b: Extract<Block, { kind: "heatmap" }>): string {
  const size = 64;
  const left = 120;
  const top = 10;
  const parts: string[] = [];
  for (let l = 5; l >= 1; l--) {
    const y = top + (5 - l) * size;
    parts.push(
      `<text x="${left - 8}" y="${y + size / 2 + 4}" text-anchor="end">${l} ${esc(b.likelihoodLabels[l - 1] ?? "")}</text>`,
    );
    for (let i = 1; i <= 5; i++) {
      const x = left + (i - 1) * size;
      const level = b.levelOf(l * i);
      const n = b.counts[l - 1][i - 1];
      parts.push(
        `<g class="heat-cell" data-likelihood="${l}" data-impact="${i}" data-count="${n}" data-level="${esc(level.name)}">` +
          `<rect x="${x}" y="${y}" width="${size}" height="${size}" class="cell-${level.tone}" stroke="var(--bg)" stroke-width="2"><title>likelihood ${l} x impact ${i} = ${l * i} (${esc(level.name)}): ${n} risk${n === 1 ? "" : "s"}</title></rect>` +
          (n
            ? `<text class="count" x="${x + size / 2}" y="${y + size / 2 + 5}" text-anchor="middle">${n}</text>`
            : "") +
          `</g>`,
      );
    }
  }
  for (let i = 1; i <= 5; i++)
    parts.push(
      `<text x="${left + (i - 1) * size + size / 2}" y="${top + 5 * size + 16}" text-anchor="middle">${i} ${esc(b.impactLabels[i - 1] ?? "")}</text>`,
    );
  // The appetite line: the staircase between cells within appetite and cells above it.
  const points: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const maxL = Math.min(5, Math.floor(b.appetite / i));
    const y = top + (5 - maxL) * size;
    points.push(`${left + (i - 1) * size},${y}`, `${left + i * size},${y}`);
  }
  parts.push(
    `<polyline class="appetite" points="${points.join(" ")}"><title>risk appetite: ${b.appetite}</title></polyline>`,
  );
  const w = left + 5 * size + 10;
  const h = top + 5 * size + 30;
  return (
    `<figure class="heatmap"><figcaption>${esc(b.title)}</figcaption>` +
    `<svg role="img" aria-label="${esc(b.title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join("")}</svg>` +
    `<div class="tone-muted">Rows: likelihood; columns: impact; dashed line: the risk appetite (${b.appetite}); cells above it are above appetite.</div></figure>`
  );
}

function bars(b: Extract<Block, { kind: "bars" }>): string {
  if (!b.data.length)
    return `<figure><figcaption>${esc(b.title)}</figcaption><p class="empty">None.</p></figure>`;
  const max = Math.max(1, ...b.data.map((d) => d.value));
  const rowH = 22;
  const left = 170;
  const width = 360;
  const rows = b.data.map((d, k) => {
    const y = k * rowH;
    const w = Math.round((d.value / max) * width);
    return (
      `<g class="bar-row" data-label="${esc(d.label)}" data-value="${d.value}"><text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(d.label)}</text>` +
      `<rect class="bar${d.tone ? ` tone-${d.tone}` : ""}" x="${left}" y="${y + 3}" width="${Math.max(w, d.value ? 2 : 0)}" height="${rowH - 6}"></rect>` +
      `<text x="${left + w + 6}" y="${y + 15}">${d.value}</text></g>`
    );
  });
  const h = b.data.length * rowH + 4;
  return `<figure><figcaption>${esc(b.title)}</figcaption><svg role="img" aria-label="${esc(b.title)}" width="${left + width + 50}" height="${h}">${rows.join("")}</svg></figure>`;
}

/** A value per month as a line, with the target as a dashed line; months without a value are gaps. */
function trend(b: Extract<Block, { kind: "trend" }>): string {
  const known = b.points.flatMap((p) => (p.value === undefined ? [] : [p.value]));
  if (!known.length)
    return `<figure class="trend"><figcaption>${esc(b.title)}</figcaption><p class="empty">No value in these months.</p></figure>`;
  const left = 48;
  const top = 10;
  const w = 360;
  const h = 110;
  const values = b.target === undefined ? known : [...known, b.target];
  const lo = Math.min(0, ...values);
  const hi = Math.max(...values) > lo ? Math.max(...values) : lo + 1;
  const step = b.points.length > 1 ? w / (b.points.length - 1) : 0;
  const x = (k: number) => (left + k * step).toFixed(1);
  const y = (v: number) => (top + h - ((v - lo) / (hi - lo)) * h).toFixed(1);
  const unit = b.unit ? (b.unit === "%" ? "%" : ` ${b.unit}`) : "";
  const parts: string[] = [
    `<line x1="${left}" y1="${top + h}" x2="${left + w}" y2="${top + h}" stroke="var(--line)"></line>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${esc(trendNumber(hi))}</text>`,
    `<text x="${left - 6}" y="${top + h + 4}" text-anchor="end">${esc(trendNumber(lo))}</text>`,
  ];
  if (b.target !== undefined)
    parts.push(
      `<line class="trend-target" x1="${left}" y1="${y(b.target)}" x2="${left + w}" y2="${y(b.target)}" stroke="var(--good)" stroke-width="2" stroke-dasharray="6 3"><title>target ${esc(trendNumber(b.target) + unit)}</title></line>`,
    );
  // The line through the months with a value (a gap is bridged by the segment around it).
  const line = b.points.flatMap((p, k) => (p.value === undefined ? [] : [`${x(k)},${y(p.value)}`]));
  if (line.length > 1)
    parts.push(
      `<polyline points="${line.join(" ")}" fill="none" stroke="var(--high)" stroke-width="2"></polyline>`,
    );
  b.points.forEach((p, k) => {
    if (p.value !== undefined)
      parts.push(
        `<circle class="trend-point" data-month="${esc(p.label)}" data-value="${esc(trendNumber(p.value))}" cx="${x(k)}" cy="${y(p.value)}" r="3.5" fill="var(--high)"><title>${esc(p.label)}: ${esc(trendNumber(p.value) + unit)}</title></circle>`,
      );
    if (k % 3 === 0 || k === b.points.length - 1)
      parts.push(`<text x="${x(k)}" y="${top + h + 18}" text-anchor="middle">${esc(p.label)}</text>`);
  });
  const width = left + w + 30;
  const height = top + h + 26;
  return (
    `<figure class="trend"><figcaption>${esc(b.title)}</figcaption>` +
    `<svg role="img" aria-label="${esc(b.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>` +
    `<div class="tone-muted">${esc(trendText(b))}</div></figure>`
  );
}

/** A tree drawn left to right (the organisation chart): leaves one under another, parents centred on their children. */
function treeSvg(b: Extract<Block, { kind: "tree" }>): string {
  const boxW = 210;
  const boxH = 40;
  const gapX = 36;
  const gapY = 10;
  let nextRow = 0;
  let depthMax = 0;
  const placed: { n: TreeNode; row: number; depth: number }[] = [];
  const edges: [number, number, number, number][] = [];
  const place = (n: TreeNode, depth: number): number => {
    depthMax = Math.max(depthMax, depth);
    let row: number;
    if (!n.children.length) row = nextRow++;
    else {
      const rows = n.children.map((c) => place(c, depth + 1));
      row = (rows[0] + rows[rows.length - 1]) / 2;
      for (const r of rows) edges.push([depth, row, depth + 1, r]);
    }
    placed.push({ n, row, depth });
    return row;
  };
  for (const r of b.roots) place(r, 0);
  const px = (d: number) => 4 + d * (boxW + gapX);
  const py = (row: number) => 4 + row * (boxH + gapY);
  const parts = edges.map(
    ([d1, r1, d2, r2]) =>
      `<path class="edge" d="M${px(d1) + boxW},${py(r1) + boxH / 2} H${px(d1) + boxW + gapX / 2} V${py(r2) + boxH / 2} H${px(d2)}"></path>`,
  );
  for (const { n, row, depth } of placed)
    parts.push(
      `<g class="org-node" data-id="${esc(n.label)}"><rect class="node${n.tone ? ` tone-${n.tone}` : ""}" x="${px(depth)}" y="${py(row)}" width="${boxW}" height="${boxH}" rx="5"></rect>` +
        `<text class="label" x="${px(depth) + 8}" y="${py(row) + 16}">${esc(clip(n.label, 30))}</text>` +
        `<text x="${px(depth) + 8}" y="${py(row) + 32}"${tone(n.tone)}>${esc(clip(n.detail ?? "", 32))}</text></g>`,
    );
  const w = (depthMax + 1) * (boxW + gapX) + 8;
  const h = Math.max(1, nextRow) * (boxH + gapY) + 8;
  return `<figure><figcaption>${esc(b.title)}</figcaption><svg role="img" aria-label="${esc(b.title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" style="max-width:100%;height:auto">${parts.join("")}</svg></figure>`;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function block(b: Block): string {
  switch (b.kind) {
    case "heading":
      return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case "paragraph":
      return `<p>${esc(b.text)}</p>`;
    case "facts":
      return `<dl class="facts">${b.items.map(([k, v]) => `<dt>${esc(k)}</dt><dd${tone(cellTone(v))}>${esc(cellText(v)) || "-"}</dd>`).join("")}</dl>`;
    case "list":
      return b.items.length
        ? `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`
        : `<p class="empty">None.</p>`;
    case "table":
      if (!b.rows.length) return `<p class="empty">None.</p>`;
      return (
        `<table>${b.caption ? `<caption>${esc(b.caption)}</caption>` : ""}<thead><tr>${b.columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
        b.rows
          .map((r) => `<tr>${r.map((c) => `<td${tone(cellTone(c))}>${esc(cellText(c))}</td>`).join("")}</tr>`)
          .join("") +
        `</tbody></table>`
      );
    case "heatmap":
      return heatmap(b);
    case "bars":
      return bars(b);
    case "trend":
      return trend(b);
    case "tree":
      return treeSvg(b);
  }
}

/** The blocks of a report as HTML, without the page around them (the extension's dashboard). */
export function renderBlocks(doc: Doc): string {
  return doc.blocks.map(block).join("\n");
}

/** Text as a CSS string: every character but letters, digits and spaces as a hex escape. */
export function cssString(text: string): string {
  return `"${[...oneLine(text)].map((c) => (/^[A-Za-z0-9 ]$/.test(c) ? c : `\\${(c.codePointAt(0) ?? 0).toString(16)} `)).join("")}"`;
}

/** The printed page: A4 (landscape for wide registers), with the running footer (Chromium 131+ margin boxes). */
export function pageCss(doc: Doc): string {
  const m = doc.meta;
  const box = "font: 8pt system-ui, sans-serif; color: #5d6675;";
  return (
    `@page { size: A4 ${isWide(doc) ? "landscape" : "portrait"}; margin: 16mm 14mm 18mm 14mm;\n` +
    `  @bottom-left { content: ${cssString(footerText(doc.title, m))}; ${box} }\n` +
    `  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} } }`
  );
}

export function renderHtml(doc: Doc): string {
  const m = doc.meta;
  // Document control, with the scope after the organisation.
  const rows = controlFacts(doc.title, m);
  if (m.scope) rows.splice(rows[0]?.[0] === "Organisation" ? 1 : 0, 0, ["Scope", m.scope]);
  const sign = signOff(doc);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(doc.title)}${m.organisation ? ` · ${esc(m.organisation)}` : ""}</title>
<style>${REPORT_CSS}</style>
<style media="print">${pageCss(doc)}</style>
</head>
<body>
<h1>${esc(doc.title)}</h1>
<table class="control" aria-label="Document control"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</tbody></table>
${sign ? `<table class="sign-off" aria-label="Sign-off"><caption>Sign-off</caption><thead><tr>${sign.columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${sign.rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td>${esc(c)}</td>` : `<th scope="row">${esc(c)}</th>`)).join("")}</tr>`).join("")}</tbody></table>\n` : ""}${m.errors ? `<p class="banner tone-bad" role="alert">${esc(errorBanner(m.errors))}</p>\n` : ""}${doc.blocks.map(block).join("\n")}
<footer>Generated by isms from the ISMS YAML files${m.source ? ` at ${esc(m.source)}` : ""}, as of ${m.asOf}. ${esc(footerText(doc.title, m))}.</footer>
</body>
</html>
`;
}
