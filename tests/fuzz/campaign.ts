// Long differential fuzzing campaigns (npm run fuzz): seeded workspaces with every kind, random edit
// sequences through the language server's incremental path, each checked against fresh full checks.
// A failure is shrunk and written to tests/artifacts/fuzz/ (JSON to replay, Markdown to read).
//
//   npm run fuzz -- [--sequences N] [--seed S] [--edits E] [--entries K] [--keep-going] [--shrink-ms MS]
//                   [--data]   (compare Diagnostic.data too: message ids, rule data, entry ids)
//   npm run fuzz -- --case-seed X        one case, by the seed printed for it
//   npm run fuzz -- --replay FILE.json   a written case again
//
// Exit status: 1 when a case failed, 0 otherwise, 2 on bad usage.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FuzzCase } from "./case";
import { generateCase } from "./edits";
import { runCase, type RunOptions } from "./harness";
import { shrink, writeArtifact } from "./shrink";

const ARTIFACTS = join(__dirname, "..", "artifacts", "fuzz");

/** The seed of the i-th case of a campaign (different campaign seeds give unrelated cases). */
const caseSeed = (seed: number, i: number): number => (Math.imul(seed, 0x9e3779b1) + i) >>> 0;

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run fuzz -- [--sequences N] [--seed S] [--edits E] [--entries K] ` +
      "[--keep-going] [--shrink-ms MS] [--data] | --case-seed X | --replay FILE.json",
  );
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const opts = { sequences: 1000, seed: 1, edits: 12, entries: 4, keepGoing: false, shrinkMs: 120_000 } as {
    sequences: number;
    seed: number;
    edits: number;
    entries: number;
    keepGoing: boolean;
    shrinkMs: number;
    data?: boolean;
    caseSeed?: number;
    replay?: string;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) usage(`${a} takes a non-negative integer`);
      return v;
    };
    if (a === "--sequences") opts.sequences = num();
    else if (a === "--seed") opts.seed = num();
    else if (a === "--edits") opts.edits = num();
    else if (a === "--entries") opts.entries = num();
    else if (a === "--shrink-ms") opts.shrinkMs = num();
    else if (a === "--case-seed") opts.caseSeed = num();
    else if (a === "--keep-going") opts.keepGoing = true;
    else if (a === "--data") opts.data = true;
    else if (a === "--replay") opts.replay = argv[++i] ?? usage("--replay takes a file");
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

async function report(c: FuzzCase, shrinkMs: number, run: RunOptions): Promise<string | undefined> {
  const failure = await runCase(c, run);
  if (!failure) return undefined;
  console.log(`\ncase seed ${c.seed}: ${failure.kind} after step ${failure.step + 1}; shrinking...`);
  const shrunk = await shrink(c, failure, { ms: shrinkMs, run });
  const path = writeArtifact(ARTIFACTS, shrunk, c, run);
  console.log(`${shrunk.failure.message.split("\n").slice(0, 12).join("\n")}`);
  console.log(`minimal case (${shrunk.case.steps.length} steps, ${shrunk.case.files.length} files): ${path}`);
  return `${failure.kind}: ${failure.message.split("\n")[0]}`;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const run: RunOptions = { data: opts.data };
  if (opts.replay) {
    const data = JSON.parse(readFileSync(opts.replay, "utf8")) as { case: FuzzCase; options?: RunOptions };
    const f = await runCase(data.case, { ...data.options, ...(opts.data ? run : {}) });
    console.log(f ? `fails: ${f.kind} after step ${f.step + 1}\n${f.message}` : "passes");
    return f ? 1 : 0;
  }
  const gen = (seed: number) => generateCase(seed, { edits: opts.edits, entries: opts.entries });
  if (opts.caseSeed !== undefined) return (await report(gen(opts.caseSeed), opts.shrinkMs, run)) ? 1 : 0;
  const started = Date.now();
  const failures = new Map<string, number>();
  let done = 0;
  for (let i = 0; i < opts.sequences; i++) {
    const seed = caseSeed(opts.seed, i);
    const signature = await report(gen(seed), opts.shrinkMs, run);
    done++;
    if (signature) {
      failures.set(signature, seed);
      if (!opts.keepGoing) break;
    }
    if (done % 500 === 0)
      console.log(
        `${done} sequences, ${failures.size} failures, ${Math.round((Date.now() - started) / 1000)} s`,
      );
  }
  const s = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${done} sequences (seed ${opts.seed}, ${opts.edits} edits each) in ${s} s: ${failures.size} failing`,
  );
  for (const [sig, seed] of failures) console.log(`  case seed ${seed}: ${sig}`);
  return failures.size ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
