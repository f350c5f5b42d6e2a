// The context of the organisation (clause 4.1): the manifest's climate change decision and the issues by
// origin. One answer for the rule, the context report and the management review.
import type { Entry, IsmsFile } from "../../model";
import { obj, str } from "../../rules/api";
import type { WorkspaceIndex } from "../../workspace";

/** The decision of clauses 4.1 and 4.2 (as amended in 2024) whether climate change is a relevant issue. */
export interface ClimateDecision {
  relevant: boolean;
  note?: string;
}

/** The manifest's `climate_change` decision; undefined when it records none (no key, or no true/false). */
export function climateDecision(manifest: IsmsFile | undefined): ClimateDecision | undefined {
  const c = obj(manifest?.header.climate_change);
  if (typeof c.relevant !== "boolean") return undefined;
  return { relevant: c.relevant, note: str(c.note) };
}

export type Origin = "external" | "internal" | "unknown";
export const ORIGINS: readonly Origin[] = ["external", "internal", "unknown"];

/** Where an issue comes from; "unknown" when `origin` is missing or not one of the two. */
export const originOf = (issue: Entry): Origin =>
  issue.value.origin === "external" || issue.value.origin === "internal" ? issue.value.origin : "unknown";

/** The context issues of the workspace grouped by origin (external first), in file order. */
export function issuesByOrigin(index: WorkspaceIndex): Map<Origin, Entry<"issue">[]> {
  const out = new Map<Origin, Entry<"issue">[]>(ORIGINS.map((o) => [o, []]));
  for (const i of index.byKind.get("issue") ?? []) out.get(originOf(i))?.push(i);
  return out;
}
