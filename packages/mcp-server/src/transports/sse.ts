import type { IncomingMessage, ServerResponse } from "node:http";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { Connections, OpenConnection } from "../connections.js";
import { INVALID_REQUEST, sendRpcError } from "../http/respond.js";

/** Comment frames keep idle streams open through proxies and tell us when a client is gone. */
const KEEPALIVE_MS = 25_000;

interface Entry {
  transport: SSEServerTransport;
  open: OpenConnection;
}

/** Legacy HTTP+SSE: GET `/sse` opens a stream (one session), POST `/messages?sessionId=` carries calls. */
export class SseSessions {
  private readonly sessions = new Map<string, Entry>();

  constructor(
    private readonly connections: Connections,
    private readonly messagesPath: string,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  async open(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport(this.messagesPath, res);
    const id = transport.sessionId;
    const open = this.connections.create(`mcp-${id}`, { anchorPid: process.pid, ephemeral: true });
    this.sessions.set(id, { transport, open });
    const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
    keepalive.unref();
    transport.onclose = () => {
      clearInterval(keepalive);
      this.sessions.delete(id);
      void open.close("SSE stream closed");
    };
    await open.server.connect(transport);
  }

  async post(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): Promise<void> {
    const id = url.searchParams.get("sessionId") ?? "";
    const entry = this.sessions.get(id);
    if (!entry) {
      sendRpcError(
        res,
        404,
        INVALID_REQUEST,
        "Session not found: open GET /sse first and post to its endpoint",
      );
      return;
    }
    await entry.transport.handlePostMessage(req, res, body);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.sessions.values()];
    await Promise.all(entries.map((e) => e.transport.close().catch(() => undefined)));
  }
}
