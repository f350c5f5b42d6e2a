// A hint to V8 for a long editing session in a huge file. Garbage that lives long enough to reach the old
// generation (the nodes a check drops, text replaced by opening or reloading a file) is freed only in a
// full collection, which V8 postpones until the old generation has grown by a multiple of what is live:
// typing in a 4 MB register took the server from 250 to 600 MB between collections when each edit made a
// new string of the file (an edit now makes only a piece of text, see core/text.ts). Once such garbage
// reaches an eighth of the live heap, the server asks for a concurrent full collection when editing
// pauses (one during a burst of keystrokes would slow them), and at once when it reaches half of it.
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
let idle: NodeJS.Timeout | undefined;
/** The heap in use after the last collection asked for (what is live, roughly). */
let live: number | undefined;

/** What a chunk's dropped nodes weigh, counted as characters of replaced text (a typical entry's). */
const CHUNK_CHARS = 4000;

/** How long editing must pause before a collection is asked for. */
const PAUSE_MS = 300;

function run(): void {
  churn = 0;
  if (idle) clearTimeout(idle);
  idle = undefined;
  const collect = collector();
  if (collect)
    void Promise.resolve(collect({ type: "major", execution: "async" })).then(() => {
      live = getHeapStatistics().used_heap_size;
    });
}

/**
 * Counts `chars` of replaced text after a check, and `chunks` whose nodes the check dropped (the first
 * check drops nearly all of them: a heap's worth of garbage); collects when enough has piled up.
 */
export function afterEdits(chars: number, chunks = 0): void {
  churn += chars + chunks * CHUNK_CHARS;
  if (idle) clearTimeout(idle);
  idle = undefined;
  live ??= getHeapStatistics().used_heap_size;
  if (churn >= Math.max(48e6, live / 2)) run();
  else if (churn >= Math.max(16e6, live / 8)) idle = setTimeout(run, PAUSE_MS).unref();
}
