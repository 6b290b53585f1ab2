import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { findConfigFiles } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { installedHooks } from "../hooks/settings.js";
import { settingsPath } from "./hooks.js";

const CONFIG_ENV = [
  "COORDINATION_BACKEND",
  "COORDINATION_DIR",
  "REDIS_URL",
  "BATON_KEY_PREFIX",
  "DEFAULT_LOCK_TIMEOUT",
  "HEARTBEAT_TTL",
  "ACTIVE_THRESHOLD",
  "IDLE_THRESHOLD",
  "STALE_THRESHOLD",
  "ABANDONED_THRESHOLD",
  "BATON_SESSION_ID",
  "CLAUDE_SESSION_ID",
] as const;

function hooksIn(path: string): string[] | string {
  try {
    return installedHooks(existsSync(path) ? readFileSync(path, "utf8") : null, path);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Config sources, backend reachability and the driver's own findings (a Redis database the server
 * lacks, a server without persistence), identity and its source, hooks installed. Exit 4 when the
 * backend is down or the driver reports an error.
 */
export async function doctor(ctx: Context): Promise<number> {
  const { coordinator, identity, out } = ctx;
  const home = process.env.HOME ?? homedir();
  const health = await coordinator.health();
  // Only a reachable backend is asked: an unreachable one would spend the time budget twice.
  const diagnostics = health.reachable ? ((await coordinator.driver.diagnose?.()) ?? []) : [];
  const userSettings = settingsPath({}, coordinator.cwd, home);
  const projectSettings = settingsPath({ project: true }, coordinator.cwd, home);
  const report = {
    config: {
      files: findConfigFiles(coordinator.cwd, home),
      environment: Object.fromEntries(
        CONFIG_ENV.filter((n) => process.env[n]).map((n) => [
          n,
          n === "REDIS_URL" ? health.location : process.env[n],
        ]),
      ),
      backend: coordinator.config.backend,
    },
    health,
    diagnostics,
    identity: { session_id: identity.id, source: identity.source, anchor_pid: identity.anchorPid },
    hooks: { [userSettings]: hooksIn(userSettings), [projectSettings]: hooksIn(projectSettings) },
  };
  const ok = (good: boolean, s: string) => (good ? `${out.green("✓")} ${s}` : `${out.red("✗")} ${s}`);
  const mark = { ok: out.green("✓"), warn: out.yellow("!"), error: out.red("✗") };
  out.result(report, () => [
    ok(
      true,
      `config: ${report.config.files.length ? report.config.files.join(", ") : "no config files"}; env: ${Object.keys(report.config.environment).join(", ") || "none"}`,
    ),
    ok(
      health.reachable,
      `backend ${health.backend} at ${health.location}: ${health.reachable ? `reachable (${health.latency_ms} ms)` : health.error}`,
    ),
    ...diagnostics.map((d) => `${mark[d.level]} ${d.message}`),
    ok(true, `session ${identity.id} (from ${identity.source})`),
    ...Object.entries(report.hooks).map(([file, events]) =>
      ok(
        Array.isArray(events) && events.length === 4,
        `hooks in ${file}: ${Array.isArray(events) ? events.join(", ") || "none (run: baton hooks install)" : events}`,
      ),
    ),
  ]);
  return health.reachable && diagnostics.every((d) => d.level !== "error") ? EXIT.ok : EXIT.backend;
}
