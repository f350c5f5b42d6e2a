// YAML files that were meant as ISMS files but are not read as one: a `kind:` that is near an ISMS kind
// (a typo, singular for plural, another case), or an ISMS collection key (`risks:`, `roles:`) with no
// or another `kind:`. Such a file gets one clear finding instead of vanishing. Other YAML (Kubernetes
// manifests, CI workflows, compose files, ...) stays untouched.
import { basename } from "node:path";
import type { Range } from "./model";
import { kindDefs } from "./registry";
import { editDistance } from "./values";

export interface NearMiss {
  /** "near": the kind value is near an ISMS kind; "collection": a collection key without its kind. */
  problem: "near" | "collection";
  /** The kind value as written ("" when there is no `kind:`), and where the finding goes. */
  value: string;
  range: Range;
  /** The ISMS kind it most likely means, and the collection key that says so. */
  kind: string;
  key?: string;
}

/** Top-level keys with their offsets (lines starting without indentation, `key:`). */
function topKeys(text: string): Map<string, { at: number; value: string; valueAt: number }> {
  const out = new Map<string, { at: number; value: string; valueAt: number }>();
  const re = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*(?:#.*)?\r?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (out.has(m[1])) continue;
    const value = (m[2] ?? "").replace(/^["']|["']$/g, "");
    const valueAt =
      m[2] === undefined ? m.index : m.index + m[0].indexOf(m[2]) + (/^["']/.test(m[2]) ? 1 : 0);
    out.set(m[1], { at: m.index, value, valueAt });
  }
  return out;
}

/** Files of other tools, never ISMS files: Kubernetes (apiVersion), CI workflows, compose files. */
function otherTool(path: string, keys: Map<string, unknown>): boolean {
  if (keys.has("apiVersion")) return true;
  if (keys.has("jobs") && (keys.has("on") || keys.has("name") || keys.has("stages"))) return true;
  if (keys.has("stages") || keys.has("pipeline") || keys.has("steps")) return true;
  if (
    keys.has("services") &&
    ["version", "volumes", "networks", "configs", "secrets"].some((k) => keys.has(k))
  )
    return true;
  return /^(docker-)?compose([.-].*)?\.ya?ml$/i.test(basename(path));
}

/** The ISMS kind a kind value is near: same but for case, singular for plural, or a small typo. */
function nearKind(value: string): string | undefined {
  const v = value.toLowerCase();
  let best: { kind: string; d: number } | undefined;
  for (const { kind } of kindDefs()) {
    if (
      v === kind ||
      v + "s" === kind ||
      v === kind + "s" ||
      v.replace(/ies$/, "y") === kind.replace(/ies$/, "y")
    )
      return kind;
    const d = editDistance(v, kind);
    if (d <= 2 && d < kind.length / 2 && (!best || d < best.d)) best = { kind, d };
  }
  return best?.kind;
}

/** Why a YAML text that is not an ISMS file looks like one was meant; undefined for other YAML. */
export function nearMiss(path: string, text: string): NearMiss | undefined {
  const keys = topKeys(text);
  if (otherTool(path, keys)) return undefined;
  const kind = keys.get("kind");
  if (kind && kind.value) {
    const near = nearKind(kind.value);
    if (near)
      return {
        problem: "near",
        value: kind.value,
        range: [kind.valueAt, kind.valueAt + kind.value.length],
        kind: near,
      };
  }
  for (const def of kindDefs()) {
    const key = def.collection?.key;
    const at = key ? keys.get(key) : undefined;
    if (!key || !at) continue;
    if (kind && kind.value && kind.value !== def.kind) {
      // Another tool's kind with one of our keys: only when the kind is no word of another format.
      if (/^[A-Z]/.test(kind.value)) return undefined;
    }
    const range: Range = kind
      ? [kind.valueAt, kind.valueAt + kind.value.length]
      : [at.at, at.at + key.length];
    return { problem: "collection", value: kind?.value ?? "", range, kind: def.kind, key };
  }
  return undefined;
}
