// A hint to V8 for a long typing session in a huge file. Every edit replaces the document's text with a
// new string of the file's size, and V8 frees such large strings only in a full collection, which it
// postpones until the old generation has grown by a multiple of what is live: typing in a 4 MB register
// would take the server from 250 to 600 MB between collections. Once edits have replaced a quarter of
// the heap (at least 32 MB) in text, the server asks for a concurrent full collection after a check.
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Collect = (options: { type: "major"; execution: "async" }) => unknown;

let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect === undefined)
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as Collect;
    } catch {
      collect = null;
    }
  return collect;
}

let churn = 0;

/** Counts `chars` of replaced text; collects when enough has piled up. Call when the server is idle. */
export function afterEdits(chars: number): void {
  churn += chars;
  if (churn < Math.max(32e6, getHeapStatistics().used_heap_size / 4)) return;
  churn = 0;
  void collector()?.({ type: "major", execution: "async" });
}
