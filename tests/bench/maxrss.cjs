// Loaded with --require by the benchmark: reports the process's peak resident memory (KiB) on exit.
process.on("exit", () => require("node:fs").writeSync(2, `\nMAXRSS ${process.resourceUsage().maxRSS}\n`));
