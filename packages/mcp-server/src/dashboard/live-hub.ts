import { type LiveChange, LiveFeed, type LiveSnapshot, type LiveSource } from "@agent-baton/core";
import type { Logger } from "../logger.js";

/**
 * One live feed shared by every open dashboard: it follows the backend while at least one page
 * listens and stops when the last one leaves.
 */
export class LiveHub {
  private feed: LiveFeed | null = null;
  private following: AbortController | null = null;
  private running: Promise<void> | null = null;
  private loaded: Promise<void> | null = null;
  private readonly listeners = new Set<(change: LiveChange) => void>();

  constructor(
    readonly source: LiveSource,
    private readonly logger: Logger,
  ) {}

  /** The view now: from the running feed, else from one read. */
  async snapshot(): Promise<LiveSnapshot> {
    if (this.feed && this.loaded) {
      await this.loaded;
      return this.feed.snapshot();
    }
    const once = new LiveFeed(this.source);
    await once.load();
    return once.snapshot();
  }

  /**
   * Calls `listener` with the view as soon as it is read, then after every change, until the
   * returned function is called.
   */
  subscribe(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    if (this.feed && this.loaded) {
      const feed = this.feed;
      void this.loaded.then(() => {
        if (this.listeners.has(listener)) listener({ snapshot: feed.snapshot(), events: [] });
      });
    } else {
      this.start();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  private start(): void {
    const feed = new LiveFeed(this.source);
    const following = new AbortController();
    let firstRead: () => void = () => undefined;
    this.loaded = new Promise((resolve) => {
      firstRead = resolve;
    });
    feed.onChange((change) => {
      firstRead();
      for (const listener of this.listeners) listener(change);
    });
    this.feed = feed;
    this.following = following;
    this.running = feed.run(following.signal).catch((error: Error) => {
      this.logger.error(`dashboard feed: ${error.stack ?? error.message}`);
    });
    this.logger.debug("dashboard: following the backend");
  }

  /** Stops following (the last page left, or the server stops). */
  async stop(): Promise<void> {
    const running = this.running;
    this.following?.abort();
    this.feed = null;
    this.following = null;
    this.running = null;
    this.loaded = null;
    await running;
  }
}
