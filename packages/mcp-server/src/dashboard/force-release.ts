import type { IncomingMessage } from "node:http";
import type { LiveSource } from "@agent-baton/core";
import { checkInput, LockNameSchema } from "@agent-baton/core";
import * as z from "zod/mini";

/** What the page sends to break one hold. */
const ForceReleaseRequestSchema = z.object({
  lock_name: LockNameSchema,
  token: z.int().check(z.positive()),
  as: z.optional(
    z.string().check(z.regex(/^[\w.@+-]{1,64}$/, "must be 1-64 letters, digits and _ . @ + - only")),
  ),
});

/** The answer to a force-release from the page. */
export interface ForceReleaseReply {
  success: boolean;
  released: boolean;
  lock_name: string;
  by: string;
  broke: Awaited<ReturnType<LiveSource["forceRelease"]>>;
}

/**
 * Breaks the one hold the page names (lock and fencing token, so a hold granted since the page
 * was drawn is never broken by mistake), recorded as `lock.force_released` by
 * `dashboard:<name>@<address>`: who did it, as the event says.
 */
export async function forceReleaseFromPage(
  source: LiveSource,
  req: IncomingMessage,
  body: unknown,
): Promise<ForceReleaseReply> {
  const request = checkInput(ForceReleaseRequestSchema, body, "body");
  const by = `dashboard:${request.as ?? "browser"}@${req.socket.remoteAddress ?? "unknown"}`;
  const broke = await source.forceRelease(
    request.lock_name,
    request.token,
    by,
    "force-released from the dashboard",
  );
  return { success: broke.length > 0, released: broke.length > 0, lock_name: request.lock_name, by, broke };
}
