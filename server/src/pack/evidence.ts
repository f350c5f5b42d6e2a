// The files an ISMS names as evidence: every path field of every kind (the `paths` of each entry spec in
// the kind registry, as linked-file-missing and path-outside-workspace read them), resolved with the
// same PathResolver the rules use, for the working tree or for a commit. A path that leaves the
// workspace is refused before anything opens it; one that names no file is missing.
import { valuesAt } from "../core/action";
import type { PathProblem, PathResolver } from "../core/paths";
import { entryInfos } from "../core/registry";
import { list } from "../core/rules/api";
import type { WorkspaceIndex } from "../core/workspace";

/** An entry field that names a file: the YAML file, the entry's id and the field ("evidence.1.path"). */
export interface Reference {
  /** The YAML file (absolute). */
  file: string;
  entry: string;
  field: string;
}

/** A value of a text-or-path field that is meant as a path: one word with a folder or an extension. */
const looksLikePath = (v: string) =>
  !/\s/.test(v) && (/[\\/]/.test(v) || /\.\w{1,5}$/.test(v) || v.startsWith("~"));

export interface EvidenceSet {
  /** Files that exist, by absolute path, with every reference to them. */
  found: Map<string, Reference[]>;
  /** Paths inside the workspace that name no file, by absolute path. */
  missing: Map<string, { written: string; refs: Reference[] }>;
  /** Paths refused (absolute, ~, outside the workspace, through a link leaving it), by the text written. */
  refused: Map<string, { problem: PathProblem; refs: Reference[] }>;
}

/**
 * Every path the ISMS names in a path field, resolved: found, missing or refused. A text-or-path field
 * (SoA evidence, a certificate's evidence) counts only where its value looks like a path, as in
 * path-outside-workspace.
 */
export function evidenceOf(index: WorkspaceIndex, paths: PathResolver): EvidenceSet {
  const set: EvidenceSet = { found: new Map(), missing: new Map(), refused: new Map() };
  const add = <T extends { refs: Reference[] }>(
    m: Map<string, T>,
    key: string,
    make: () => T,
    r: Reference,
  ) => {
    const v = m.get(key) ?? make();
    v.refs.push(r);
    m.set(key, v);
  };
  for (const info of entryInfos()) {
    const specs = info.spec.paths ?? [];
    if (!specs.length) continue;
    for (const e of index.byKind.get(info.spec.name) ?? [])
      for (const spec of specs)
        for (const { value: raw, path } of valuesAt(e.value, spec.field.split("."), [])) {
          const values = spec.many
            ? list(raw).map((v, i) => [v, [...path, i]] as const)
            : [[raw, path] as const];
          for (const [v, at] of values) {
            if (typeof v !== "string" || v.trim() === "" || (spec.orText && !looksLikePath(v))) continue;
            const ref: Reference = { file: e.file.path, entry: e.id ?? "(no id)", field: at.join(".") };
            const resolved = paths.check(e.file.path, v);
            if (!resolved.ok) add(set.refused, v, () => ({ problem: resolved.problem, refs: [] }), ref);
            else if (paths.exists(resolved.abs)) {
              const refs = set.found.get(resolved.abs) ?? [];
              refs.push(ref);
              set.found.set(resolved.abs, refs);
            } else add(set.missing, resolved.abs, () => ({ written: v, refs: [] }), ref);
          }
        }
  }
  return set;
}
