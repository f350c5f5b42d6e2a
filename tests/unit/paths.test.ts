// Paths that leave the workspace are never opened, stat-ed or read: not by the check, not by the walker,
// not for the ISMS as it stood at a commit. The file system calls of a whole check are recorded.
import assert from "node:assert/strict";
import fs, { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { ruleFixtureDir } from "../../scripts/generate";
import { diskPaths, treePaths, within } from "../../server/src/core/paths";
import { checkDir } from "./helpers";

/** Runs `f` while recording the paths that fs calls touch. */
function touched(f: () => void): string[] {
  const seen: string[] = [];
  const names = [
    "statSync",
    "lstatSync",
    "openSync",
    "readFileSync",
    "readdirSync",
    "realpathSync",
    "readlinkSync",
  ] as const;
  const fsx = fs as unknown as Record<string, (...a: unknown[]) => unknown>;
  const saved = names.map((n) => fsx[n]);
  names.forEach((n, i) => {
    fsx[n] = (...a: unknown[]) => {
      if (typeof a[0] === "string") seen.push(a[0]);
      return saved[i](...a);
    };
  });
  try {
    f();
  } finally {
    names.forEach((n, i) => (fsx[n] = saved[i]));
  }
  return seen;
}

describe("paths outside the workspace", () => {
  test("a whole check of the fixture touches nothing outside its folder", () => {
    const dir = join(ruleFixtureDir("path-outside-workspace"), "fail");
    const root = realpathSync(dir);
    let findings: ReturnType<typeof checkDir> = [];
    const paths = touched(() => (findings = checkDir(dir)));
    assert.ok(paths.length > 0);
    // realpath of a link inside the workspace names where it points: that is how it is refused.
    const outside = paths.filter((p) => !within(dir, p) && !within(root, p));
    assert.deepEqual(outside, []);
    assert.deepEqual(
      findings.filter((f) => f.code === "document-missing-file"),
      [],
    );
  });

  test("the working tree: form, climbing out, links out, links that stay in", () => {
    const base = mkdtempSync(join(tmpdir(), "isms-paths-"));
    const root = join(base, "isms");
    mkdirSync(join(root, "docs"), { recursive: true });
    writeFileSync(join(base, "secret.md"), "outside");
    writeFileSync(join(root, "docs", "in.md"), "inside");
    symlinkSync(join(base, "secret.md"), join(root, "docs", "out.md"));
    symlinkSync("in.md", join(root, "docs", "alias.md"));
    symlinkSync(base, join(root, "up"));
    const from = join(root, "documents.yaml");
    const r = diskPaths([root]);
    const check = (p: string) => {
      const c = r.check(from, p);
      return c.ok ? "ok" : c.problem;
    };
    assert.equal(check("docs/in.md"), "ok");
    assert.equal(check("docs/alias.md"), "ok");
    assert.equal(check("docs/missing.md"), "ok");
    assert.equal(check("docs/out.md"), "link");
    assert.equal(check("up/secret.md"), "link");
    assert.equal(check("../secret.md"), "outside");
    assert.equal(check("docs/../../secret.md"), "outside");
    assert.equal(check("/etc/passwd"), "absolute");
    assert.equal(check("C:\\Windows\\win.ini"), "absolute");
    assert.equal(check("\\\\server\\share\\x"), "absolute");
    assert.equal(check("~/x"), "home");
    // A file outside every workspace folder is judged against its own folder.
    assert.equal(diskPaths([join(base, "elsewhere")]).check(from, "../secret.md").ok, false);
    assert.equal(dirname(from), root);
  });

  test("a commit's tree: links are followed inside the tree and refused when they leave it", () => {
    const root = "/repo/isms";
    const files = new Set([`${root}/docs/in.md`]);
    const links = new Map([
      [`${root}/docs/alias.md`, "in.md"],
      [`${root}/docs/out.md`, "../../../etc/passwd"],
      [`${root}/abs`, "/etc"],
      [`${root}/loop`, "loop"],
    ]);
    const r = treePaths([root], files, links);
    const check = (p: string) => {
      const c = r.check(`${root}/documents.yaml`, p);
      return c.ok ? c.abs : c.problem;
    };
    assert.equal(check("docs/alias.md"), `${root}/docs/in.md`);
    assert.equal(check("docs/out.md"), "link");
    assert.equal(check("abs/passwd"), "link");
    assert.equal(check("loop/x"), "link");
    assert.equal(check("../x"), "outside");
    assert.ok(r.exists(`${root}/docs/in.md`));
    assert.ok(!r.exists(`${root}/docs/alias.md`));
  });
});
