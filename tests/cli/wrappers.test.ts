// The CI wrappers, run here as far as they run offline: the GitHub Action's shell steps (inputs as the
// runner passes them, the local build standing in for `npx --yes isms@VERSION`), the GitLab template's
// script, the pre-commit hook's entry, and the Dockerfile (built when a docker daemon answers).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { cleanEnv, exampleCopy, fakeBin, ROOT, roleFile, tmp, TODAY, VERSION, writeTree } from "./helpers";

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  with?: Record<string, string>;
}
const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

/** The `${{ ... }}` expressions the action's steps use, as the runner fills them in. */
function expand(text: string, inputs: Record<string, string>, outputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    let m = /^inputs\.([\w-]+)$/.exec(expr);
    if (m) return inputs[m[1]];
    if (expr === "github.action_path") return ROOT;
    m = /^steps\.check\.outputs\.([\w-]+)$/.exec(expr);
    if (m) return outputs[m[1]] ?? "";
    throw new Error(`unexpected expression ${expr}`);
  });
}

/** Runs the action's shell steps in `dir` with the given inputs; the upload step is recorded, not run. */
function runAction(dir: string, given: Record<string, string>) {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default]),
  );
  const work = tmp("action");
  const files = {
    output: join(work, "output"),
    summary: join(work, "summary.md"),
    log: join(work, "npx.log"),
  };
  writeFileSync(files.output, "");
  const outputs: Record<string, string> = {};
  const bin = fakeBin();
  const steps: {
    name?: string;
    code: number | null;
    stdout: string;
    stderr: string;
    uploaded?: Step["with"];
  }[] = [];
  for (const step of action.runs.steps) {
    if (step.uses) {
      // `if: ${{ inputs.upload-sarif == 'true' && steps.check.outputs.sarif-file != '' }}`
      assert.equal(step.if, "${{ inputs.upload-sarif == 'true' && steps.check.outputs.sarif-file != '' }}");
      if (inputs["upload-sarif"] === "true" && outputs["sarif-file"] !== "")
        steps.push({
          name: step.uses,
          code: 0,
          stdout: "",
          stderr: "",
          uploaded: Object.fromEntries(
            Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(v, inputs, outputs)]),
          ),
        });
      continue;
    }
    assert.equal(step.shell, "bash");
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs, outputs)]),
    );
    // The script itself holds no expression: inputs reach it through the environment only.
    assert.doesNotMatch(step.run!, /\$\{\{/);
    const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step.run!], {
      cwd: dir,
      encoding: "utf8",
      env: cleanEnv({
        ...env,
        PATH: `${bin}:${process.env.PATH}`,
        GITHUB_ACTIONS: "true",
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: work,
        FAKE_NPX_LOG: files.log,
      }),
    });
    steps.push({ name: step.name, code: r.status, stdout: r.stdout, stderr: r.stderr });
    for (const line of readFileSync(files.output, "utf8").split("\n")) {
      const m = /^([\w-]+)=(.*)$/.exec(line);
      if (m) outputs[m[1]] = m[2];
    }
    if (r.status !== 0) break;
  }
  return { steps, outputs, files };
}

describe("action.yml", () => {
  test("a composite action with the documented inputs", () => {
    assert.equal(action.runs.using, "composite");
    assert.deepEqual(Object.keys(action.inputs).sort(), [
      "fail-on",
      "format",
      "max-warnings",
      "path",
      "sarif-file",
      "today",
      "upload-sarif",
      "version",
    ]);
    assert.ok(action.runs.steps.some((s) => s.uses === "github/codeql-action/upload-sarif@v3"));
  });

  test("defaults: annotations, the summary, the version of the action's release; the job fails on errors", () => {
    const dir = exampleCopy("action");
    const { steps, outputs, files } = runAction(dir, { today: TODAY });
    const [check, result] = steps;
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /^::error file=risks\/people-and-suppliers\.yaml,line=43,col=12,/m);
    assert.equal(readFileSync(files.log, "utf8"), `isms@${VERSION}\n`);
    assert.equal(outputs["exit-code"], "1");
    assert.equal(outputs["sarif-file"], "");
    assert.match(readFileSync(files.summary, "utf8"), /^## isms check\n\n\d+ problems \(7 errors/);
    assert.equal(result.code, 1, "the Result step fails the job");
    assert.ok(!existsSync(join(dir, "isms.sarif")));
  });

  test("upload-sarif, fail-on never, another format, a subfolder and a pinned version", () => {
    const repo = tmp("action-sub");
    const dir = exampleCopy("action-sub");
    spawnSync("mv", [dir, join(repo, "isms")]);
    spawnSync("git", ["init", "-q"], { cwd: repo });
    const run = runAction(repo, {
      path: "isms",
      today: TODAY,
      "upload-sarif": "true",
      "fail-on": "never",
      format: "text",
      version: VERSION,
    });
    const [check, upload, result] = run.steps;
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /^risks\/people-and-suppliers\.yaml:43:12 {2}error {2}unknown-role/m);
    assert.equal(run.outputs["exit-code"], "0");
    assert.equal(run.outputs["sarif-file"], "isms.sarif");
    const sarif = JSON.parse(readFileSync(join(repo, "isms.sarif"), "utf8"));
    assert.equal(
      sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "unknown-role").locations[0]
        .physicalLocation.artifactLocation.uri,
      "isms/risks/people-and-suppliers.yaml",
    );
    assert.deepEqual(upload.uploaded, { sarif_file: "isms.sarif", category: "isms" });
    // The summary is written with any format.
    assert.match(readFileSync(run.files.summary, "utf8"), /^## isms check/);
    assert.equal(result.code, 0);
  });

  test("max-warnings fails a check with warnings only", () => {
    const dir = writeTree(tmp("action-warn"), { "roles.yaml": roleFile("a") });
    const ok = runAction(dir, { today: TODAY });
    assert.equal(ok.outputs["exit-code"], "0");
    const strict = runAction(dir, { today: TODAY, "max-warnings": "0" });
    assert.equal(strict.outputs["exit-code"], "1");
    assert.equal(strict.steps.at(-1)!.code, 1);
  });
});

describe("ci/gitlab/isms.gitlab-ci.yml", () => {
  const template = parse(readFileSync(join(ROOT, "ci", "gitlab", "isms.gitlab-ci.yml"), "utf8")) as {
    variables: Record<string, string>;
    isms: { image: string; script: string[]; artifacts: { when: string; reports: Record<string, string> } };
  };

  test("its script writes the Code Quality and JUnit artefacts it declares, and fails on errors", () => {
    const dir = exampleCopy("gitlab");
    const job = template.isms;
    assert.equal(job.artifacts.when, "always");
    assert.match(job.image, /^node:\d+/);
    const env = cleanEnv({
      ...template.variables,
      ISMS_ARGS: `--today ${TODAY}`,
      PATH: `${fakeBin()}:${process.env.PATH}`,
    });
    let code: number | null = 0;
    for (const line of job.script) {
      const r = spawnSync("sh", ["-c", line], { cwd: dir, encoding: "utf8", env });
      code = r.status;
      assert.equal(r.stderr, "");
    }
    assert.equal(code, 1);
    const cq = JSON.parse(readFileSync(join(dir, job.artifacts.reports.codequality), "utf8"));
    assert.ok(
      cq.some(
        (i: { check_name: string; severity: string }) =>
          i.check_name === "unknown-role" && i.severity === "major",
      ),
    );
    assert.match(readFileSync(join(dir, job.artifacts.reports.junit), "utf8"), /^<\?xml/);
  });
});

describe(".pre-commit-hooks.yaml", () => {
  const [hook] = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as {
    id: string;
    entry: string;
    language: string;
    pass_filenames: boolean;
    files: string;
  }[];

  test("isms-check: node, no file names (rules are cross-file), run on YAML and .ismsignore", () => {
    assert.deepEqual(
      { id: hook.id, language: hook.language, pass_filenames: hook.pass_filenames },
      { id: "isms-check", language: "node", pass_filenames: false },
    );
    const files = new RegExp(hook.files);
    for (const f of ["risks.yaml", "sub/roles.yml", ".ismsignore", "isms/.ismsignore"])
      assert.ok(files.test(f), f);
    for (const f of ["README.md", "yaml.txt"]) assert.ok(!files.test(f), f);
  });

  test("its entry with the README's args checks the repository as pre-commit runs it", () => {
    const dir = exampleCopy("pre-commit");
    const run = (cwd: string) =>
      spawnSync("sh", ["-c", `${hook.entry} .`], {
        cwd,
        encoding: "utf8",
        env: cleanEnv({ PATH: `${fakeBin()}:${process.env.PATH}`, ISMS_TODAY: TODAY }),
      });
    const r = run(dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /unknown-role/);
    assert.equal(run(writeTree(tmp("pre-commit-ok"), { "roles.yaml": roleFile("a") })).status, 0);
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");

  test("node slim and git, a non-root user, safe.directory for /work, entrypoint isms", () => {
    assert.match(dockerfile, /^FROM node:\d+-[a-z]+-slim$/m);
    assert.match(dockerfile, /apt-get install -y --no-install-recommends git/);
    const user = /^USER (\S+)$/m.exec(dockerfile);
    assert.ok(user && user[1] !== "root" && user[1] !== "0");
    assert.ok(
      dockerfile.indexOf("USER ") < dockerfile.indexOf("safe.directory"),
      "set for the user isms runs as",
    );
    assert.match(dockerfile, /git config --global --add safe\.directory \/work/);
    assert.match(dockerfile, /^ENTRYPOINT \["isms"\]$/m);
    assert.match(dockerfile, /npm install --global --offline/);
  });

  test("docker build and run (when a docker daemon answers)", (t) => {
    const info = spawnSync("docker", ["info"], { encoding: "utf8", timeout: 20_000 });
    if (info.status !== 0) {
      t.skip(
        `docker is not available here (${(info.error?.message ?? info.stderr.trim().split("\n").at(-1)) || "no daemon"})`,
      );
      return;
    }
    const built = spawnSync("npm", ["run", "pack:cli"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
    const b = spawnSync("docker", ["build", "-t", "isms-test", "."], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 600_000,
    });
    assert.equal(b.status, 0, b.stderr);
    const dir = exampleCopy("docker");
    const r = spawnSync(
      "docker",
      ["run", "--rm", "-v", `${dir}:/work`, "isms-test", "check", ".", "--today", TODAY],
      {
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /unknown-role/);
  });
});
