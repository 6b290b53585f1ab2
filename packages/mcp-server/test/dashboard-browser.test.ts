import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { LIVE_POLL_MS } from "@agent-baton/core";
import { afterEach, describe, expect, it } from "vitest";
import { openBrowser } from "./browser.js";
import { removeDir, type SpawnedServer, serverEnv, spawnHttpServer, tempDir } from "./spawn-server.js";

const BATON = join(
  dirname(createRequire(import.meta.url).resolve("@agent-baton/cli/package.json")),
  "dist/bin/baton.js",
);
/** Test artifacts (the README's screenshot is copied from here). */
const ARTIFACTS = join(import.meta.dirname, "..", "..", "..", "artifacts");
const run = promisify(execFile);

/** A GET with a Host header fetch cannot forge. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      res.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the dashboard in chromium (spawned baton-mcp; locks from the baton CLI on the same directory)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const start = async (env: NodeJS.ProcessEnv = {}) => {
    const dir = tempDir();
    const server: SpawnedServer = await spawnHttpServer(dir, [], env);
    cleanups.push(
      () => removeDir(dir),
      () => server.stop(),
    );
    const baton = (...args: string[]) =>
      run(process.execPath, [BATON, ...args], { env: serverEnv(dir, env) });
    const background = (...args: string[]): ChildProcess => {
      const child = spawn(process.execPath, [BATON, ...args], { env: serverEnv(dir, env), stdio: "ignore" });
      cleanups.push(() => child.kill("SIGKILL"));
      return child;
    };
    const browser = await openBrowser();
    cleanups.push(browser.close);
    return { server, baton, background, browser };
  };

  it("loads with no console errors; a lock taken from the CLI shows without a reload, then its release and timeline bar", async () => {
    const { server, baton, background, browser } = await start();
    await baton("session", "start", "--session", "3f2a91c4-alice");
    await baton("session", "start", "--session", "77ab01d2-bob");
    await baton("claim", "42", "Fix auth", "--repo", "acme/api", "--session", "3f2a91c4-alice");
    await baton("lock", "acquire", "pytest-api", "--session", "77ab01d2-bob");
    await baton("lock", "release", "pytest-api", "--session", "77ab01d2-bob");

    const page = await browser.page();
    await page.goto(`${server.url}/#5m`);
    await page.waitForSelector("#status.ok");
    await page.waitForSelector("#sessions-body >> text=3f2a91");
    await page.evaluate(() => {
      (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });

    const asked = Date.now();
    await baton("lock", "acquire", "deploy", "--ttl", "600", "--session", "3f2a91c4-alice");
    await page.waitForSelector('[data-lock-row="resource:deploy"]', { timeout: LIVE_POLL_MS - 1000 });
    console.log(`dashboard: the lock showed ${Date.now() - asked} ms after the CLI was asked to take it`);
    background("lock", "acquire", "deploy", "--wait", "600", "--session", "77ab01d2-bob");
    await page.waitForSelector('[data-lock-row="resource:deploy"] .line-waiter >> text=77ab01');
    await page.waitForSelector('[data-timeline-row="resource:deploy"] .tl-bar.open');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });

    await baton("lock", "release", "deploy", "--session", "3f2a91c4-alice");
    await page.waitForSelector(
      '[data-timeline-row="resource:deploy"] .tl-bar:not(.open)[data-session="3f2a91c4-alice"]',
    );
    await page.waitForSelector('#events li[data-event="lock.released"]');
    // the waiter was next in line: it holds the lock now
    await page.waitForSelector(
      '[data-timeline-row="resource:deploy"] .tl-bar.open[data-session="77ab01d2-bob"]',
    );
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(
      true,
    );
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-after-release.png"), fullPage: true });
    expect(browser.errors).toEqual([]);

    const health = await fetch(`${server.url}/`, { headers: { accept: "application/json" } });
    expect(await health.json()).toMatchObject({ server: "baton-mcp", backend: "file", reachable: true });
  });

  it("with BATON_MCP_TOKEN: the page asks for it, and its force-release is an event naming dashboard:<who>", async () => {
    const { server, baton, browser } = await start({ BATON_MCP_TOKEN: "s3cret" });
    await baton("lock", "acquire", "deploy", "--session", "3f2a91c4-alice");
    const page = await browser.page();
    page.on("dialog", (dialog) => dialog.accept());
    await page.goto(server.url);
    await page.waitForSelector("#auth:not([hidden])");
    await page.fill("#token", "s3cret");
    await page.fill("#as", "ops");
    await page.click("#auth button");
    await page.click('button[data-lock="resource:deploy"]');
    await page.waitForSelector(
      '#events li[data-event="lock.force_released"] >> text=dashboard:ops@127.0.0.1',
    );
    await page.waitForSelector('[data-lock-row="resource:deploy"]', { state: "detached" });
    const check = await baton("lock", "check", "deploy", "--json").catch((e: { stdout: string }) => e);
    expect(JSON.parse(check.stdout)).toMatchObject({ available: true });
    expect(browser.errors).toEqual([]);
  });

  it("the Host/Origin checks cover the page and /events; a token guards /events and the API, not /health", async () => {
    const { server } = await start();
    const html = { accept: "text/html" };
    for (const path of ["/", "/events", "/api/snapshot"]) {
      expect(await rawGet(server.port, path, { ...html, host: "evil.example" })).toBe(403);
      expect(
        await rawGet(server.port, path, {
          ...html,
          host: `127.0.0.1:${server.port}`,
          origin: "http://evil.example",
        }),
      ).toBe(403);
      expect(await rawGet(server.port, path, { ...html, host: `localhost:${server.port}` })).toBe(200);
    }
    const dir = tempDir();
    const guarded = await spawnHttpServer(dir, ["--host", "0.0.0.0"], { BATON_MCP_TOKEN: "s3cret" });
    cleanups.push(
      () => removeDir(dir),
      () => guarded.stop(),
    );
    const port = guarded.port;
    expect(await rawGet(port, "/events", { host: `10.0.0.1:${port}` })).toBe(401);
    expect(
      await rawGet(port, "/api/snapshot", { host: `10.0.0.1:${port}`, authorization: "Bearer s3cret" }),
    ).toBe(200);
    expect(await rawGet(port, "/health", { host: `10.0.0.1:${port}` })).toBe(200);
  });
});
