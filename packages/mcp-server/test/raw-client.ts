import { type Agent, request } from "node:http";

/** What a raw request got back: status, the JSON-RPC message (from JSON or an SSE `data:` line), headers. */
export interface RawReply {
  status: number;
  message: {
    result?: { isError?: boolean; structuredContent?: Record<string, unknown> };
    error?: { code: number; message: string };
  } | null;
  sessionId: string | undefined;
}

const PROTOCOL = "2025-06-18";

/**
 * A thin Streamable HTTP client on node:http keep-alive connections: one JSON-RPC request per POST
 * with the session header, no SDK. It costs the caller next to nothing, so what is measured is the server.
 */
export class RawMcpClient {
  sessionId: string | undefined;
  private nextId = 1;

  constructor(
    private readonly url: URL,
    private readonly agent: Agent,
  ) {}

  /** POSTs one JSON-RPC message and reads the whole reply. */
  post(body: object): Promise<RawReply> {
    const text = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "content-length": Buffer.byteLength(text),
      "mcp-protocol-version": PROTOCOL,
    };
    if (this.sessionId) headers["mcp-session-id"] = this.sessionId;
    return new Promise((resolve, reject) => {
      const req = request(this.url, { method: "POST", agent: this.agent, headers }, (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (data += chunk));
        res.on("end", () => {
          const json = res.headers["content-type"]?.includes("text/event-stream")
            ? /^data: (.*)$/m.exec(data)?.[1]
            : data;
          let message: RawReply["message"] = null;
          try {
            message = json ? JSON.parse(json) : null;
          } catch {
            message = null;
          }
          const header = res.headers["mcp-session-id"];
          resolve({
            status: res.statusCode ?? 0,
            message,
            sessionId: Array.isArray(header) ? header[0] : header,
          });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(text);
    });
  }

  /** `initialize` alone: the session is open from the server's side, and this client never closes it. */
  async initialize(): Promise<RawReply> {
    const reply = await this.post({
      jsonrpc: "2.0",
      id: this.nextId++,
      method: "initialize",
      params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    this.sessionId = reply.sessionId;
    return reply;
  }

  /** `initialize` then `notifications/initialized`: ready for tool calls. */
  async connect(): Promise<RawReply> {
    const reply = await this.initialize();
    if (reply.status === 200) await this.post({ jsonrpc: "2.0", method: "notifications/initialized" });
    return reply;
  }

  /** Calls a tool; `structured` is its structuredContent, `isError` whether it failed. */
  async callTool(name: string, args: Record<string, unknown>) {
    const reply = await this.post({
      jsonrpc: "2.0",
      id: this.nextId++,
      method: "tools/call",
      params: { name, arguments: args },
    });
    const result = reply.message?.result;
    return {
      status: reply.status,
      isError: result?.isError === true || reply.message?.error !== undefined,
      structured: result?.structuredContent,
    };
  }
}
