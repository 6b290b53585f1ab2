import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Connections, OpenConnection } from "../connections.js";
import { INVALID_REQUEST, sendRpcError } from "../http/respond.js";

interface Entry {
  transport: StreamableHTTPServerTransport;
  open: OpenConnection;
  lastSeen: number;
  /** Open GET streams: a client listening for notifications is not idle. */
  streams: number;
  /** Whether it ever held a GET stream: such a client that drops it and does not return is gone. */
  listened: boolean;
}

export interface StreamableHttpTimeouts {
  /** A session with no request and no open stream for this long is closed. */
  idleMs: number;
  /** A client whose GET stream dropped (process gone, no DELETE) and that sends nothing for this long is closed. */
  streamGraceMs: number;
}

/** Stateful Streamable HTTP at `/mcp`: one MCP session (and one baton session) per `Mcp-Session-Id`. */
export class StreamableHttpSessions {
  private readonly sessions = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly connections: Connections,
    private readonly timeouts: StreamableHttpTimeouts,
  ) {
    const shortest = Math.min(timeouts.idleMs, timeouts.streamGraceMs);
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
      entry.lastSeen = Date.now();
      if (req.method === "GET") {
        entry.streams += 1;
        entry.listened = true;
        res.once("close", () => {
          entry.streams -= 1;
          entry.lastSeen = Date.now();
        });
      }
      await entry.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== "POST" || !isInitializeRequest(body)) {
      sendRpcError(res, 400, INVALID_REQUEST, "Bad Request: send initialize first, then Mcp-Session-Id");
      return;
    }
    await this.start(req, res, body);
  }

  private async start(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = randomUUID();
    const open = this.connections.create(`mcp-${id}`, { anchorPid: process.pid, ephemeral: true });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: (sid) => {
        this.sessions.set(sid, { transport, open, lastSeen: Date.now(), streams: 0, listened: false });
      },
    });
    transport.onclose = () => {
      this.sessions.delete(id);
      void open.close("HTTP session closed");
    };
    await open.server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (!this.sessions.has(id)) await open.close("HTTP session never initialized");
  }

  /** Closes sessions whose client is gone or idle; their baton sessions end. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, entry] of this.sessions) {
      if (entry.streams > 0) continue;
      const limit = entry.listened ? this.timeouts.streamGraceMs : this.timeouts.idleMs;
      if (now - entry.lastSeen > limit) {
        this.sessions.delete(id);
        await entry.open.close(
          entry.listened ? "HTTP client gone (stream dropped)" : "HTTP session idle timeout",
        );
        await entry.transport.close().catch(() => undefined);
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(entries.map((e) => e.transport.close().catch(() => undefined)));
  }
}
