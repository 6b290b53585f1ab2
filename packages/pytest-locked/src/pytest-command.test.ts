import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findExecutable } from "./pytest-command.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "pytest-command-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A file at `dir/name` (under root), executable or not. */
function file(dir: string, name: string, executable: boolean): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

describe("findExecutable", () => {
  it("takes the first executable file of that name on PATH, as a shell does", () => {
    file("plain", "pytest", false);
    mkdirSync(join(root, "folder", "pytest"), { recursive: true });
    const first = file("first", "pytest", true);
    file("second", "pytest", true);
    const path = ["missing", "plain", "folder", "first", "second"].map((d) => join(root, d)).join(delimiter);
    expect(findExecutable("pytest", path, root)).toBe(first);
  });

  it("takes a name with a slash as a path from the run's directory, not from PATH", () => {
    const local = file("project/venv/bin", "pytest", true);
    const onPath = file("bin", "pytest", true);
    expect(findExecutable("venv/bin/pytest", join(root, "bin"), join(root, "project"))).toBe(local);
    expect(findExecutable(onPath, "", root)).toBe(onPath);
    expect(findExecutable("./pytest", join(root, "bin"), root)).toBeNull();
  });

  it("is null when nothing of that name can run", () => {
    file("bin", "pytest", false);
    expect(findExecutable("pytest", join(root, "bin"), root)).toBeNull();
    expect(findExecutable("pytest", join(root, "nowhere"), root)).toBeNull();
  });
});
