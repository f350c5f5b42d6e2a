// Roles, responsibilities and authorities (clause 5.3, control A.5.2): the document-control record of
// the roles file, every role in full, the organisation chart of reports_to, who owns which clauses and
// controls, and the vacancies.
import { relative, sep } from "node:path";
import type { Entry } from "../core/model";
import { hasRevisions, revisionsOf } from "../core/revisions";
import { list, obj, str } from "../core/rules/api";
import { compareIds, display, looksLikeControl } from "../core/values";
import type { Block, Cell, Doc, TreeNode } from "./doc";
import { doc, roleName, text, type ReportContext } from "./common";

const holderOf = (r: Entry) => str(r.value.holder);

export function rolesReport(ctx: ReportContext): Doc {
  const { index } = ctx;
  // The organisation chart keeps the order of the file; the registers below list roles by id.
  const inFile = index.byKind.get("role") ?? [];
  const roles = [...inFile].sort((a, b) => compareIds(a.id, b.id));
  const blocks: Block[] = [
    ...revisionHistory(ctx),
    { kind: "heading", level: 2, text: "Organisation chart" },
  ];
  // reports_to as a tree; a role whose manager is unknown, or in a cycle, is a root.
  const byId = new Map(roles.flatMap((r) => (r.id ? [[r.id, r] as const] : [])));
  const children = new Map<string, Entry[]>();
  const roots: Entry[] = [];
  for (const r of inFile) {
    const boss = str(r.value.reports_to);
    if (boss && byId.has(boss) && boss !== r.id && !reachesSelf(r, byId)) {
      children.set(boss, [...(children.get(boss) ?? []), r]);
    } else roots.push(r);
  }
  const node = (r: Entry, seen: Set<Entry>): TreeNode => {
    seen.add(r);
    return {
      label: str(r.value.title) ?? r.id ?? "?",
      detail: `${holderOf(r) ?? "vacant"} (${r.id})`,
      tone: holderOf(r) ? undefined : "bad",
      children: (children.get(r.id ?? "") ?? []).filter((c) => !seen.has(c)).map((c) => node(c, seen)),
    };
  };
  const seen = new Set<Entry>();
  blocks.push({
    kind: "tree",
    title: "Reporting lines (reports_to)",
    roots: roots.map((r) => node(r, seen)),
  });

  blocks.push({ kind: "heading", level: 2, text: "Accountability matrix" });
  const matrix: Cell[][] = roles.map((r) => {
    const owns = list(r.value.owns).map(display).filter(Boolean);
    return [
      r.id,
      text(r.value.title),
      owns.filter((o) => !looksLikeControl(o)).join(", "),
      owns.filter((o) => looksLikeControl(o)).join(", "),
    ];
  });
  blocks.push({ kind: "table", columns: ["Role", "Title", "Clauses", "Controls"], rows: matrix });

  const vacant = roles.filter((r) => !holderOf(r));
  blocks.push(
    { kind: "heading", level: 2, text: "Vacancies" },
    {
      kind: "list",
      items: vacant.map(
        (r) =>
          `${r.id}: ${text(r.value.title)}${str(r.value.deputy) ? ` (deputy: ${roleName(index, r.value.deputy)})` : ""}`,
      ),
    },
  );

  blocks.push({ kind: "heading", level: 2, text: "Roles" });
  for (const r of roles) {
    const v = r.value;
    const competence = obj(v.competence);
    blocks.push(
      { kind: "heading", level: 3, text: `${r.id}: ${text(v.title)}` },
      {
        kind: "facts",
        items: [
          ["Holder", holderOf(r) ? text(v.holder) : { text: "vacant", tone: "bad" }],
          ["Deputy", roleName(index, v.deputy)],
          ["Reports to", roleName(index, v.reports_to)],
          ["Accountable for", list(v.owns).map(String).join(", ")],
          ["Assigned", text(v.assigned)],
          ["Last reviewed", text(v.reviewed)],
        ],
      },
      { kind: "paragraph", text: "Responsibilities:" },
      { kind: "list", items: list(v.responsibilities).map(String) },
      { kind: "paragraph", text: "Authorities:" },
      { kind: "list", items: list(v.authorities).map(String) },
      { kind: "paragraph", text: "Competence required:" },
      { kind: "list", items: list(competence.required).map(String) },
      { kind: "paragraph", text: "Evidence of competence:" },
      { kind: "list", items: list(competence.evidence).map(String) },
    );
  }
  return doc(ctx, "roles", "Roles, responsibilities and authorities", blocks);
}

/**
 * The revision history (clauses 7.5.2, 7.5.3): the revisions of the roles file(s), oldest first,
 * each file's under its name when there are several. Nothing when no roles file keeps a record.
 */
function revisionHistory(ctx: ReportContext): Block[] {
  const files = (ctx.index.filesOfKind.get("roles") ?? []).filter((f) => hasRevisions(f.header));
  if (!files.length) return [];
  const blocks: Block[] = [{ kind: "heading", level: 2, text: "Revision history" }];
  for (const file of files)
    blocks.push({
      kind: "table",
      caption: files.length > 1 ? relative(ctx.dir, file.path).split(sep).join("/") : undefined,
      columns: ["Date", "By", "Reason", "Summary", "Approved by"],
      rows: revisionsOf(file.header).map((r) => [
        r.date,
        r.by,
        r.trigger ? `${r.reason || "trigger"}: ${r.trigger}` : r.reason,
        r.summary,
        roleName(ctx.index, r.approvedBy),
      ]),
    });
  return blocks;
}

function reachesSelf(r: Entry, byId: Map<string, Entry>): boolean {
  const seen = new Set<Entry>([r]);
  let cur = byId.get(str(r.value.reports_to) ?? "");
  while (cur) {
    if (cur === r) return true;
    if (seen.has(cur)) return false;
    seen.add(cur);
    cur = byId.get(str(cur.value.reports_to) ?? "");
  }
  return false;
}
