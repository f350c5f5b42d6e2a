// The extension in a real VS Code (code-server, offline): its own tests inside the extension host, then
// the packaged .vsix installed and driven through the UI in headless Chromium, with screenshots.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { CACHE, install, startEditor, type Editor } from "./harness";

const ROOT = join(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "acme-isms");
const ARTIFACTS = join(ROOT, "tests", "artifacts", "e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SETTINGS = { "isms.today": "2026-11-29" };
let bin: string;
let browser: Browser;
const cleanup: (() => Promise<void> | void)[] = [];

before(async () => {
  bin = install();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  for (const f of cleanup.reverse()) await f();
  await browser?.close();
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "isms-ws-"));
  cpSync(EXAMPLE, dir, { recursive: true });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function editor(opts: Parameters<typeof startEditor>[1]): Promise<Editor> {
  const e = await startEditor(bin, opts);
  cleanup.push(() => e.stop());
  return e;
}

let vsixBuilt: string | undefined;
/** The .vsix as `npm run package` makes it (once per run). */
function vsixFile(): string {
  if (vsixBuilt) return vsixBuilt;
  const vsix = join(CACHE, "isms.vsix");
  const pack = spawnSync(
    "npx",
    ["vsce", "package", "--no-dependencies", "--no-rewrite-relative-links", "--out", vsix],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(pack.status, 0, pack.stderr);
  return (vsixBuilt = vsix);
}

async function newPage(): Promise<{ page: Page; console: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const console: string[] = [];
  page.on("console", (m) => console.push(`${m.type()}: ${m.text()}`));
  cleanup.push(() => page.close());
  return { page, console };
}

test("the extension's tests pass inside the real extension host", { timeout: 240_000 }, async () => {
  const suite = join(CACHE, "suite", "index.js");
  await build({
    entryPoints: [join(__dirname, "suite", "index.ts")],
    outfile: suite,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    logLevel: "warning",
  });
  const ws = workspace();
  const e = await editor({ settings: SETTINGS, flags: ["--vscode-option", "enable-smoke-test-driver"] });
  const { page } = await newPage();
  const log: string[] = [];
  let exit!: (code: number) => void;
  const exited = new Promise<number>((r) => (exit = r));
  await page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => {
    log.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  });
  await page.exposeFunction("codeAutomationExit", (code: number) => exit(code));
  const remote = (p: string) => `vscode-remote://127.0.0.1:${e.port}${p}`;
  const payload = [
    ["extensionDevelopmentPath", remote(ROOT)],
    ["extensionTestsPath", remote(suite)],
    ["skipWelcome", "true"],
  ];
  await page.goto(
    `${e.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited,
    new Promise<number>((r) => (timer = setTimeout(() => r(-1), 200_000))),
  ]);
  clearTimeout(timer);
  // ISMS_E2E_LOG=file keeps the extension host's console for a look at what happened.
  if (process.env.ISMS_E2E_LOG) writeFileSync(process.env.ISMS_E2E_LOG, log.join("\n"));
  const results = log.filter((l) => /^(not )?ok - /m.test(l));
  assert.equal(code, 0, `exit ${code}\n${log.join("\n")}`);
  assert.equal(results.filter((l) => l.startsWith("ok - ")).length, 14, results.join("\n"));
});

test(
  "the packaged .vsix in the UI: ISMS view, click to open, status, dashboard",
  { timeout: 240_000 },
  async () => {
    const vsix = vsixFile();
    const ws = workspace();
    const e = await editor({ settings: SETTINGS, before: (cli) => cli(["--install-extension", vsix]) });
    const { page, console } = await newPage();
    await page.goto(`${e.url}/?folder=${encodeURIComponent(ws)}`);
    await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });

    // The ISMS view: overdue items with owner and days, grouped by kind.
    await page.locator('.activitybar [aria-label^="ISMS"]').first().click();
    const payroll = page.locator(".monaco-list-row", { hasText: "SUP-PAYROLL" });
    // The view lists many groups: scroll it until the supplier's row is rendered.
    const overdueView = page.locator("#workbench\\.parts\\.sidebar .pane-body").first();
    await overdueView.waitFor({ timeout: 60_000 });
    await page.locator("#workbench\\.parts\\.sidebar .monaco-list-row").first().waitFor({ timeout: 60_000 });
    for (let i = 0; i < 60 && !(await payroll.isVisible()); i++) {
      await overdueView.hover();
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(250);
    }
    await payroll.waitFor({ timeout: 10_000 });
    assert.match(await payroll.innerText(), /hr-manager · overdue 172 days/);
    // The Open actions view: the action itself, its owner and how late it is.
    const open = page.locator(".monaco-list-row", { hasText: "Enrol contractors in the LMS" }).first();
    await open.waitFor({ timeout: 60_000 });
    assert.match(await open.innerText(), /hr-manager · overdue 29 days/);
    await page.screenshot({ path: join(ARTIFACTS, "views.png") });

    // A click opens the file at the entry.
    await payroll.click();
    await page.locator(".tab.active", { hasText: "suppliers.yaml" }).waitFor({ timeout: 30_000 });
    await page.locator("#status\\.editor\\.selection", { hasText: "Ln 80" }).waitFor({ timeout: 30_000 });

    // The language status item.
    const status = page.locator("#status\\.languageStatus");
    await status.hover();
    const hover = page.locator(".monaco-hover", { hasText: "ISMS:" });
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /ISMS: 11 overdue · 7 errors/);
    await page.keyboard.press("Escape");

    // The dashboard webview renders, with no CSP error.
    await page.keyboard.press("F1");
    await page.keyboard.type("ISMS: Show Dashboard");
    await page
      .locator(".quick-input-list .monaco-list-row", { hasText: "ISMS: Show Dashboard" })
      .first()
      .waitFor();
    await page.keyboard.press("Enter");
    const frame = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
    await frame.locator("h1", { hasText: "ISMS dashboard" }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator(".heat-cell").count(), 50);
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png") });
    assert.deepEqual(
      console.filter((m) => /Content Security Policy|Refused to/i.test(m)),
      [],
    );
    assert.ok(readFileSync(vsix).length > 0);
  },
);

test(
  "Restricted Mode (an untrusted folder): diagnostics show; writing a report is refused, saying why",
  { timeout: 240_000 },
  async () => {
    const vsix = vsixFile();
    const ws = workspace();
    const e = await editor({
      settings: SETTINGS,
      restricted: true,
      before: (cli) => cli(["--install-extension", vsix]),
    });
    const { page } = await newPage();
    await page.goto(`${e.url}/?folder=${encodeURIComponent(ws)}`);
    await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });
    // VS Code says the folder is in Restricted Mode (the banner), and the extension runs in it.
    await page
      .locator(".monaco-workbench", { hasText: "Restricted Mode" })
      .first()
      .waitFor({ timeout: 30_000 });

    // Diagnostics: a risk file opened, its finding in the Problems panel.
    await page.keyboard.press("Control+P");
    await page.keyboard.type("people-and-suppliers.yaml");
    await page
      .locator(".quick-input-list .monaco-list-row", { hasText: "people-and-suppliers.yaml" })
      .first()
      .waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "people-and-suppliers.yaml" }).waitFor({ timeout: 30_000 });
    await page.keyboard.press("Control+Shift+M");
    // The example has findings in many files: the filter brings this one into view. Typed into the
    // Problems filter itself: a key press sent while the panel opens can land in the editor instead.
    const filter = page.locator(".part.panel .viewpane-filter-container input").first();
    if (
      await filter.waitFor({ timeout: 15_000 }).then(
        () => true,
        () => false,
      )
    )
      await filter.fill("devops-lead");
    else {
      await page.keyboard.press("Control+F");
      await page.keyboard.type("devops-lead");
    }
    const problem = page.locator(".markers-panel .monaco-list-row", {
      hasText: "Unknown role 'devops-lead'",
    });
    await problem.first().waitFor({ timeout: 60_000 });
    assert.match(await problem.first().innerText(), /isms/);

    // Generate Report: refused with the reason, and nothing written.
    await page.keyboard.press("F1");
    await page.keyboard.type("ISMS: Generate Report");
    await page
      .locator(".quick-input-list .monaco-list-row", { hasText: "ISMS: Generate Report" })
      .first()
      .waitFor();
    await page.keyboard.press("Enter");
    const toast = page.locator(".notifications-toasts", { hasText: "Trust this folder to write reports" });
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /in Restricted Mode isms writes no files and reads no git history/);
    assert.match(await toast.innerText(), /Manage Workspace Trust/);
    await page.screenshot({ path: join(ARTIFACTS, "restricted.png") });
    assert.equal(existsSync(join(ws, "reports")), false, "no report written");
  },
);
