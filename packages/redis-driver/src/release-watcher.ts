import type { Connection } from "./connection.js";

/**
 * Wakes waiters when a lock name is published on the release channel. One subscriber connection per
 * driver, opened on the first wait and shared by every waiter.
 */
export class ReleaseWatcher {
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscribed: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly connection: Connection,
    private readonly channel: string,
  ) {
    const { client } = connection;
    client.on("message", (channel: string, name: string) => {
      if (channel === this.channel) this.wake(name);
    });
    let connectedBefore = false;
    // After a reconnect, releases may have been missed: every waiter looks again.
    client.on("ready", () => {
      if (connectedBefore) this.wakeAll();
      connectedBefore = true;
    });
    client.on("end", () => {
      this.subscribed = undefined;
      this.wakeAll();
    });
  }

  /**
   * Resolves when `name` is published, after `timeoutMs`, or when `signal` aborts. Once subscribed,
   * `isFree` closes the gap between the caller's failed attempt and the subscription.
   */
  wait(name: string, timeoutMs: number, isFree: () => Promise<boolean>, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onWake);
        const set = this.waiters.get(name);
        set?.delete(onWake);
        if (set?.size === 0) this.waiters.delete(name);
        if (error) reject(error);
        else resolve();
      };
      const onWake = () => finish();
      if (signal?.aborted || this.closed) return finish();
      const timer = setTimeout(onWake, timeoutMs);
      signal?.addEventListener("abort", onWake, { once: true });
      const set = this.waiters.get(name) ?? new Set();
      this.waiters.set(name, set);
      set.add(onWake);
      this.subscribe()
        .then(async () => {
          if (!settled && (await isFree())) finish();
        })
        .catch(finish);
    });
  }

  close(): void {
    this.closed = true;
    this.wakeAll();
    this.connection.close();
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

  private wake(name: string): void {
    for (const waiter of [...(this.waiters.get(name) ?? [])]) waiter();
  }

  private wakeAll(): void {
    for (const name of [...this.waiters.keys()]) this.wake(name);
  }
}
