import type { Connection } from "./connection.js";

/** What the driver knows of one name's waits in this process. */
interface Watch {
  /** Sessions of this driver that asked for the name with a lease and were not granted yet. */
  sessions: Set<string>;
  /** Something this driver's sessions care about changed while nobody here was waiting. */
  missed: boolean;
  /** The pending waitForChange calls. */
  wakers: Set<() => void>;
}

/**
 * Wakes waiters when a name's change is published on the release channel, on one subscriber
 * connection per driver, opened when its first waiter joins a line. A message is `[name]`, or
 * `[name, session]` when that session heads the line and fits beside the holds
 * (lua/includes/lock-state.lua): a driver whose sessions wait in that line wakes only for its
 * own head, so a release wakes one waiter instead of the whole line; a wait for a name none of
 * the driver's sessions is in line for marks the name watched and wakes on every message.
 */
export class ChangeWatcher {
  private readonly watches = new Map<string, Watch>();
  private subscribed: Promise<void> | undefined;
  private ready = false;
  private closed = false;

  /**
   * @param markWatched marks a name as watched for `ms` (lua/watch-1.lua), so that a release
   *   publishes even with nobody in line: what a wait by a driver with no session in line needs.
   *   It answers 1 when the name was not watched before: a change may have gone unannounced.
   */
  constructor(
    private readonly connection: Connection,
    private readonly channel: string,
    private readonly markWatched: (name: string, ms: number) => Promise<number>,
  ) {
    const { client } = connection;
    client.on("message", (channel: string, message: string) => {
      if (channel === this.channel) this.onMessage(message);
    });
    let connectedBefore = false;
    // After a reconnect, changes may have been missed: every waiter looks again.
    client.on("ready", () => {
      if (connectedBefore) this.wakeAll();
      connectedBefore = true;
    });
    client.on("end", () => {
      this.subscribed = undefined;
      this.ready = false;
      this.wakeAll();
    });
  }

  /**
   * Called before `sessionId` asks for `name` with a lease: from then on a change for it that
   * arrives before the caller waits is kept, so the wait returns at once. Subscribes on first use.
   */
  expect(name: string, sessionId: string): void {
    const watch = this.watch(name);
    watch.sessions.add(sessionId);
    // Until the subscription is up, a change may pass unseen: the first wait looks again.
    watch.missed = !this.ready;
    this.subscribe().catch(() => {});
  }

  /** `sessionId` is no longer in the name's line (granted, or it left). */
  forget(name: string, sessionId: string): void {
    const watch = this.watches.get(name);
    watch?.sessions.delete(sessionId);
    if (watch?.sessions.size === 0 && watch.wakers.size === 0) this.watches.delete(name);
  }

  /** Resolves when the name changes in a way this driver's waiters care about, after `timeoutMs`, or on abort. */
  wait(name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const watch = this.watch(name);
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onWake);
        watch.wakers.delete(onWake);
        if (watch.sessions.size === 0 && watch.wakers.size === 0) this.watches.delete(name);
        if (error) reject(error);
        else resolve();
      };
      const onWake = () => finish();
      const timer = setTimeout(onWake, timeoutMs);
      if (signal?.aborted || this.closed) return finish();
      signal?.addEventListener("abort", onWake, { once: true });
      watch.wakers.add(onWake);
      this.subscribe()
        .then(async () => {
          if (
            watch.sessions.size === 0 &&
            (await this.markWatched(name, Math.ceil(timeoutMs) + 1_000)) === 1
          ) {
            watch.missed = true;
          }
          if (!watch.missed) return;
          watch.missed = false;
          finish();
        })
        .catch(finish);
    });
  }

  close(): void {
    this.closed = true;
    this.wakeAll();
    this.connection.close();
  }

  private watch(name: string): Watch {
    let watch = this.watches.get(name);
    if (!watch) {
      watch = { sessions: new Set(), missed: false, wakers: new Set() };
      this.watches.set(name, watch);
    }
    return watch;
  }

  private subscribe(): Promise<void> {
    this.subscribed ??= this.connection
      .ready()
      .then(async () => {
        await this.connection.client.subscribe(this.channel);
        this.ready = true;
      })
      .catch((error: unknown) => {
        this.subscribed = undefined;
        throw error;
      });
    return this.subscribed;
  }

  private onMessage(message: string): void {
    const [name, head] = JSON.parse(message) as [string, string?];
    const watch = this.watches.get(name);
    if (!watch) return;
    if (watch.sessions.size > 0 && (head === undefined || !watch.sessions.has(head))) return;
    if (watch.wakers.size === 0) watch.missed = true;
    for (const wake of [...watch.wakers]) wake();
  }

  private wakeAll(): void {
    for (const watch of this.watches.values()) {
      watch.missed = true;
      for (const wake of [...watch.wakers]) wake();
    }
  }
}
