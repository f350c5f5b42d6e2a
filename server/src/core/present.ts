// What the hovers and code lenses of several kinds share.
import type { Entry } from "./model";

/** At most this many items are listed in one hover line. */
export const MAX_LIST = 10;

/** "R-001, R-002 and 3 more". */
export function idList(entries: readonly Entry[]): string {
  const shown = entries.slice(0, MAX_LIST).map((e) => e.id ?? "?");
  return shown.join(", ") + (entries.length > MAX_LIST ? ` and ${entries.length - MAX_LIST} more` : "");
}

/** "1 risk", "3 risks". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
