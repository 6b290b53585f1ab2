import { BatonError, InvalidInputError } from "@agent-baton/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ConnectionSession } from "./connection-session.js";
import type { InFlight } from "./in-flight.js";
import type { Logger } from "./logger.js";

/** What every tool needs: the connection's session, the in-flight counter, a logger. */
export interface ToolDeps {
  connection: ConnectionSession;
  inFlight: InFlight;
  logger: Logger;
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

/** Runs a tool body as one in-flight call, turning any error into an `isError` result. */
export function runTool(deps: ToolDeps, body: () => Promise<object>): Promise<CallToolResult> {
  return deps.inFlight.run(async () => {
    try {
      return toolResult(await body());
    } catch (error) {
      return toolError(error, deps.logger);
    }
  });
}
