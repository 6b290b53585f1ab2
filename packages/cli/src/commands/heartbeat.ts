import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import {
  formatAge,
  NotFoundError,
  onTerminationSignals,
  type PageOptions,
  type SessionStatusEntry,
} from "@agent-baton/core";
import type { Context, GlobalOptions } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { pidFile, runningDaemon, startDaemon, stopDaemon } from "../heartbeat-daemon.js";
import { morePages } from "./more-pages.js";
import { sessionLines } from "./session-view.js";

export async function touch(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.sessions.heartbeat();
  out.result(
    result,
    () => `${out.green("beat")} ${result.session_id}${result.registered ? " (registered)" : ""}`,
  );
  return EXIT.ok;
}

async function mine(ctx: Context): Promise<SessionStatusEntry> {
  const me = await ctx.coordinator.sessions.entry();
  if (!me) {
    throw new NotFoundError(
      `session ${ctx.coordinator.sessionId} is not registered; start it with: baton session start`,
    );
  }
  return me;
}

/** Exit 0 while this session's heartbeat is fresh (active or idle), 1 when stale, abandoned, dead or unregistered. */
export async function check(ctx: Context): Promise<number> {
  const { out } = ctx;
  const me = await mine(ctx);
  const fresh = me.tier === "active" || me.tier === "idle";
  out.result(
    me,
    () =>
      `${fresh ? out.green(me.tier) : out.red(me.tier)}: ${me.session_id}, last beat ${formatAge(me.heartbeat_age_seconds * 1000)} ago`,
  );
  return fresh ? EXIT.ok : EXIT.refused;
}

/** Seconds since this session's last heartbeat. */
export async function age(ctx: Context): Promise<number> {
  const me = await mine(ctx);
  ctx.out.result(me, () => String(me.heartbeat_age_seconds));
  return EXIT.ok;
}

export async function list(ctx: Context, o: PageOptions = {}): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.sessions.status(o);
  out.result(result, () => [
    ...sessionLines(out, result),
    ...morePages(out, result, "baton heartbeat list", o),
  ]);
  return EXIT.ok;
}

/** Starts one background beater for this session; a second call reports the running one. */
export async function daemon(ctx: Context, opts: GlobalOptions): Promise<number> {
  const { coordinator, out } = ctx;
  const file = pidFile(coordinator.config.coordinationDir, coordinator.sessionId);
  const backend = opts.backend ? ["--backend", opts.backend] : [];
  // The daemon runs this package's own `baton` bin, whichever bin (a drop-in, the umbrella's) was called.
  const baton = createRequire(import.meta.url).resolve("@agent-baton/cli/bin/baton");
  const command = [
    process.execPath,
    baton,
    "heartbeat",
    "beat-loop",
    "--session",
    coordinator.sessionId,
    ...backend,
  ];
  await coordinator.sessions.heartbeat();
  const { record, started } = startDaemon(file, coordinator.sessionId, command);
  const every = coordinator.config.heartbeatTtl / 5;
  out.result(
    { running: true, started, pid: record.pid, session_id: record.session_id, pid_file: file },
    () =>
      started
        ? `${out.green("started")} heartbeat daemon for ${record.session_id} (pid ${record.pid}, every ${every}s)`
        : `heartbeat daemon for ${record.session_id} is already running (pid ${record.pid})`,
  );
  return EXIT.ok;
}

/** Stops this session's daemon and waits until it has exited. */
export async function stop(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const file = pidFile(coordinator.config.coordinationDir, coordinator.sessionId);
  const stopped = await stopDaemon(file);
  out.result(
    {
      running: false,
      stopped: stopped !== null,
      pid: stopped?.pid ?? null,
      session_id: coordinator.sessionId,
    },
    () =>
      stopped
        ? `${out.green("stopped")} heartbeat daemon for ${coordinator.sessionId} (pid ${stopped.pid})`
        : out.dim(`no heartbeat daemon running for ${coordinator.sessionId}`),
  );
  return EXIT.ok;
}

/** The daemon's body: beats every fifth of HEARTBEAT_TTL until stopped or until its session ends. */
export async function beatLoop(ctx: Context): Promise<number> {
  const { coordinator } = ctx;
  const file = pidFile(coordinator.config.coordinationDir, coordinator.sessionId);
  const everyMs = (coordinator.config.heartbeatTtl * 1000) / 5;
  let stopping = false;
  let wake: () => void = () => {};
  const onSignal = () => {
    stopping = true;
    wake();
  };
  // kept until the process exits, so no dependency's signal handler decides how the daemon stops
  onTerminationSignals(onSignal);
  await coordinator.sessions.heartbeat();
  while (!stopping) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, everyMs);
    });
    if (stopping) break;
    try {
      // An ended session stays ended: the daemon goes with it rather than registering it again.
      if (!(await coordinator.sessions.get())) break;
      await coordinator.sessions.heartbeat();
    } catch {
      // The backend may come back; the next beat tries again.
    }
  }
  if (runningDaemon(file)?.pid === process.pid) rmSync(file, { force: true });
  return EXIT.ok;
}
