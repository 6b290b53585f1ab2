import { BatonError, InvalidInputError, type Notice } from "@agent-baton/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ConnectionSession } from "./connection-session.js";
import type { InFlight } from "./in-flight.js";
import type { Logger } from "./logger.js";
import { takePendingNotices, withNoticeLines } from "./pending-notices.js";

/** What every tool needs: the connection's session, the in-flight counter, a logger. */
export interface ToolDeps {
  connection: ConnectionSession;
  inFlight: InFlight;
  logger: Logger;
}

/** How one call runs: the request's abort signal, and which notices its own result already tells. */
export interface RunOptions {
  /** Aborted when the client cancels: its result is never read, so its notices stay pending. */
  signal?: AbortSignal;
  /** Notices the result says already (a grant the call itself waited for): taken, not repeated. */
  told?: (data: Record<string, unknown>, notice: Notice) => boolean;
}

/** Core's field names for the tool argument that carries them. */
const ARGUMENT_OF: Record<string, string> = { ttl: "timeout_seconds", wait: "wait_seconds" };

/** A domain result: the same object as structuredContent and as compact JSON text (fewer bytes and tokens than indented). */
export function toolResult(data: object): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(data) }],
    structuredContent: data as Record<string, unknown>,
  };
}

/** The one place errors become `isError` results; bad input names the argument. */
export function toolError(error: unknown, logger: Logger): CallToolResult {
  let text: string;
  if (InvalidInputError.isInstance(error)) {
    text = `Invalid argument ${ARGUMENT_OF[error.field ?? ""] ?? error.field ?? "input"}: ${error.message}`;
  } else if (BatonError.isInstance(error)) {
    text = `${error.code}: ${error.message}`;
  } else {
    logger.error(`tool failed: ${(error as Error)?.stack ?? String(error)}`);
    text = `INTERNAL_ERROR: ${(error as Error)?.message ?? String(error)}`;
  }
  return { content: [{ type: "text", text }], isError: true };
}

/**
 * Runs a tool body as one in-flight call, turning any error into an `isError` result, and hands
 * the session its pending notices with it: in `notices` of the structured result and as one text
 * line each (an error result has no structured content, so there the lines alone carry them).
 */
export function runTool(
  deps: ToolDeps,
  body: () => Promise<object>,
  options: RunOptions = {},
): Promise<CallToolResult> {
  return deps.inFlight.run(async () => {
    let data: Record<string, unknown>;
    try {
      data = (await body()) as Record<string, unknown>;
    } catch (error) {
      const failed = toolError(error, deps.logger);
      return withNoticeLines(failed, await takePendingNotices(deps, options.signal));
    }
    const taken = await takePendingNotices(deps, options.signal);
    const fresh = taken.filter((n) => !options.told?.(data, n));
    const own = Array.isArray(data.notices) ? (data.notices as Notice[]) : [];
    const notices = [...own, ...fresh];
    return withNoticeLines(toolResult(notices.length > 0 ? { ...data, notices } : data), notices);
  });
}
