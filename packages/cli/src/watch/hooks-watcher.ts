import {
  existsSync,
  type FSWatcher,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import {
  BackendUnavailableError,
  Coordinator,
  type Driver,
  isRecordedProcessGone,
  loadConfig,
  onTerminationSignals,
  processStartTime,
} from "@agent-baton/core";
import { becomeDaemon, runningDaemon } from "../heartbeat-daemon.js";
import { HOOK_FILES, isFolderName, WATCHER_FILES } from "../hooks/hook-dir.js";
import { type HookInput, hookCwd } from "../hooks/hook-input.js";
import { loadDriver } from "../load-driver.js";
import { type ClaudeProcess, SessionWatch, TICK_MS } from "./session-watch.js";

/** After a backend error, how long before following its events again. */
const RETRY_MS = 1_000;

/**
 * How long after its SessionStart line a new session's worktree, repository and branch are looked
 * up. The session is registered at once without them; three git runs beside Claude Code's own
 * start-up, on the cores it is using, delayed the first prompt by about 45 ms (`pnpm bench
 * claude-hooks`), and a second later Claude Code is waiting for the model.
 */
const LOOKUPS_AFTER_MS = 1_000;

/** One backend the watched sessions use (sessions with the same config share it): its driver and its event feed. */
interface Backend {
  driver: Driver;
  sessions: Set<SessionWatch>;
  stop: AbortController;
  following: Promise<void>;
  /** A reservation or session event came since the reservations were last read. */
  reservationsDirty: boolean;
  lastReservations: number;
}

/** A session's folder as the SessionStart line left it, or as a watcher before this one kept it. */
interface Handover {
  id: string;
  dir: string;
  claude: ClaudeProcess;
  /** Taken before (the `claude` file): registered already, so it is only looked up. */
  retaken: boolean;
  /** When the SessionStart line left the folder (its `starting` file), in ms. */
  startedAt: number;
}

/**
 * The hooks' watcher: one process per user serving every Claude Code session, so that a session's
 * hooks start no Node when there is nothing to do (a Node start beside Claude Code's own costs a
 * prompt about 0.1 s on two busy cores). The SessionStart line leaves each new session's hook JSON,
 * config environment and Claude Code's pid in its folder; the watcher registers it, follows it
 * (`SessionWatch`) until it ends, and removes the folder. It leaves when no session has needed it
 * for `lingerMs`, when its root folder goes, or on SIGTERM; a watcher started later takes over the
 * folders it leaves.
 */
export class HooksWatcher {
  private readonly sessions = new Map<string, SessionWatch>();
  private readonly backends = new Map<string, Backend>();
  /** Folders that could not be taken, and when to try again. */
  private readonly refused = new Map<string, number>();
  private readonly stop = new AbortController();
  private wake: () => void = () => {};
  private scanDue = true;

  constructor(
    private readonly root: string,
    private readonly lingerMs: number,
  ) {}

  /** Serves until idle for `lingerMs`, or the root goes, or a termination signal. */
  async run(): Promise<void> {
    // Started from the first session's hook, it shares that Claude Code's process group and
    // terminal: the terminal closing or a Ctrl-C there must not take every session's watcher.
    onTerminationSignals((signal) => {
      if (signal === "SIGTERM") this.stop.abort();
    });
    this.stop.signal.addEventListener("abort", () => this.wake());
    const changes = this.watchRoot();
    let idleSince = Date.now();
    try {
      while (!this.stop.signal.aborted && existsSync(this.root)) {
        const now = Date.now();
        if (this.scanDue) await this.takeNew(now);
        for (const session of [...this.sessions.values()]) {
          if (!session.done && session.due(now)) await session.step(now);
          if (session.done) await this.drop(session);
        }
        for (const backend of this.backends.values()) await this.markReserved(backend, now);
        if (this.sessions.size > 0) idleSince = now;
        else if (now - idleSince >= this.lingerMs && !this.stayForNew()) break;
        await this.sleep();
      }
    } finally {
      changes?.close();
      this.stop.abort();
      this.release();
      for (const backend of this.backends.values()) await this.closeBackend(backend);
    }
  }

  /** Wakes the loop when a session's folder appears or a gate writes (no watch here: the ticks still see them). */
  private watchRoot(): FSWatcher | null {
    try {
      const changes = watch(this.root, { recursive: true, persistent: false }, (_event, name) => {
        const file = String(name ?? "");
        if (file.endsWith(HOOK_FILES.starting) || !file.includes("/")) this.scanDue = true;
        if (this.scanDue || file.endsWith(HOOK_FILES.state)) this.wake();
      });
      changes.on("error", () => {});
      return changes;
    } catch {
      return null;
    }
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const now = Date.now();
      const ms = Math.min(TICK_MS, ...[...this.sessions.values()].map((session) => session.dueIn(now)));
      const timer = setTimeout(
        () => {
          this.scanDue = true;
          resolve();
        },
        Math.max(0, ms),
      );
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Takes every folder left for a watcher. */
  private async takeNew(now: number): Promise<void> {
    this.scanDue = false;
    for (const handover of this.handovers()) {
      if ((this.refused.get(handover.id) ?? 0) > now) continue;
      try {
        await this.take(handover);
        this.refused.delete(handover.id);
      } catch (error) {
        // an unreachable backend may come back; anything else (a bad config) is for the hooks to report
        if (error instanceof BackendUnavailableError) this.refused.set(handover.id, now + TICK_MS);
        else rmSync(join(handover.dir, HOOK_FILES.starting), { force: true });
      }
    }
  }

  /** The folders of sessions waiting for a watcher: new ones, and those whose watcher is gone. */
  private handovers(): Handover[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return [];
    }
    const out: Handover[] = [];
    for (const id of names) {
      if (!isFolderName(id) || this.sessions.has(id)) continue;
      const dir = join(this.root, id);
      const starting = readPid(join(dir, HOOK_FILES.starting));
      const claude = starting ?? readPid(join(dir, HOOK_FILES.claude));
      if (claude === null || !existsSync(join(dir, HOOK_FILES.start))) continue;
      const watcher = readPid(join(dir, HOOK_FILES.watcher));
      if (
        starting === null &&
        watcher !== null &&
        watcher !== process.pid &&
        !isRecordedProcessGone(watcher, null)
      )
        continue;
      out.push({
        id,
        dir,
        claude: { pid: claude, start: processStartTime(claude) },
        retaken: starting === null,
        startedAt: modifiedAt(join(dir, HOOK_FILES.starting)),
      });
    }
    return out;
  }

  /** Registers a new session (or looks up a retaken one) and follows it. */
  private async take(handover: Handover): Promise<void> {
    const { id, dir, claude } = handover;
    // a session that never got its watcher and whose Claude Code is gone: nothing to register
    if (!handover.retaken && isRecordedProcessGone(claude.pid, claude.start)) {
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    const hook = JSON.parse(readFileSync(join(dir, HOOK_FILES.start), "utf8")) as HookInput;
    const env = readEnv(join(dir, HOOK_FILES.env));
    const cwd = hookCwd(hook) ?? env.HOME ?? this.root;
    const config = loadConfig({ cwd, env });
    const backend = await this.backendFor(JSON.stringify(config), () => loadDriver(config));
    const coordinator = new Coordinator({
      driver: backend.driver,
      config,
      sessionId: id,
      anchorPid: claude.pid,
      cwd,
    });
    const metadata = typeof hook.source === "string" ? { source: hook.source } : {};
    const session = new SessionWatch(
      coordinator,
      dir,
      claude,
      handover.retaken
        ? null
        : {
            at: handover.startedAt + LOOKUPS_AFTER_MS,
            refresh: () => coordinator.sessions.refresh(metadata),
          },
    );
    backend.sessions.add(session);
    this.sessions.set(id, session);
    try {
      if (!handover.retaken) await coordinator.sessions.register(metadata, { lookups: false });
      else if (!(await coordinator.sessions.get())) session.done = true;
    } catch (error) {
      this.sessions.delete(id);
      backend.sessions.delete(session);
      if (backend.sessions.size === 0) await this.closeBackend(backend);
      throw error;
    }
    // From here the gates trust the folder: the watcher's pid, and Claude Code's kept for a later watcher.
    writeFileSync(join(dir, HOOK_FILES.watcher), `${process.pid}\n`);
    if (!handover.retaken) renameSync(join(dir, HOOK_FILES.starting), join(dir, HOOK_FILES.claude));
  }

  private async backendFor(key: string, open: () => Promise<Driver>): Promise<Backend> {
    const known = this.backends.get(key);
    if (known) return known;
    const driver = await open();
    const stop = new AbortController();
    const backend: Backend = {
      driver,
      sessions: new Set(),
      stop,
      following: Promise.resolve(),
      reservationsDirty: true,
      lastReservations: 0,
    };
    backend.following = this.follow(backend);
    this.backends.set(key, backend);
    return backend;
  }

  /** Hands each event of the backend, as it is recorded, to the sessions on it. */
  private async follow(backend: Backend): Promise<void> {
    const { signal } = backend.stop;
    while (!signal.aborted) {
      try {
        await backend.driver.followEvents(
          {},
          (event) => {
            for (const session of backend.sessions) session.onEvent(event);
            if (event.type.startsWith("reservation.") || event.type.startsWith("session."))
              backend.reservationsDirty = true;
            this.wake();
          },
          signal,
        );
      } catch {
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  /**
   * Leaves `reserved` in the folder of each session on the backend while another live session
   * holds a reservation: read once for all of them, after a reservation or session event and at
   * each tick (a reservation lapses, a holder is found gone, with no event).
   */
  private async markReserved(backend: Backend, now: number): Promise<void> {
    const [any] = backend.sessions;
    if (!any || (!backend.reservationsDirty && now - backend.lastReservations < TICK_MS)) return;
    backend.reservationsDirty = false;
    backend.lastReservations = now;
    try {
      const { reservations } = await any.coordinator.reservations.list({ all: true });
      for (const session of backend.sessions)
        session.markReserved(reservations.some((r) => r.session_id !== session.id));
    } catch {
      backend.reservationsDirty = true;
    }
  }

  private async closeBackend(backend: Backend): Promise<void> {
    backend.stop.abort();
    await backend.following;
    for (const [key, b] of this.backends) if (b === backend) this.backends.delete(key);
    await backend.driver.close().catch(() => {});
  }

  private async drop(session: SessionWatch): Promise<void> {
    this.sessions.delete(session.id);
    session.remove();
    for (const backend of this.backends.values()) {
      if (backend.sessions.delete(session) && backend.sessions.size === 0) await this.closeBackend(backend);
    }
  }

  /**
   * Before leaving idle: gives up the pid files, then looks once more, so that a session whose
   * SessionStart line saw this watcher just before it left is not stranded; stays for one if no
   * other watcher took over.
   */
  private stayForNew(): boolean {
    this.release();
    if (this.handovers().length === 0 || !claim(this.root)) return false;
    this.scanDue = true;
    return true;
  }

  /** Removes the root's pid files if they still name this process. */
  private release(): void {
    const daemon = join(this.root, WATCHER_FILES.daemon);
    if (runningDaemon(daemon)?.pid === process.pid) rmSync(daemon, { force: true });
    const pid = join(this.root, WATCHER_FILES.pid);
    if (readPid(pid) === process.pid) rmSync(pid, { force: true });
  }
}

/** Makes this process the user's watcher unless another runs (it may have been started as one); false when another does. */
export function claim(root: string): boolean {
  const daemon = join(root, WATCHER_FILES.daemon);
  if (!becomeDaemon(daemon, "hooks") && runningDaemon(daemon)?.pid !== process.pid) return false;
  writeFileSync(join(root, WATCHER_FILES.pid), `${process.pid}\n`);
  return true;
}

/** A file's modification time in ms, or now when it is gone. */
function modifiedAt(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
}

export function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The `env` file: `NAME=value` entries each ended by a NUL, as the SessionStart line writes them. */
function readEnv(file: string): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {};
  }
  const env: NodeJS.ProcessEnv = {};
  for (const entry of text.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
