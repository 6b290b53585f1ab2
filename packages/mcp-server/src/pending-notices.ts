import { type Notice, NoticeSchema } from "@agent-baton/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod/mini";
import type { ConnectionSession } from "./connection-session.js";
import type { Logger } from "./logger.js";

/**
 * A tool's output schema with the notices every result may carry: what happened to this session
 * (a lock lost, a claim overridden, a release asked for) since its last call.
 */
export function withNotices<S extends z.ZodMiniObject>(schema: S) {
  return z.extend(schema, {
    notices: z
      .optional(z.array(NoticeSchema))
      .check(
        z.describe(
          "What happened to this session since its last call, each told once: act on each (e.g. stop work that needs a lost lock)",
        ),
      ),
  });
}

/**
 * Takes the session's pending notices, each once. None when the request was cancelled (nobody
 * reads its result, so they wait for the next call), the connection has no usable session, or
 * the backend does not answer (the call's own result says so; the notices wait).
 */
export async function takePendingNotices(
  { connection, logger }: { connection: ConnectionSession; logger: Logger },
  signal?: AbortSignal,
): Promise<Notice[]> {
  if (signal?.aborted) return [];
  try {
    return (await connection.coordinator.notices()).notices;
  } catch (error) {
    logger.debug(`notices not taken: ${(error as Error).message}`);
    return [];
  }
}

/** The result with one text line per notice after its own text: the line a model reads. */
export function withNoticeLines(result: CallToolResult, notices: readonly Notice[]): CallToolResult {
  if (notices.length === 0) return result;
  const lines = notices.map((n) => `notice: ${n.text}`).join("\n");
  return { ...result, content: [...result.content, { type: "text", text: lines }] };
}
