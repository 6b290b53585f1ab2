import { type WaitProgress, waitProgressText } from "@agent-baton/core";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

/** The `extra` a tool handler gets: how it reaches back to the client that called it. */
type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Progress notifications for a call that waits in line, when the client sent a progressToken:
 * `waiting for resource:deploy: 2nd in line, held by s-7f3 (active, 3m 12s), waited 41s`. They
 * tell the client where it stands and keep its request timeout from firing.
 */
export function waitProgress(
  extra: ToolExtra,
  waitSeconds: number | undefined,
): ((p: WaitProgress) => void) | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  return (p) =>
    void extra
      .sendNotification({
        method: "notifications/progress",
        params: {
          progressToken,
          progress: Math.round(p.waited_ms / 100) / 10,
          total: waitSeconds ?? 0,
          message: `waiting for ${p.lock_name}: ${waitProgressText(p, Date.now())}`,
        },
      })
      .catch(() => undefined);
}
