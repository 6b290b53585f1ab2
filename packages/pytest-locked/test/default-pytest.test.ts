import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { pythonRepo, realPython, runBin, type Sandbox, sandbox } from "./harness.js";

let sb: Sandbox;
afterEach(() => sb?.cleanup());

/** A PATH holding only the given programs (plus git, which repoName needs). */
function onlyOnPath(programs: Record<string, string | { script: string }>): string {
  const bin = join(sb.root, "bin");
  mkdirSync(bin, { recursive: true });
  symlinkSync("/usr/bin/git", join(bin, "git"));
  for (const [name, target] of Object.entries(programs)) {
    if (typeof target === "string") symlinkSync(target, join(bin, name));
    else {
      writeFileSync(join(bin, name), target.script);
      chmodSync(join(bin, name), 0o755);
    }
  }
  return bin;
}

it("without PYTEST_BIN runs `pytest` from PATH", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "onpath", { "test_x.py": "def test_x():\n    pass\n" }, 1) as [string];
  // a `pytest` command as pip or apt installs it: the tests' Python running its pytest module
  const PATH = onlyOnPath({ pytest: { script: `#!/bin/sh\nexec '${realPython()}' -m pytest "$@"\n` } });
  const run = runBin(["-q", "-p", "no:cacheprovider"], clone, { ...sb.env, PATH });
  expect(await run.done).toBe(0);
  expect(run.stdout()).toMatch(/1 passed/);
});

it("without pytest on PATH falls back to `python3 -m pytest`", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(
    sb,
    "fallback",
    { "test_x.py": "import sys\n\ndef test_x():\n    assert sys.argv\n" },
    1,
  ) as [string];
  const PATH = onlyOnPath({ python3: realPython() });
  const run = runBin(["-q", "-p", "no:cacheprovider"], clone, { ...sb.env, PATH });
  expect(await run.done).toBe(0);
  expect(run.stdout()).toMatch(/1 passed/);
});

it("when python3 has no pytest module says so in one line and exits 2 without running it", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "nomodule", { "test_x.py": "" }, 1) as [string];
  const ran = join(sb.root, "ran");
  // a python3 without pytest: fails the module probe, and would leave a mark if asked to run tests
  const PATH = onlyOnPath({ python3: { script: `#!/bin/sh\n[ "$1" = "-m" ] && touch ${ran}\nexit 1\n` } });
  const run = runBin([], clone, { ...sb.env, PATH });
  expect(await run.done).toBe(2);
  expect(run.stderr()).toMatch(
    /^pytest-locked: pytest is not installed: python3 has no pytest module; install pytest/,
  );
  expect(run.stderr().trim().split("\n")).toHaveLength(1);
  expect(existsSync(ran)).toBe(false);
});
