import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BatonError, Coordinator, coordinatorSource, type LiveSource } from "@agent-baton/core";
import type { Backend } from "../backend.js";
import { checkBearer, type GuardOptions } from "../http/guard.js";
import { readJsonBody } from "../http/read-body.js";
import { sendJson } from "../http/respond.js";
import type { Logger } from "../logger.js";
import { VERSION } from "../version.js";
import { EventStreams } from "./event-stream.js";
import { forceReleaseFromPage } from "./force-release.js";
import { LiveHub } from "./live-hub.js";
import { dashboardPage } from "./page-html.js";

export const EVENTS_PATH = "/events";
export const SNAPSHOT_PATH = "/api/snapshot";
export const FORCE_RELEASE_PATH = "/api/force-release";

export interface DashboardOptions {
  source: LiveSource;
  /** The server's guard: its token (when set) is required for the data and for any action. */
  guard: GuardOptions;
  logger: Logger;
  maxBodyBytes: number;
}

/** The session id the dashboard's Coordinator reads as (it never holds anything). */
const DASHBOARD_SESSION = "baton-mcp-dashboard";

/** What the dashboard shows: the server's backend, read through a Coordinator of its own. */
export function backendSource(backend: Backend): LiveSource {
  const { driver, config } = backend;
  return coordinatorSource(new Coordinator({ driver, config, sessionId: DASHBOARD_SESSION }), null);
}

/** Whether a `GET /` comes from a browser (it asks for HTML) rather than a health check. */
export function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(req.headers.accept ?? "");
}

/**
 * The dashboard's routes: the page at `/` (for a browser), its live data at `/events`, one
 * snapshot at `/api/snapshot`, and force-release at `/api/force-release` (only with a token).
 */
export class Dashboard {
  private readonly hub: LiveHub;
  private readonly streams: EventStreams;

  constructor(private readonly options: DashboardOptions) {
    this.hub = new LiveHub(options.source, options.logger);
    this.streams = new EventStreams(this.hub);
  }

  /** Serves the request when it is the dashboard's; false leaves it to the other routes. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === "/" && req.method === "GET" && wantsHtml(req)) {
      this.page(res);
      return true;
    }
    const allow = path === FORCE_RELEASE_PATH ? "POST" : "GET";
    if (path !== EVENTS_PATH && path !== SNAPSHOT_PATH && path !== FORCE_RELEASE_PATH) return false;
    if (req.method !== allow) {
      res.setHeader("allow", allow);
      sendJson(res, 405, { error: `Method ${req.method} not allowed on ${path}` });
      return true;
    }
    const unauthorized = checkBearer(req, this.options.guard);
    if (unauthorized) {
      res.setHeader("www-authenticate", 'Bearer realm="baton-mcp"');
      sendJson(res, unauthorized.status, { error: unauthorized.message });
      return true;
    }
    if (path === EVENTS_PATH) this.streams.serve(req, res);
    else if (path === SNAPSHOT_PATH) await this.snapshot(res);
    else await this.forceRelease(req, res);
    return true;
  }

  private page(res: ServerResponse): void {
    const nonce = randomBytes(16).toString("base64");
    const html = dashboardPage({
      nonce,
      tokenConfigured: Boolean(this.options.guard.token),
      version: VERSION,
    });
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(html),
      "cache-control": "no-store",
      "content-security-policy": [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        `style-src 'nonce-${nonce}'`,
        "connect-src 'self'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join("; "),
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    res.end(html);
  }

  private async snapshot(res: ServerResponse): Promise<void> {
    try {
      sendJson(res, 200, await this.hub.snapshot());
    } catch (error) {
      sendJson(res, 503, { error: (error as Error).message });
    }
  }

  private async forceRelease(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.options.guard.token) {
      sendJson(res, 403, {
        error: "the dashboard is read-only: start baton-mcp with BATON_MCP_TOKEN set to allow force-release",
      });
      return;
    }
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    if (body.kind !== "ok") {
      sendJson(res, body.kind === "too-large" ? 413 : 400, {
        error:
          body.kind === "too-large" ? `body exceeds ${body.limit} bytes` : `invalid JSON: ${body.message}`,
      });
      return;
    }
    try {
      const reply = await forceReleaseFromPage(this.options.source, req, body.value);
      this.options.logger.info(
        `${reply.by} force-released ${reply.lock_name}${reply.released ? "" : " (no such hold)"}`,
      );
      sendJson(
        res,
        200,
        reply.released ? reply : { ...reply, reason: "no such hold: released or granted again since" },
      );
    } catch (error) {
      const invalid = BatonError.isInstance(error) && error.code === "INVALID_INPUT";
      sendJson(res, invalid ? 400 : 503, { error: (error as Error).message });
    }
  }

  /** Ends every page's stream and stops following the backend. */
  async close(): Promise<void> {
    this.streams.closeAll();
    await this.hub.stop();
  }
}
