import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

let parent: string | undefined;

// Registered while each test file is collected: its directories go when its tests are done (some
// hold tens of thousands of files).
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
  parent = undefined;
}, 120_000);

/** A fresh directory for one test, removed with the test file's others when they are done. */
export function tempDir(label: string): string {
  parent ??= mkdtempSync(join(tmpdir(), "baton-file-test-"));
  return mkdtempSync(join(parent, `${label}-`));
}

export const workerPath = (name: string) => join(import.meta.dirname, "workers", name);

/** Runs a worker script to completion; its stdout, or a rejection with its stderr. */
export function runWorker(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerPath(script), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`)),
    );
  });
}
