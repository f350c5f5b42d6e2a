// Writing report files without ever destroying someone's work: a file is replaced only when isms wrote
// it and nobody changed it since (its hash is kept in `.isms-reports.json` beside it), or with --force.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export const LEDGER = ".isms-reports.json";

const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function readLedger(dir: string): Record<string, string> {
  try {
    const v = JSON.parse(readFileSync(join(dir, LEDGER), "utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export type WriteResult = { ok: true } | { ok: false; reason: string };

/** Writes `data` to `path` unless that would replace a file changed by someone else (then: force). */
export function writeReport(path: string, data: string | Buffer, force = false): WriteResult {
  const dir = dirname(path);
  const ledger = readLedger(dir);
  const name = basename(path);
  if (existsSync(path) && !force) {
    const recorded = ledger[name];
    const current = sha(readFileSync(path));
    if (recorded !== current)
      return {
        ok: false,
        reason: recorded
          ? `${path} was changed since isms wrote it; use --force to replace it`
          : `${path} exists and was not written by isms; use --force to replace it`,
      };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, data);
  ledger[name] = sha(data);
  writeFileSync(join(dir, LEDGER), JSON.stringify(ledger, null, 2) + "\n");
  return { ok: true };
}
