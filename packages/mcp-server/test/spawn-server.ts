import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const BIN = resolve(import.meta.dirname, "../dist/bin/baton-mcp.js");

/** A fresh coordination directory for one test. */
export function tempDir(prefix = "baton-mcp-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  port: number;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The environment a spawned bin gets: no inherited identity or backend, our own directory. */
export function serverEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COORDINATION_DIR: dir,
    HOME: dir,
    COORDINATION_BACKEND: "file",
  };
  for (const name of ["CLAUDE_SESSION_ID", "CLAUDE_CODE_SESSION_ID", "BATON_SESSION_ID", "BATON_MCP_TOKEN"]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** Spawns the built bin serving HTTP on a free port; resolves once it says where it listens. */
export function spawnHttpServer(
  dir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [BIN, "--port", "0", ...args], {
    env: serverEnv(dir, env),
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/\S+:(\d+))/.exec(err);
      if (match) {
        resolvePromise({
          child,
          url: match[1]!,
          port: Number(match[2]),
          stderr: () => err,
          stop: async (signal = "SIGTERM") => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`baton-mcp exited ${code} before listening: ${err}`)));
  });
}

/** Runs the bin to completion and returns its exit code and output. */
export function runBin(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((r) => child.once("exit", (code) => r({ code, stdout, stderr })));
}
