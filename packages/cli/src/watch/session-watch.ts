import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Coordinator, type HistoryEvent, isRecordedProcessGone, NOTICE_TYPES } from "@agent-baton/core";
import { HOOK_FILES } from "../hooks/hook-dir.js";

/** How often a session is looked at for what no event announces: lapsed holds, reservations. */
export const TICK_MS = 2_000;

const NOTICE = new Set<string>(NOTICE_TYPES);

/** What the gates last wrote: `paused` after a turn, `ended` at SessionEnd, else `active`. */
type GateState = "active" | "paused" | "ended";

/** Claude Code's process, as the session's record or hook folder names it. */
export interface ClaudeProcess {
  pid: number;
  start: string | null;
}

/**
 * One Claude Code session as the hooks' watcher keeps it: in the session's hook folder it leaves
 * `notices` when the session may have a notice (and `reserved`, as the watcher finds it for all the
 * sessions of a backend at once), which the hooks' sh gates read; it passes on the `state` the prompt, stop and end
 * gates write (a beat, a pause, the end), beats while active, reaps the session's lapsed holds so
 * their notices are raised, reports files its worktree and another live session's both changed
 * (`overlap.found`, a notice for each side), and ends the session when Claude Code's process is
 * gone. Once `done`, the watcher drops it and its folder goes.
 */
export class SessionWatch {
  /** The session ended (or was found dead): nothing more to do for it. */
  done = false;
  private state: GateState = "active";
  private lastBeat = Date.now();
  private lastTick = 0;
  /** The first overlap check waits an interval: a session's first seconds are Claude Code's busiest. */
  private lastOverlaps = Date.now();

  /**
   * @param registration a new session's refresh with git's lookups, and when it is due: it
   *   waits out Claude Code's start-up (LOOKUPS_AFTER_MS), and until then only the session's end
   *   is looked for.
   */
  constructor(
    readonly coordinator: Coordinator,
    readonly dir: string,
    private readonly claude: ClaudeProcess,
    private registration: { at: number; refresh: () => Promise<object | null> } | null = null,
  ) {}

  get id(): string {
    return this.coordinator.sessionId;
  }

  /** An event of the session's backend, as it is recorded. */
  onEvent(event: HistoryEvent): void {
    if (mayNotify(event, this.id)) this.mark("notices", true);
    if (event.name === this.id && (event.type === "session.ended" || event.type === "session.found_dead"))
      this.done = true;
  }

  /** Whether there is work for `step` now: a state the gates wrote, or a tick due. */
  due(now: number): boolean {
    if (this.registration) return now >= this.registration.at || readState(this.file("state")) === "ended";
    return now - this.lastTick >= TICK_MS || readState(this.file("state")) !== this.state;
  }

  /** How long until a look is due with no event or gate to announce it: a tick, or the registration. */
  dueIn(now: number): number {
    // until registered, the ticks wait: what they look at is the registered session's
    return this.registration ? this.registration.at - now : this.lastTick + TICK_MS - now;
  }

  /** Whether another live session holds a reservation (`reserved`: the edit gate then checks). */
  markReserved(byOthers: boolean): void {
    this.mark("reserved", byOthers);
  }

  /** One look at the session; backend errors are left for the next look. */
  async step(now: number): Promise<void> {
    const { coordinator } = this;
    // Claude Code gone: the session ends with it, or, the backend unreachable, is found dead by its process later
    if (isRecordedProcessGone(this.claude.pid, this.claude.start)) {
      this.done = true;
      await coordinator.sessions.end(this.id, { reason: "Claude Code exited" }).catch(() => {});
      return;
    }
    try {
      const state = readState(this.file("state"));
      if (state === "ended") {
        this.done = true;
        await coordinator.sessions.end(this.id, { reason: "Claude Code ended the session" });
        return;
      }
      if (this.registration) {
        if (now < this.registration.at) return;
        const refreshed = await this.registration.refresh();
        this.registration = null;
        if (!refreshed) {
          // ended elsewhere before the lookups were recorded
          this.done = true;
          return;
        }
        this.lastBeat = now;
      }
      const heartbeatMs = (coordinator.config.heartbeatTtl * 1000) / 5;
      if (state !== this.state || (state === "active" && now - this.lastBeat >= heartbeatMs)) {
        this.state = state;
        this.lastBeat = now;
        if (!(await coordinator.sessions.keepAlive(state === "paused"))) this.done = true;
      }
      if (now - this.lastTick >= TICK_MS) {
        this.lastTick = now;
        if (!(await coordinator.sessions.get())) {
          this.done = true;
          return;
        }
        await coordinator.reapExpired();
        const overlapMs = coordinator.config.overlapInterval * 1000;
        if (overlapMs > 0 && now - this.lastOverlaps >= overlapMs) {
          this.lastOverlaps = now;
          // a worktree git cannot read now must not hold up the beats and marks
          await coordinator.worktrees.reportOverlaps().catch(() => {});
        }
      }
    } catch {
      // The backend may come back; the next look tries again.
    }
  }

  /** Removes the session's folder: its gates then start baton themselves. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private file(name: keyof typeof HOOK_FILES): string {
    return join(this.dir, HOOK_FILES[name]);
  }

  private mark(name: "notices" | "reserved", on: boolean): void {
    try {
      if (on) writeFileSync(this.file(name), "");
      else rmSync(this.file(name), { force: true });
    } catch {
      // the folder was removed: the session is on its way out
    }
  }
}

/** Whether an event may have left this session a notice (a grant it waited for included). */
function mayNotify(event: HistoryEvent, sessionId: string): boolean {
  if (event.session !== sessionId) return false;
  return NOTICE.has(event.type) || (event.type === "lock.acquired" && event.waited_ms !== null);
}

function readState(file: string): GateState {
  try {
    const text = readFileSync(file, "utf8").trim();
    return text === "paused" || text === "ended" ? text : "active";
  } catch {
    return "active";
  }
}
