// Loaded with --require by the benchmark: reports the process's peak resident memory (KiB) on exit
// (writes to a pipe are synchronous on Linux, so the line is out before the process ends).
process.on("exit", () => process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`));
