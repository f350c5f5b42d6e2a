import { CONTROLS } from "../../../catalogue";
import { fillEmptyKey, insertAfter, insertBefore } from "../../../edits";
import { anchorRange, headerRange, kindRange, type Entry, type IsmsFile } from "../../../model";
import type { WorkspaceIndex } from "../../../workspace";
import type { TextEdit } from "../../../navigate";
import { defineRule, isIsmsFile } from "../../../rules/api";

export default defineRule({
  id: "soa-missing-control",
  severity: "error",
  doc: "The Statement of Applicability must address every Annex A control (clause 6.1.3 d), applicable or not. Reported once, listing the absent controls, on the first SoA file (or on the manifest when there is no SoA at all).",
  fix: "Add an entry for each listed control with `applicable:` and a justification (the quick fix adds skeletons).",
  messages: {
    lacks: "The SoA lacks {{count}} of the 93 Annex A controls: {{list}}",
    none: "There is no Statement of Applicability (kind: soa) in the workspace: all 93 Annex A controls are unaddressed",
  },
  check(ctx) {
    const soaFiles = ctx.index.filesOfKind.get("soa") ?? [];
    const missing = CONTROLS.filter((c) => !ctx.index.soa.has(c.id)).map((c) => c.id);
    if (missing.length === 0) return;
    const file = soaFiles[0] ?? ctx.index.manifests[0];
    if (!file) return;
    if (!soaFiles.length) return ctx.report(file, kindRange(file), "none");
    const list =
      missing.length > 12
        ? `${missing.slice(0, 12).join(", ")} and ${missing.length - 12} more`
        : missing.join(", ");
    const at = file.top.has("controls") ? headerRange(file, "controls", [], { key: true }) : kindRange(file);
    ctx.report(file, at, "lacks", { count: missing.length, list });
  },
  fixes: (fx) => (isIsmsFile(fx.file) && fx.file.kind === "soa" ? addMissingControls(fx.index, fx.file) : []),
});

/** SoA skeletons for every control the workspace's SoA lacks, each after its predecessor in the catalogue. */
function addMissingControls(index: WorkspaceIndex, file: IsmsFile) {
  const missing = CONTROLS.filter((c) => !index.soa.has(c.id));
  if (!missing.length) return [];
  const own = file.entries.filter((e) => e.kind === "control" && e.key);
  const order = new Map(CONTROLS.map((c, i) => [c.id, i]));
  const rank = (e: Entry) => order.get(e.id ?? "") ?? -1;
  const groups = new Map<Entry | undefined, string[]>();
  for (const c of missing) {
    const i = order.get(c.id) ?? -1;
    let after: Entry | undefined;
    for (const e of own) if (rank(e) < i && (!after || rank(e) > rank(after))) after = e;
    const lines = [
      `${c.id}: # ${c.title}`,
      "  applicable: true",
      "  justification: Why the control is applicable (or not)",
    ];
    groups.set(after, [...(groups.get(after) ?? []), ...lines]);
  }
  const edits: TextEdit[] = [];
  const col = (e: Entry) => file.lines.position(anchorRange(e)[0]).character;
  for (const [after, lines] of groups) {
    if (after) edits.push(insertAfter(after, col(after), lines));
    else if (own[0]) edits.push(insertBefore(own[0], col(own[0]), lines));
    else edits.push(...(fillEmptyKey(file, "controls", lines) ?? []));
  }
  const n = missing.length;
  return [{ title: `Add the ${n} missing control${n === 1 ? "" : "s"} to the SoA`, edits, preferred: true }];
}
