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
}

/** Stateful Streamable HTTP at `/mcp`: one MCP session (and one baton session) per `Mcp-Session-Id`. */
export class StreamableHttpSessions {
  private readonly sessions = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly connections: Connections,
    private readonly idleTimeoutMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(1_000, idleTimeoutMs / 4)));
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
        this.sessions.set(sid, { transport, open, lastSeen: Date.now(), streams: 0 });
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

  /** Closes sessions nobody has used for the idle timeout; their baton sessions end. */
  private async sweep(): Promise<void> {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const [id, entry] of this.sessions) {
      if (entry.streams === 0 && entry.lastSeen < cutoff) {
        this.sessions.delete(id);
        await entry.open.close("HTTP session idle timeout");
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
