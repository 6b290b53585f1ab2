import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { pytestLockName } from "./lock-name.js";

let root: string;
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    stdio: "ignore",
  });
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "pytest-lock-name-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it("names the lock after origin's repository, the same in two clones in differently named folders", async () => {
  for (const dir of ["one", "two"]) {
    mkdirSync(join(root, dir));
    git(join(root, dir), "init", "-q");
    git(join(root, dir), "remote", "add", "origin", "git@github.com:acme/api-server.git");
  }
  expect(await pytestLockName(join(root, "one"))).toBe("pytest-api-server");
  expect(await pytestLockName(join(root, "two"))).toBe("pytest-api-server");
});

it("without origin uses the main worktree's folder, the same from a linked worktree", async () => {
  const main = join(root, "billing");
  mkdirSync(main);
  git(main, "init", "-q");
  git(main, "commit", "-q", "--allow-empty", "-m", "x");
  git(main, "worktree", "add", "-q", join(root, "feature-x"));
  expect(await pytestLockName(main)).toBe("pytest-billing");
  expect(await pytestLockName(join(root, "feature-x"))).toBe("pytest-billing");
});

it("outside git uses the folder's name, with spaces and colons made safe for a lock name", async () => {
  const dir = join(root, "my proj:v2");
  mkdirSync(dir);
  expect(await pytestLockName(dir)).toBe("pytest-my-proj-v2");
});
