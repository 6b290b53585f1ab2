import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { Connections, OpenConnection } from "../connections.js";
import { INVALID_REQUEST, sendRpcError } from "../http/respond.js";
import { openCapped } from "./open-capped.js";
import type { CappedSession, SessionCap } from "./session-cap.js";

/** Comment frames keep idle streams open through proxies and tell us when a client is gone. */
const KEEPALIVE_MS = 25_000;

interface Entry extends CappedSession {
  transport: SSEServerTransport;
  open: OpenConnection;
  /** The connection its latest message came on: whose process is calling. */
  socket: Socket;
}

/** Legacy HTTP+SSE: GET `/sse` opens a stream (one session), POST `/messages?sessionId=` carries calls. */
export class SseSessions {
  private readonly sessions = new Map<string, Entry>();

  constructor(
    private readonly connections: Connections,
    private readonly cap: SessionCap,
    private readonly messagesPath: string,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  async open(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport(this.messagesPath, res);
    const id = transport.sessionId;
    // its stream is open for as long as the session lives, so the cap never evicts it
    const entry = { transport, socket: req.socket, active: 1, lastSeen: Date.now() } as Entry;
    entry.evict = (reason) => entry.open.close(reason).then(() => transport.close());
    const open = await openCapped(this.cap, this.connections, id, entry, res);
    if (!open) return;
    entry.open = open;
    this.sessions.set(id, entry);
    const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
    keepalive.unref();
    transport.onclose = () => {
      clearInterval(keepalive);
      this.sessions.delete(id);
      this.cap.release(entry);
      void entry.open.close("SSE stream closed");
    };
    await entry.open.server.connect(transport);
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
    entry.socket = req.socket;
    entry.lastSeen = Date.now();
    await entry.transport.handlePostMessage(req, res, body);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.sessions.values()];
    await Promise.all(entries.map((e) => e.transport.close().catch(() => undefined)));
  }
}
