import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free TCP port on loopback, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT` (with the password when one was set). */
  url: string;
  dir: string;
  readonly pid: number;
  /** Sends a signal to the server process (SIGSTOP/SIGCONT to pause, SIGKILL to crash). */
  signal(sig: NodeJS.Signals): void;
  /** Starts it again on the same port and directory after a stop or a kill. */
  restart(): Promise<void>;
  /** Stops the server by PID and removes its directory. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  password?: string;
  /** Extra `redis-server` arguments, e.g. `["--cluster-enabled", "yes"]`. */
  args?: string[];
  port?: number;
}

function launch(port: number, dir: string, options: StartRedisOptions): Promise<ChildProcess> {
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "no",
    "--protected-mode",
    "no",
    ...(options.password ? ["--requirepass", options.password] : []),
    ...(options.args ?? []),
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server on port ${port} did not start in 10 s:\n${out}`));
    }, 10_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(`cannot start redis-server (${error.message}); install it: apt-get install redis-server`),
      );
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/**
 * Starts a private redis-server on a free loopback port with a temporary directory. Tests own it:
 * never the Redis on 6379. Stop it with `stop()`.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "baton-redis-"));
  let child = await launch(port, dir, options);
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const waitExit = (c: ChildProcess) =>
    exited(c) ? Promise.resolve() : new Promise<void>((r) => c.once("exit", () => r()));
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    dir,
    get pid() {
      return child.pid!;
    },
    signal(sig) {
      child.kill(sig);
    },
    async restart() {
      if (!exited(child)) {
        child.kill("SIGKILL");
        await waitExit(child);
      }
      child = await launch(port, dir, options);
    },
    async stop() {
      if (!exited(child)) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        await waitExit(child);
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
