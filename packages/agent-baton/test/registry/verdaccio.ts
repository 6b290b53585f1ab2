import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./run.js";

/** The newest verdaccio whose engines allow Node 20. */
const VERDACCIO_VERSION = "6.8.0";
const CACHE = join(homedir(), ".cache", "baton-verdaccio", VERDACCIO_VERSION);

export interface Registry {
  url: string;
  /** An npm userconfig pointing at this registry with a publish token. */
  npmrc: string;
  pid: number;
  stop(): Promise<void>;
}

/** Installs verdaccio once into ~/.cache/baton-verdaccio (this npm registry needs node-fetch pinned). */
export async function installVerdaccio(): Promise<string> {
  const bin = join(CACHE, "node_modules", "verdaccio", "bin", "verdaccio");
  if (existsSync(bin)) return bin;
  mkdirSync(join(CACHE, ".."), { recursive: true });
  const staging = mkdtempSync(`${CACHE}.installing-`);
  writeFileSync(
    join(staging, "package.json"),
    JSON.stringify({
      name: "baton-verdaccio",
      private: true,
      dependencies: { verdaccio: VERDACCIO_VERSION },
      overrides: { "node-fetch": "2.7.0" },
    }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: staging,
    env: process.env,
    timeoutMs: 300_000,
  });
  try {
    renameSync(staging, CACHE);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run installed it first
  }
  return bin;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts verdaccio on a free loopback port with storage in a temp folder: baton's packages are
 * served only from what is published to it, every other package is proxied from npm.
 */
export async function startRegistry(upstream: string): Promise<Registry> {
  const bin = await installVerdaccio();
  const dir = mkdtempSync(join(tmpdir(), "baton-registry-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const local = { access: "$all", publish: "$authenticated", unpublish: "$authenticated" };
  const config = [
    `storage: ${JSON.stringify(join(dir, "storage"))}`,
    `auth: { htpasswd: { file: ${JSON.stringify(join(dir, "htpasswd"))}, max_users: 10 } }`,
    `uplinks: { npmjs: { url: ${JSON.stringify(upstream)}, timeout: 60s } }`,
    "packages:",
    `  "@agent-baton/*": ${JSON.stringify(local)}`,
    `  "agent-baton": ${JSON.stringify(local)}`,
    `  "**": { access: $all, proxy: npmjs }`,
    "log: { type: stdout, format: pretty, level: warn }",
    "",
  ].join("\n");
  writeFileSync(join(dir, "config.yaml"), config);
  const child = spawn(
    process.execPath,
    [bin, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout?.on("data", (d) => {
    log += d;
  });
  child.stderr?.on("data", (d) => {
    log += d;
  });
  const stop = () => stopChild(child).then(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await waitUntilUp(url, child, () => log);
    const token = await addUser(url);
    const npmrc = join(dir, "npmrc");
    const host = url.replace(/^http:/, "");
    writeFileSync(
      npmrc,
      `registry=${url}\n${host}:_authToken=${token}\nfund=false\naudit=false\nupdate-notifier=false\n`,
    );
    return { url, npmrc, pid: child.pid as number, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}: ${log()}`);
    try {
      if ((await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`verdaccio did not answer on ${url} within 30 s: ${log()}`);
}

async function addUser(url: string): Promise<string> {
  const res = await fetch(`${url}-/user/org.couchdb.user:baton`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "baton", password: "baton-test-only", email: "baton@example.com" }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`verdaccio refused a test user: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Stops by PID: SIGTERM, then SIGKILL if it lingers. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid as number, "SIGTERM");
  const timer = setTimeout(
    () => child.exitCode === null && process.kill(child.pid as number, "SIGKILL"),
    5_000,
  );
  await exited;
  clearTimeout(timer);
}
