import type { IncomingMessage, ServerResponse } from "node:http";
import type { LiveChange } from "@agent-baton/core";
import type { LiveHub } from "./live-hub.js";

/** A comment line this often keeps proxies and browsers from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/** A page that reads slower than this much queued output is dropped; it reconnects and starts afresh. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
/** How soon a browser reconnects after the stream ends. */
const RETRY_MS = 2_000;

/** The open event streams, so the server can end them when it stops. */
export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly hub: LiveHub) {}

  /**
   * Serves `GET /events`: server-sent events, a `snapshot` (the whole view, and the events since
   * the last one) first and after every change, comments in between, until the page goes.
   */
  serve(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      // nginx and friends would otherwise hold the stream back
      "x-accel-buffering": "no",
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.open.add(res);
    const send = (change: LiveChange) => {
      if (res.writableLength > MAX_QUEUED_BYTES) return res.end();
      res.write(`event: snapshot\ndata: ${JSON.stringify(change)}\n\n`);
    };
    const unsubscribe = this.hub.subscribe(send);
    const keepalive = setInterval(() => res.write(": keep-alive\n\n"), KEEPALIVE_MS);
    let ended = false;
    const done = () => {
      if (ended) return;
      ended = true;
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(res);
    };
    req.on("close", done);
    res.on("close", done);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every stream (the server is stopping). */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
