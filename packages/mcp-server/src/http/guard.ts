import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** Whether a bind address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface GuardOptions {
  /** The address the server is bound to. */
  host: string;
  port: number;
  /** When set, every MCP request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra exact origins a browser page may call from, e.g. `http://localhost:6274` (BATON_MCP_ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
}

/** Why a request was refused, as an HTTP status and a one-line message; null when it may pass. */
export type Refusal = { status: number; message: string } | null;

/**
 * Checks Host and Origin against DNS rebinding: on a loopback bind only localhost names with our
 * port are accepted, so a web page whose name resolves to 127.0.0.1 cannot reach us.
 */
export function checkOrigin(req: IncomingMessage, options: GuardOptions): Refusal {
  if (!isLoopbackHost(options.host)) return null;
  const allowed = LOOPBACK_NAMES.map((n) => `${n}:${options.port}`);
  const host = (req.headers.host ?? "").toLowerCase();
  if (!allowed.includes(host)) {
    return {
      status: 403,
      message: `Forbidden: Host ${JSON.stringify(host)} is not this server (${allowed[1]})`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      return { status: 403, message: `Forbidden: Origin ${JSON.stringify(origin)} is not a URL` };
    }
    if (!allowed.includes(originHost) && !options.allowedOrigins?.includes(origin.toLowerCase())) {
      return { status: 403, message: `Forbidden: Origin ${JSON.stringify(origin)} may not call this server` };
    }
  } else if (origin === "null") {
    return { status: 403, message: "Forbidden: an opaque Origin may not call this server" };
  }
  return null;
}

/** Checks `Authorization: Bearer <token>` when a token is configured, in constant time. */
export function checkBearer(req: IncomingMessage, options: GuardOptions): Refusal {
  if (!options.token) return null;
  const header = req.headers.authorization ?? "";
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (given !== "" && timingSafeEqual(digest(given), digest(options.token))) return null;
  return { status: 401, message: "Unauthorized: send Authorization: Bearer <BATON_MCP_TOKEN>" };
}
