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
 * Wakes waiters when a name changes, on one subscriber connection per driver, opened when its
 * first waiter joins a line. A change publishes `[name]` on the channel of each session at the
 * head of the line that fits now (lua/includes/lock-state.lua): a driver whose sessions wait in
 * that line wakes only when one of them is told, so a release wakes the waiters it made room for
 * and no other process. A wait for a name none of the driver's sessions is in line for marks the
 * name watched and wakes on every `[name]` on the release channel.
 */
export class ChangeWatcher {
  private readonly watches = new Map<string, Watch>();
  private subscribed: Promise<void> | undefined;
  /** Sessions that want their wake channel, from their first wait in a line until they end. */
  private readonly wanted = new Set<string>();
  /** The subscriptions asked for on this connection, and those Redis confirmed. */
  private readonly sessionChannels = new Map<string, Promise<void>>();
  private readonly listening = new Set<string>();
  private closed = false;

  /**
   * @param markWatched marks a name as watched for `ms` (lua/watch-1.lua), so that a release
   *   publishes even with nobody in line: what a wait by a driver with no session in line needs.
   *   It answers 1 when the name was not watched before: a change may have gone unannounced.
   */
  constructor(
    private readonly connection: Connection,
    private readonly channel: string,
    /** Where a session at the head of a line is told (`{P}:wake:SESSION`). */
    private readonly sessionChannel: (sessionId: string) => string,
    private readonly markWatched: (name: string, ms: number) => Promise<number>,
  ) {
    const { client } = connection;
    const prefix = sessionChannel("");
    client.on("message", (channel: string, message: string) => {
      if (channel === this.channel) this.onMessage(message);
      else if (channel.startsWith(prefix)) this.onMessage(message, channel.slice(prefix.length));
    });
    let connectedBefore = false;
    client.on("ready", () => {
      // ioredis resubscribes the channels Redis had confirmed; a subscription still in flight
      // when the connection dropped failed with it, and is asked for again here.
      for (const sessionId of this.wanted)
        if (!this.listening.has(sessionId)) this.listen(sessionId).catch(() => {});
      // After a reconnect, changes may have been missed: every waiter looks again.
      if (connectedBefore) this.wakeAll();
      connectedBefore = true;
    });
    client.on("end", () => {
      this.subscribed = undefined;
      this.sessionChannels.clear();
      this.listening.clear();
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
    watch.missed = !this.listening.has(sessionId);
    this.wanted.add(sessionId);
    this.listen(sessionId).catch(() => {});
  }

  /** `sessionId` is no longer in the name's line (granted, or it left). */
  forget(name: string, sessionId: string): void {
    const watch = this.watches.get(name);
    watch?.sessions.delete(sessionId);
    if (watch?.sessions.size === 0 && watch.wakers.size === 0) this.watches.delete(name);
  }

  /**
   * The session ended: its wake channel is no longer listened on. A session keeps its channel
   * between waits (a holder that queues again must not subscribe again each time), so the
   * subscriptions of a long-lived driver end with their sessions.
   */
  leave(sessionId: string): void {
    if (!this.wanted.delete(sessionId)) return;
    this.sessionChannels.delete(sessionId);
    this.listening.delete(sessionId);
    this.connection.client.unsubscribe(this.sessionChannel(sessionId)).catch(() => {});
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
      })
      .catch((error: unknown) => {
        this.subscribed = undefined;
        throw error;
      });
    return this.subscribed;
  }

  /** Subscribes to the session's wake channel (and the release channel), once per connection. */
  private listen(sessionId: string): Promise<void> {
    let listened = this.sessionChannels.get(sessionId);
    if (!listened) {
      listened = this.subscribe()
        .then(() => this.connection.client.subscribe(this.sessionChannel(sessionId)))
        .then(() => {
          // unless the session ended meanwhile (`leave`)
          if (this.sessionChannels.get(sessionId) === listened) this.listening.add(sessionId);
        })
        .catch((error: unknown) => {
          this.sessionChannels.delete(sessionId);
          throw error;
        });
      this.sessionChannels.set(sessionId, listened);
    }
    return listened;
  }

  /** `told`: the session whose wake channel carried the message; none for the release channel. */
  private onMessage(message: string, told?: string): void {
    const [name] = JSON.parse(message) as [string];
    const watch = this.watches.get(name);
    if (!watch) return;
    if (watch.sessions.size > 0 ? told === undefined || !watch.sessions.has(told) : told !== undefined)
      return;
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
