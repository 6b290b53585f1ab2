import { type FSWatcher, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  type HistoryEvent,
  isRecordedProcessGone,
  NOTICE_TYPES,
  onTerminationSignals,
  processStartTime,
} from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { becomeDaemon, runningDaemon, startDaemon } from "../heartbeat-daemon.js";
import { HOOK_FILES, hookDir } from "../hooks/hook-dir.js";

/** How often the watcher looks at what no event announces: lapsed holds, reservations, Claude Code's process. */
const TICK_MS = 2_000;
/** After a backend error, how long before following events again. */
const RETRY_MS = 1_000;

const NOTICE = new Set<string>(NOTICE_TYPES);

/** Whether an event may have left this session a notice (a grant it waited for included). */
function mayNotify(event: HistoryEvent, sessionId: string): boolean {
  if (event.session !== sessionId) return false;
  return NOTICE.has(event.type) || (event.type === "lock.acquired" && event.waited_ms !== null);
}

/**
 * Starts the session's watcher unless one runs (`baton hook watch`, detached, its pid file in the
 * session's hook folder). The watcher is this package's own bin, whichever bin was called.
 */
export function ensureWatcher(ctx: Context, session: { pid: number | null } | null): void {
  const { coordinator, opts } = ctx;
  // Only for a session bound to a process (Claude Code's): nothing else would tell it when to stop,
  // and a watcher beating on its own would keep a gone session alive.
  if (!bound(ctx, session)) {
    abandonWatcher(ctx);
    return;
  }
  const dir = hookDir(coordinator.sessionId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = join(dir, HOOK_FILES.daemon);
  if (runningDaemon(pidFile)) return;
  const baton = createRequire(import.meta.url).resolve("@agent-baton/cli/bin/baton");
  const backend = opts.backend ? ["--backend", opts.backend] : [];
  const claude = opts.claudePid === undefined ? [] : ["--claude-pid", String(opts.claudePid)];
  startDaemon(pidFile, coordinator.sessionId, [
    process.execPath,
    baton,
    "hook",
    "watch",
    "--session",
    coordinator.sessionId,
    ...backend,
    ...claude,
  ]);
}

/**
 * Makes this process the session's watcher (recorded in its pid file) unless one runs, for a
 * process already detached from Claude Code; false when another watcher runs. Bound to no
 * process, a session gets none (see `ensureWatcher`).
 */
export function claimWatcher(ctx: Context, session: { pid: number | null } | null): boolean {
  const { coordinator } = ctx;
  if (!bound(ctx, session)) return false;
  const dir = hookDir(coordinator.sessionId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return becomeDaemon(join(dir, HOOK_FILES.daemon), coordinator.sessionId);
}

/** Whether the session goes with a process: the one it was registered from, or the one the hook named. */
const bound = (ctx: Context, session: { pid: number | null } | null) =>
  (session?.pid ?? null) !== null || ctx.opts.claudePid !== undefined;

/** Takes back the SessionStart line's word that a watcher is starting, when none will. */
export function abandonWatcher(ctx: Context): void {
  const dir = hookDir(ctx.coordinator.sessionId);
  if (!runningDaemon(join(dir, HOOK_FILES.daemon))) rmSync(join(dir, HOOK_FILES.starting), { force: true });
}

/**
 * The session's watcher: keeps a Claude Code session's hooks from starting Node when there is
 * nothing to do. It follows the history as it is recorded and leaves, in the session's hook folder,
 * `notices` when the session may have a notice and `reserved` while another live session holds a
 * reservation, which the hooks' sh gates read; it passes on the `state` the prompt and stop gates
 * write (a beat, or a pause), beats while active, reaps the session's lapsed holds so their notices
 * are raised, reports files its worktree and another live session's both changed (`overlap.found`,
 * a notice for each side), and ends the session when Claude Code's process is gone. It exits when
 * the session has ended, and removes the folder.
 */
export async function hookWatch(ctx: Context): Promise<number> {
  const { coordinator } = ctx;
  const me = coordinator.sessionId;
  const dir = hookDir(me);
  const path = (name: keyof typeof HOOK_FILES) => join(dir, HOOK_FILES[name]);
  const mark = (name: "notices" | "reserved", on: boolean) => {
    if (on) writeFileSync(path(name), "");
    else rmSync(path(name), { force: true });
  };
  const session = await coordinator.sessions.get();
  // the process the session is bound to: Claude Code's as registered, else the one the hook named
  const claude =
    session?.pid != null
      ? { pid: session.pid, start: session.pid_start }
      : ctx.opts.claudePid !== undefined
        ? { pid: ctx.opts.claudePid, start: processStartTime(ctx.opts.claudePid) }
        : null;
  if (!session) {
    rmSync(path("starting"), { force: true });
    return EXIT.ok;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const stop = new AbortController();
  onTerminationSignals(() => stop.abort());
  let wake: () => void = () => {};
  stop.signal.addEventListener("abort", () => wake());

  let reservationsDirty = true;
  const follow = async () => {
    while (!stop.signal.aborted) {
      try {
        await coordinator.followHistory(
          {},
          (event) => {
            if (mayNotify(event, me)) mark("notices", true);
            if (event.name === me && (event.type === "session.ended" || event.type === "session.found_dead"))
              stop.abort();
            if (event.type.startsWith("reservation.") || event.type.startsWith("session.")) {
              reservationsDirty = true;
              wake();
            }
          },
          stop.signal,
        );
      } catch {
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  };

  let state = "active";
  let stateDirty = false;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name === HOOK_FILES.state) {
        stateDirty = true;
        wake();
      }
    });
    watcher.on("error", () => {});
  } catch {
    // No watch on this file system: the tick still reads the state.
  }

  const following = follow();
  // Ready: from here the gates trust the folder.
  writeFileSync(path("watcher"), `${process.pid}\n`);
  rmSync(path("starting"), { force: true });
  const everyMs = (coordinator.config.heartbeatTtl * 1000) / 5;
  const overlapEveryMs = coordinator.config.overlapInterval * 1000;
  let lastBeat = Date.now();
  let lastTick = 0;
  let lastOverlaps = 0;
  try {
    while (!stop.signal.aborted) {
      // Claude Code gone: the session ends with it, or, the backend unreachable, is found dead by its process later
      if (claude && isRecordedProcessGone(claude.pid, claude.start)) {
        await coordinator.sessions.end(me, { reason: "Claude Code exited" }).catch(() => {});
        break;
      }
      try {
        if (stateDirty || Date.now() - lastTick >= TICK_MS) {
          stateDirty = false;
          const now = readState(path("state"));
          if (now !== state) {
            state = now;
            if (!(await coordinator.sessions.keepAlive(state === "paused"))) break;
            lastBeat = Date.now();
          } else if (state === "active" && Date.now() - lastBeat >= everyMs) {
            if (!(await coordinator.sessions.keepAlive(false))) break;
            lastBeat = Date.now();
          }
        }
        if (Date.now() - lastTick >= TICK_MS) {
          lastTick = Date.now();
          const record = await coordinator.sessions.get();
          if (!record) break;
          await coordinator.reapExpired();
          reservationsDirty = true;
          if (record.worktree && overlapEveryMs > 0 && Date.now() - lastOverlaps >= overlapEveryMs) {
            lastOverlaps = Date.now();
            // a worktree git cannot read now must not hold up the beats and marks below
            await coordinator.worktrees.reportOverlaps().catch(() => {});
          }
        }
        if (reservationsDirty) {
          reservationsDirty = false;
          const { reservations } = await coordinator.reservations.list({ all: true });
          mark(
            "reserved",
            reservations.some((r) => !r.mine),
          );
        }
      } catch {
        // The backend may come back; the next tick tries again.
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, TICK_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    stop.abort();
    watcher?.close();
    await following;
    rmSync(dir, { recursive: true, force: true });
  }
  return EXIT.ok;
}

/** What the gates last wrote: `paused` after a turn, else `active`. */
function readState(file: string): "active" | "paused" {
  try {
    return readFileSync(file, "utf8").trim() === "paused" ? "paused" : "active";
  } catch {
    return "active";
  }
}
