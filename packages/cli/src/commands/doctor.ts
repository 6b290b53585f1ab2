import { homedir } from "node:os";
import { findConfigFiles } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { currentInvocation } from "../hooks/hook-commands.js";
import { type HooksState, hooksState } from "../hooks/settings.js";
import { adviceLines } from "../original/advice.js";
import { findOriginalLeftovers } from "../original/leftovers.js";
import { readSettings, settingsFiles, stateLine } from "./hooks.js";

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

/** A settings file's hooks, or why it could not be read. */
async function hooksIn(path: string): Promise<HooksState | { error: string }> {
  try {
    return hooksState(await readSettings(path), currentInvocation(), path);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Config sources, backend reachability and the driver's own findings (a Redis database the server
 * lacks, a server without persistence), identity and its source, whether baton's hooks are
 * current, and what the original scripts left (lock, session and heartbeat files, hooks) with the
 * step that finishes the move. Exit 4 when the backend is down or the driver reports an error.
 */
export async function doctor(ctx: Context): Promise<number> {
  const { coordinator, identity, out } = ctx;
  const home = process.env.HOME ?? homedir();
  // Before the backend is asked: the file driver moves a record it cannot read (the original's) aside.
  const leftovers = await findOriginalLeftovers(coordinator.config.coordinationDir);
  const health = await coordinator.health();
  // Only a reachable backend is asked: an unreachable one would spend the time budget twice.
  const diagnostics = health.reachable ? ((await coordinator.driver.diagnose?.()) ?? []) : [];
  const files = settingsFiles({}, coordinator.cwd, home);
  const hooks = await Promise.all(files.map((f) => hooksIn(f.path)));
  const originalHooks = files.map((f, i) => ({
    settings: f.path,
    install: f.install,
    hooks: "error" in hooks[i]! ? [] : hooks[i]!.original,
  }));
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
    hooks: Object.fromEntries(files.map((f, i) => [f.path, hooks[i]!])),
    original: { ...leftovers, hooks: originalHooks.filter((h) => h.hooks.length) },
  };
  const advice = adviceLines(leftovers, originalHooks);
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
    ...hookLines(out, files, hooks),
    ...(advice.length
      ? advice.map((line) => `${mark.warn} ${line}`)
      : [ok(true, "nothing left of the original scripts (lock, session or heartbeat files, hooks)")]),
  ]);
  return health.reachable && diagnostics.every((d) => d.level !== "error") ? EXIT.ok : EXIT.backend;
}

/** One line per settings file; "none" everywhere is itself a finding. */
function hookLines(
  out: Context["out"],
  files: ReturnType<typeof settingsFiles>,
  hooks: Array<HooksState | { error: string }>,
): string[] {
  const lines = files.map((f, i) => {
    const h = hooks[i]!;
    return "error" in h ? `${out.red("✗")} hooks in ${f.path}: ${h.error}` : stateLine(out, f, h, false);
  });
  const anywhere = hooks.some((h) => !("error" in h) && h.entries.some((e) => e.state !== "missing"));
  return anywhere ? lines : [`${out.red("✗")} baton's hooks are not installed: run baton hooks install`];
}
