// Shrinks a failing case: drops steps, changes and files while it still fails (with a failure of the same
// kind), then lines of the initial texts and characters of the inserted texts. Edits are offsets clamped
// at replay, so every candidate replays to a valid sequence. Writes the minimal case as JSON and Markdown.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Change, FuzzCase, Step } from "./case";
import { runCase, type Failure, type RunOptions } from "./harness";

export interface Shrunk {
  case: FuzzCase;
  failure: Failure;
  runs: number;
}

/** ddmin over a list: the smallest sublist (by removing chunks) for which `fails` holds. */
async function minimise<T>(
  list: T[],
  fails: (l: T[]) => Promise<boolean>,
  budget: () => boolean,
): Promise<T[]> {
  let cur = list;
  let n = 2;
  while (cur.length >= 1 && budget()) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < cur.length && budget(); i += size) {
      const candidate = [...cur.slice(0, i), ...cur.slice(i + size)];
      if (await fails(candidate)) {
        cur = candidate;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size <= 1) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}

const lineList = (text: string) => text.split(/(?<=\n)/);

export async function shrink(
  c: FuzzCase,
  first: Failure,
  opts: { ms?: number; run?: RunOptions } = {},
): Promise<Shrunk> {
  const deadline = Date.now() + (opts.ms ?? 120_000);
  const budget = () => Date.now() < deadline;
  let best = c;
  let failure = first;
  let runs = 0;
  const fails = async (candidate: FuzzCase): Promise<boolean> => {
    runs++;
    const f = await runCase(candidate, opts.run);
    if (!f || f.kind !== first.kind) return false;
    best = candidate;
    failure = f;
    return true;
  };
  let before = -1;
  const size = (x: FuzzCase) =>
    x.steps.length +
    x.files.reduce((n, f) => n + f.text.length, 0) +
    x.steps.reduce((n, s) => n + (s.op === "change" ? s.changes.length : 0), 0);
  while (size(best) !== before && budget()) {
    before = size(best);
    // Steps after the failing one are not needed.
    if (failure.step >= 0 && failure.step < best.steps.length - 1)
      await fails({ ...best, steps: best.steps.slice(0, failure.step + 1) });
    await minimise(best.steps, (steps) => fails({ ...best, steps }), budget);
    // Changes within a didChange.
    for (let i = 0; i < best.steps.length && budget(); i++) {
      const s = best.steps[i];
      if (s.op !== "change" || s.changes.length < 2) continue;
      await minimise(
        s.changes,
        (changes) => fails({ ...best, steps: best.steps.map((x, j) => (j === i ? { ...s, changes } : x)) }),
        budget,
      );
    }
    // Off disk (every file open and nothing on disk), or fewer files open at first.
    const disk = best.disk;
    if (disk) {
      const rest = { ...best };
      delete rest.disk;
      if (!(await fails(rest)))
        await minimise(disk.open, (open) => fails({ ...best, disk: { open } }), budget);
    }
    // Files (with their steps).
    await minimise(
      best.files,
      (files) => {
        const names = new Set(files.map((f) => f.name));
        const steps = best.steps.filter((s) => !("file" in s) || names.has(s.file));
        const open = best.disk?.open.filter((n) => names.has(n));
        return fails({ ...best, files, steps, ...(open ? { disk: { open } } : {}) });
      },
      budget,
    );
    // Lines of the initial texts.
    for (let i = 0; i < best.files.length && budget(); i++) {
      const f = best.files[i];
      await minimise(
        lineList(f.text),
        (ls) =>
          fails({ ...best, files: best.files.map((x, j) => (j === i ? { ...f, text: ls.join("") } : x)) }),
        budget,
      );
    }
    // Characters of the inserted texts.
    for (let i = 0; i < best.steps.length && budget(); i++) {
      const s = best.steps[i];
      if (s.op !== "change") continue;
      for (let k = 0; k < s.changes.length && budget(); k++) {
        const ch = s.changes[k];
        if ("full" in ch || ch.text.length < 2) continue;
        const withText = (text: string): FuzzCase => ({
          ...best,
          steps: best.steps.map((x, j) =>
            j === i && x.op === "change"
              ? { ...x, changes: x.changes.map((y, m): Change => (m === k ? { ...ch, text } : y)) }
              : x,
          ),
        });
        await minimise([...ch.text], (cs) => fails(withText(cs.join(""))), budget);
      }
    }
  }
  return { case: best, failure, runs };
}

const describeStep = (s: Step, i: number): string => {
  switch (s.op) {
    case "change":
      return [
        `${i + 1}. change \`${s.file}\`${s.note ? ` (${s.note})` : ""}:`,
        ...s.changes.map((c) =>
          "full" in c
            ? `   - the whole text: ${JSON.stringify(c.full)}`
            : `   - [${c.start}, ${c.end}) -> ${JSON.stringify(c.text)}`,
        ),
      ].join("\n");
    case "check":
      return `${i + 1}. check (${s.via === "run" ? "session.runCheck()" : "the debounce timer"})${s.compare === false ? ", not compared" : ""}`;
    case "request":
      return `${i + 1}. a request (pending edits loaded, no check)`;
    case "reopen":
      return `${i + 1}. close and reopen \`${s.file}\``;
    case "save":
      return `${i + 1}. save \`${s.file}\` (its text written to disk)`;
    case "close":
      return `${i + 1}. close \`${s.file}\``;
    case "open":
      return `${i + 1}. open \`${s.file}\``;
    case "external":
      return [
        `${i + 1}. \`${s.file}\` changed on disk by another program (a watched-file event):`,
        ...s.changes.map((c) =>
          "full" in c
            ? `   - the whole text: ${JSON.stringify(c.full)}`
            : `   - [${c.start}, ${c.end}) -> ${JSON.stringify(c.text)}`,
        ),
      ].join("\n");
  }
};

/** Writes the case as JSON (replay with `npm run fuzz -- --replay FILE`) and Markdown; returns the JSON's path. */
export function writeArtifact(
  dir: string,
  shrunk: Shrunk,
  original: FuzzCase,
  options: RunOptions = {},
): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `seed-${original.seed}-${shrunk.failure.kind}`);
  const json = `${base}.json`;
  writeFileSync(
    json,
    JSON.stringify({ failure: shrunk.failure, options, case: shrunk.case }, null, 2) + "\n",
  );
  const md = [
    `# Fuzz failure: ${shrunk.failure.kind} (seed ${original.seed})`,
    "",
    `Found by \`npm run fuzz\`; shrunk from ${original.steps.length} steps and ${original.files.length} files to ` +
      `${shrunk.case.steps.length} steps and ${shrunk.case.files.length} files (${shrunk.runs} runs). ` +
      `Replay: \`npm run fuzz -- --replay ${json}\`. Today: ${shrunk.case.today}.`,
    "",
    `## Failure (after step ${shrunk.failure.step + 1})`,
    "",
    "```",
    shrunk.failure.message,
    "```",
    "",
    "## Initial files",
    "",
    ...(shrunk.case.disk
      ? [
          `On disk and scanned; open in the editor at first: ${shrunk.case.disk.open.join(", ") || "none"}.`,
          "",
        ]
      : ["Not on disk; every file open in the editor."]),
    "",
    ...shrunk.case.files.flatMap((f) => [
      `### ${f.name}`,
      "",
      "```yaml",
      f.text,
      "```",
      "",
      JSON.stringify(f.text),
      "",
    ]),
    "## Steps",
    "",
    "Offsets are into the text before each change, clamped to it; a check follows the last step. A note says " +
      "what the edit was when it was generated (shrinking may have moved it).",
    "",
    ...shrunk.case.steps.map(describeStep),
    "",
  ].join("\n");
  writeFileSync(`${base}.md`, md);
  return json;
}
