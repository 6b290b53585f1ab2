import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError } from "@agent-baton/core";
import type { Connections } from "../connections.js";
import { backendSource, Dashboard } from "../dashboard/dashboard.js";
import { checkBearer, checkOrigin, type GuardOptions, isLoopbackHost } from "../http/guard.js";
import { healthReport } from "../http/health.js";
import { readJsonBody } from "../http/read-body.js";
import { INVALID_REQUEST, PARSE_ERROR, SERVER_ERROR, sendJson, sendRpcError } from "../http/respond.js";
import type { RunningTransport } from "./running-transport.js";
import { SessionCap } from "./session-cap.js";
import { SseSessions } from "./sse.js";
import { StreamableHttpSessions } from "./streamable-http.js";

export const MCP_PATH = "/mcp";
export const SSE_PATH = "/sse";
export const MESSAGES_PATH = "/messages";

export interface HttpOptions {
  host: string;
  port: number;
  token?: string;
  /** Extra exact origins allowed besides localhost with our port. */
  allowedOrigins?: string[];
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** A Streamable HTTP session unused this long is closed and its baton session ended. */
  idleTimeoutMs: number;
  /** A Streamable HTTP client whose notification stream dropped and that stays silent this long is gone. */
  streamGraceMs: number;
  /** A Streamable HTTP session that sends nothing after `initialize` for this long is closed. */
  unusedTimeoutMs: number;
  /** Most MCP sessions (Streamable HTTP and SSE together) open at once. */
  maxSessions: number;
}

/** The listening HTTP server: Streamable HTTP, legacy SSE and health on one port. */
export interface RunningHttp extends RunningTransport {
  port: number;
  url: string;
}

/**
 * Starts the HTTP transports. A non-loopback bind without a token is refused: anyone on the
 * network could otherwise take and break every lock.
 */
export async function startHttp(connections: Connections, options: HttpOptions): Promise<RunningHttp> {
  const { logger, inFlight } = connections.options;
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new ConfigError(
      `refusing to listen on ${options.host}: it is not a loopback address; set BATON_MCP_TOKEN to require a bearer token, or use --host 127.0.0.1`,
    );
  }
  const cap = new SessionCap(options.maxSessions);
  const streamable = new StreamableHttpSessions(connections, cap, {
    idleMs: options.idleTimeoutMs,
    streamGraceMs: options.streamGraceMs,
    unusedMs: options.unusedTimeoutMs,
  });
  const sse = new SseSessions(connections, cap, MESSAGES_PATH);
  const guard: GuardOptions = {
    host: options.host,
    port: options.port,
    token: options.token,
    allowedOrigins: options.allowedOrigins,
  };
  const dashboard = new Dashboard({
    source: backendSource(connections.options.backend),
    guard,
    logger,
    maxBodyBytes: options.maxBodyBytes,
  });

  let closing = false;
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (closing) {
      res.setHeader("connection", "close");
      return sendRpcError(res, 503, SERVER_ERROR, "Server is shutting down: reconnect when it is back");
    }
    const refused = checkOrigin(req, guard);
    if (refused) return sendRpcError(res, refused.status, SERVER_ERROR, refused.message);
    if (await dashboard.handle(req, res, url.pathname)) return;
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/health")) {
      const report = await healthReport(connections, {
        streamable: streamable.size,
        sse: sse.size,
        max: cap.max,
      });
      return sendJson(res, report.reachable ? 200 : 503, report);
    }
    const isMcp = url.pathname === MCP_PATH || url.pathname === SSE_PATH || url.pathname === MESSAGES_PATH;
    if (!isMcp) return sendJson(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    const unauthorized = checkBearer(req, guard);
    if (unauthorized) {
      res.setHeader("www-authenticate", 'Bearer realm="baton-mcp"');
      return sendRpcError(res, unauthorized.status, SERVER_ERROR, unauthorized.message);
    }
    if (url.pathname === SSE_PATH && req.method === "GET") return sse.open(req, res);
    let body: unknown;
    if (req.method === "POST") {
      const read = await readJsonBody(req, options.maxBodyBytes);
      if (read.kind === "too-large") {
        return sendRpcError(res, 413, INVALID_REQUEST, `Request body exceeds ${read.limit} bytes`);
      }
      if (read.kind === "invalid") return sendRpcError(res, 400, PARSE_ERROR, `Parse error: ${read.message}`);
      body = read.value;
    }
    if (url.pathname === MESSAGES_PATH && req.method === "POST") return sse.post(req, res, url, body);
    if (url.pathname === MCP_PATH) return streamable.handle(req, res, body);
    res.setHeader("allow", url.pathname === SSE_PATH ? "GET" : "POST");
    return sendRpcError(res, 405, INVALID_REQUEST, `Method ${req.method} not allowed on ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: Error) => {
      logger.error(`${req.method} ${req.url}: ${error.stack ?? error.message}`);
      sendRpcError(res, 500, SERVER_ERROR, `Internal error: ${error.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard.port = port;
  const host =
    options.host.includes(":") && !options.host.startsWith("[") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  return {
    description: url,
    port,
    url,
    closed: new Promise<void>(() => undefined),
    async stop(reason) {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await inFlight.drained();
      await connections.closeAll(reason);
      await Promise.all([streamable.closeAll(), sse.closeAll(), dashboard.close()]);
      server.closeAllConnections();
      await stopped;
    },
  };
}
