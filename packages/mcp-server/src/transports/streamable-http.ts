import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Connections, OpenConnection } from "../connections.js";
import { INVALID_REQUEST, sendRpcError } from "../http/respond.js";
import { openCapped } from "./open-capped.js";
import type { CappedSession, SessionCap } from "./session-cap.js";

interface Entry extends CappedSession {
  transport: StreamableHTTPServerTransport;
  open: OpenConnection;
  /** Open GET streams: a client listening for notifications is not idle. */
  streams: number;
  /** Whether it ever held a GET stream: such a client that drops it and does not return is gone. */
  listened: boolean;
  /** Whether it sent anything after the initialize handshake. */
  used: boolean;
  /** The connection its latest request came on: whose process is calling. */
  socket: Socket;
  closed: boolean;
}

export interface StreamableHttpTimeouts {
  /** A session with no request and no open stream for this long is closed. */
  idleMs: number;
  /** A client whose GET stream dropped (process gone, no DELETE) and that sends nothing for this long is closed. */
  streamGraceMs: number;
  /** A session that sent nothing after `initialize` for this long is closed. */
  unusedMs: number;
}

/** Whether a request body is only the handshake's `notifications/initialized`, which is not a use. */
const isHandshake = (body: unknown) =>
  (body as { method?: unknown } | null)?.method === "notifications/initialized";

/** Stateful Streamable HTTP at `/mcp`: one MCP session (and one baton session) per `Mcp-Session-Id`. */
export class StreamableHttpSessions {
  private readonly sessions = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly connections: Connections,
    private readonly cap: SessionCap,
    private readonly timeouts: StreamableHttpTimeouts,
  ) {
    const shortest = Math.min(timeouts.idleMs, timeouts.streamGraceMs, timeouts.unusedMs);
    this.sweeper = setInterval(() => void this.sweep(), Math.min(15_000, Math.max(500, shortest / 4)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const header = req.headers["mcp-session-id"];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId) {
      const entry = this.sessions.get(sessionId);
      if (!entry) {
        sendRpcError(res, 404, INVALID_REQUEST, "Session not found: start a new session with initialize");
        return;
      }
      entry.socket = req.socket;
      if (!entry.used && !isHandshake(body)) entry.used = true;
      if (req.method === "GET") {
        entry.streams += 1;
        entry.listened = true;
      }
      entry.active += 1;
      await this.serve(entry, req, res, body);
      return;
    }
    if (req.method !== "POST" || !isInitializeRequest(body)) {
      sendRpcError(res, 400, INVALID_REQUEST, "Bad Request: send initialize first, then Mcp-Session-Id");
      return;
    }
    await this.start(req, res, body);
  }

  /** Passes one request (already counted active) to the session's transport; it stays active until its response closes. */
  private async serve(entry: Entry, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    entry.lastSeen = Date.now();
    const stream = req.method === "GET";
    res.once("close", () => {
      entry.active -= 1;
      if (stream) entry.streams -= 1;
      entry.lastSeen = Date.now();
    });
    await entry.transport.handleRequest(req, res, body);
  }

  private async start(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = randomUUID();
    const entry = {
      // the initialize request itself: nobody evicts a session while it is being made
      active: 1,
      lastSeen: Date.now(),
      streams: 0,
      listened: false,
      used: false,
      socket: req.socket,
      closed: false,
      evict: (reason: string) => this.close(id, entry, reason),
    } as Entry;
    const open = await openCapped(this.cap, this.connections, id, entry, res);
    if (!open) return;
    entry.open = open;
    entry.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: (sid) => {
        this.sessions.set(sid, entry);
      },
    });
    entry.transport.onclose = () => void this.close(id, entry, "HTTP session closed");
    await entry.open.server.connect(entry.transport);
    await this.serve(entry, req, res, body);
    if (!this.sessions.has(id)) await this.close(id, entry, "HTTP session never initialized");
  }

  /** Forgets a session, gives back its place, ends its baton session and closes its transport. */
  private async close(id: string, entry: Entry, reason: string): Promise<void> {
    if (entry.closed) return;
    entry.closed = true;
    this.sessions.delete(id);
    this.cap.release(entry);
    await entry.open?.close(reason);
    await entry.transport?.close().catch(() => undefined);
  }

  /** Closes sessions whose client is gone, idle, or never used after initialize; their baton sessions end. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, entry] of this.sessions) {
      if (entry.active > 0) continue;
      const quiet = now - entry.lastSeen;
      if (!entry.used && quiet > this.timeouts.unusedMs) {
        await this.close(id, entry, "HTTP session unused since initialize");
      } else if (entry.listened ? quiet > this.timeouts.streamGraceMs : quiet > this.timeouts.idleMs) {
        await this.close(
          id,
          entry,
          entry.listened ? "HTTP client gone (stream dropped)" : "HTTP session idle timeout",
        );
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    for (const e of entries) this.cap.release(e);
    await Promise.all(entries.map((e) => e.transport.close().catch(() => undefined)));
  }
}
