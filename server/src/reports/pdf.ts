// PDF: the report's self-contained HTML printed by a Chromium-family browser already installed on the
// machine (Chromium, Chrome, Edge), headless, with a temporary profile and every background service that
// could reach the network switched off. Nothing is downloaded. This is the one program besides git isms
// runs, and only when a PDF is asked for.
import { spawn } from "node:child_process";
import {
  accessSync,
  constants,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Doc } from "./doc";
import { renderHtml } from "./html";

/** Browser programs looked for on PATH, in this order. */
export const BROWSER_NAMES = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
  "microsoft-edge",
  "msedge",
] as const;

/** Where the browsers install themselves off PATH (Windows, macOS). */
const WELL_KNOWN: Partial<Record<NodeJS.Platform, string[]>> = {
  win32: [
    "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
    "C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe",
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
  ],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
  ],
};

/** No browser to print with, or it failed: the CLI exits 2 with the message. */
export class PdfError extends Error {}

export const INSTALL_HINT =
  "PDF needs an installed Chromium-family browser (Chromium, Google Chrome or Microsoft Edge); isms downloads none. " +
  "Install one (Debian/Ubuntu: sudo apt-get install chromium; macOS: Google Chrome or Microsoft Edge; Windows: Microsoft Edge is built in), " +
  "put it on PATH, or name it with --browser PATH or ISMS_BROWSER.";

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== "win32") accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to print with: `explicit` (--browser), else ISMS_BROWSER, else the first of BROWSER_NAMES
 * on PATH, else a well-known install location. Throws PdfError when a named one is not there or none is.
 */
export function findBrowser(env: NodeJS.ProcessEnv, explicit?: string, cwd = process.cwd()): string {
  const named = explicit ?? (env.ISMS_BROWSER || undefined);
  if (named !== undefined) {
    // A path (absolute, or relative to the current folder), or a program name looked for on PATH.
    const found =
      isAbsolute(named) || /[\\/]/.test(named)
        ? [resolve(cwd, named)].find(executable)
        : onPath(env, [named]);
    if (found) return found;
    throw new PdfError(
      `the browser '${named}' given by ${explicit !== undefined ? "--browser" : "ISMS_BROWSER"} is not an executable file. ${INSTALL_HINT}`,
    );
  }
  const found = onPath(env, BROWSER_NAMES) ?? (WELL_KNOWN[process.platform] ?? []).find(executable);
  if (!found) throw new PdfError(`no browser found to print the PDF. ${INSTALL_HINT}`);
  return found;
}

function onPath(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
  const exts = process.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""];
  for (const name of names)
    for (const dir of dirs)
      for (const ext of exts) {
        const p = join(dir, name + ext);
        if (executable(p)) return p;
      }
  return undefined;
}

/**
 * The browser's arguments: headless print without the browser's own header and footer, a throw-away
 * profile, and no network: every host resolves to nothing, no proxy, and the background services
 * (updates, sync, safe browsing, metrics, translation, field trials) are off.
 */
export function browserArgs(profile: string, pdf: string, url: string): string[] {
  const args = [
    "--headless",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header", // the same, as browsers before Chromium 111 spell it
    `--print-to-pdf=${pdf}`,
    `--user-data-dir=${profile}`,
    "--no-first-run",
    "--no-default-browser-check",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-field-trial-config",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions",
    "--mute-audio",
  ];
  // Chromium refuses to start as root with its sandbox (containers, CI); the page has no script anyway.
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  args.push(url);
  return args;
}

export interface PdfOptions {
  /** The browser to run (see findBrowser). */
  browser: string;
  /** Milliseconds before the browser is stopped (default 60 s). */
  timeoutMs?: number;
}

/**
 * A browser installed as a snap (Ubuntu's chromium) has a /tmp of its own and sees only the home folder:
 * its page and PDF go to a temporary folder there.
 */
function snapped(browser: string): boolean {
  if (process.platform !== "linux") return false;
  try {
    return browser.startsWith("/snap/") || realpathSync(browser) === "/usr/bin/snap";
  } catch {
    return false;
  }
}

/** Prints HTML to PDF with the browser; the temporary folder is removed whatever happens. */
export async function printPdf(html: string, opts: PdfOptions): Promise<Buffer> {
  const tmp = mkdtempSync(join(snapped(opts.browser) ? homedir() : tmpdir(), "isms-pdf-"));
  try {
    const page = join(tmp, "report.html");
    const out = join(tmp, "report.pdf");
    writeFileSync(page, html);
    const args = browserArgs(join(tmp, "profile"), out, pathToFileURL(page).href);
    const { code, stderr } = await run(opts.browser, args, opts.timeoutMs ?? 60_000);
    let pdf: Buffer | undefined;
    try {
      pdf = readFileSync(out);
    } catch {
      pdf = undefined;
    }
    if (!pdf?.subarray(0, 5).equals(Buffer.from("%PDF-")))
      throw new PdfError(
        `${opts.browser} wrote no PDF (${code === "timeout" ? "stopped after the timeout" : `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 500)}` : ""}`,
      );
    return pdf;
  } finally {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

function run(
  file: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | string; stderr: string }> {
  return new Promise((resolvePromise) => {
    let stderr = "";
    const child = spawn(file, args, {
      stdio: ["ignore", "ignore", "pipe"],
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    const stop = () => {
      try {
        // The browser's own helper processes are in its process group: stop them with it.
        if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        /* gone already */
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    child.stderr?.on("data", (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString("utf8");
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      resolvePromise({ code: (e as NodeJS.ErrnoException).code ?? e.message, stderr });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      stop(); // helpers left behind by the browser
      resolvePromise({ code: timedOut ? "timeout" : (code ?? signal ?? "?"), stderr });
    });
  });
}

/**
 * The PDF's creation and modification dates set to the report's as-of date (midnight UTC) in place, byte
 * for byte the same length so the cross-reference offsets hold: the same report and browser give the
 * same bytes (the browser stamps the clock, and nothing else varies).
 */
export function stampDates(pdf: Buffer, asOf: string): Buffer {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  if (!m) return pdf;
  const text = pdf.toString("latin1");
  const day = `${m[1]}${m[2]}${m[3]}000000`;
  const fixed = text.replace(
    /\/(CreationDate|ModDate) \(D:\d{14}([+-]\d{2}'\d{2}'|Z)?\)/g,
    (_all, key: string, zone: string | undefined) =>
      `/${key} (D:${day}${zone === undefined ? "" : zone === "Z" ? "Z" : "+00'00'"})`,
  );
  return fixed.length === text.length ? Buffer.from(fixed, "latin1") : pdf;
}

/** A report as PDF: its HTML (with the A4 print stylesheet and running footer) printed by the browser. */
export async function renderPdf(doc: Doc, opts: PdfOptions): Promise<Buffer> {
  return stampDates(await printPdf(renderHtml(doc), opts), doc.meta.asOf);
}
