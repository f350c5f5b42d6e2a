// Each HTML report opened in headless Chromium (Debian's chromium, driven by playwright-core): no console
// error, no network request, no script run; heat map counts read from the DOM; screenshots (light and
// dark) kept in tests/artifacts/reports/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { loadDirectory } from "../../server/src/core/files";
import { riskScores } from "../../server/src/core/risk";
import { REPORTS } from "../../server/src/reports/index";
import { cli, exampleCopy, ROOT } from "../reports/helpers";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "tests", "artifacts", "reports");
let browser: Browser;
let dir: string;
let out: string;

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM} (apt-get install chromium; .ci/run does it)`,
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  dir = exampleCopy();
  out = mkdtempSync(join(tmpdir(), "isms-html-"));
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

/** Opens a file and records everything that must not happen: console errors, requests, scripts, dialogs. */
async function open(path: string, colorScheme: "light" | "dark" = "light") {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (r.url() !== pathToFileURL(path).href) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(path).href);
  return { page, problems };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// The registers of every kind share one renderer: one of them stands for all.
for (const r of REPORTS.filter(
  (x) => x.id !== "changes" && (!x.id.startsWith("register-") || x.id === "register-assets"),
))
  test(`${r.id}.html renders with no error, request or script`, async () => {
    const file = join(out, `${r.id}.html`);
    const res = await cli(["report", r.id, dir, "--format", "html", "--out", file], dir);
    assert.equal(res.code, 0, res.stderr);
    for (const scheme of ["light", "dark"] as const) {
      const { page, problems } = await open(file, scheme);
      assert.deepEqual(problems, []);
      assert.equal(await page.locator("h1").innerText(), doc(r.id));
      assert.equal(await page.locator("script").count(), 0);
      await shot(page, `${r.id}-${scheme}`);
      await page.close();
    }
  });

const doc = (id: string) =>
  ({
    "risk-register": "Risk register",
    "treatment-plan": "Risk treatment plan",
    soa: "Statement of Applicability",
    roles: "Roles, responsibilities and authorities",
    context: "Context of the organisation and interested parties (clauses 4.1, 4.2)",
    obligations: "Legal, statutory, regulatory and contractual requirements",
    objectives: "Information security objectives and measurement (clauses 6.2, 9.1)",
    audits: "Internal audit programme and results",
    improvements: "Nonconformities and improvements",
    "management-review": "Management review (clause 9.3)",
    readiness: "Stage 1 readiness: mandatory documented information",
    exceptions: "Policy exceptions",
    suppliers: "Supplier assurance",
    continuity: "Business continuity: impact analysis, plans and tests",
    requests: "Assurance requests from clients and the answer library",
    "register-assets": "Register of assets",
    overdue: "Overdue and due soon",
  })[id] ?? `(no title written in this test for the report ${id})`;

test("the heat map cells carry the counts of the register", async () => {
  const file = join(out, "risk-register.html");
  if (!existsSync(file)) await cli(["report", "risk-register", dir, "--format", "html", "--out", file], dir);
  const { page } = await open(file);
  const cells = await page
    .locator(".heatmap")
    .first()
    .locator(".heat-cell")
    .evaluateAll((els) =>
      els.map((e) => [
        Number(e.getAttribute("data-likelihood")),
        Number(e.getAttribute("data-impact")),
        Number(e.getAttribute("data-count")),
      ]),
    );
  assert.equal(cells.length, 25);
  const ws = loadDirectory(dir);
  const expected = new Map<string, number>();
  for (const risk of ws.index.byKind.get("risk") ?? []) {
    const s = riskScores(risk, ws.index.settings);
    const key = `${s.likelihood},${s.impact}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  for (const [l, i, n] of cells) assert.equal(n, expected.get(`${l},${i}`) ?? 0, `cell ${l},${i}`);
  assert.equal(
    cells.reduce((sum, c) => sum + c[2], 0),
    42,
  );
  // The visible number in a cell is its count.
  const shown = await page
    .locator('.heatmap >> nth=0 >> .heat-cell[data-likelihood="3"][data-impact="4"] text')
    .textContent();
  assert.equal(shown, String(expected.get("3,4")));
  await page.close();
});

test("hostile text stays text in the browser: no image element, no script, no dialog", async () => {
  const evil = mkdtempSync(join(tmpdir(), "isms-evil-"));
  writeFileSync(join(evil, "isms.yaml"), "kind: isms\norganisation: Evil\n");
  writeFileSync(
    join(evil, "risks.yaml"),
    "kind: risks\nrisks:\n  - id: R-1\n    title: <img src=x onerror=alert(1)>\n    owner: iso\n    likelihood: 5\n    impact: 5\n    treatment: accept\n",
  );
  const file = join(out, "evil.html");
  await cli(["report", "risk-register", evil, "--format", "html", "--out", file], evil);
  const { page, problems } = await open(file);
  assert.deepEqual(problems, []);
  assert.equal(await page.locator("img").count(), 0);
  assert.ok((await page.locator("body").innerText()).includes("<img src=x onerror=alert(1)>"));
  await page.close();
  rmSync(evil, { recursive: true, force: true });
});
