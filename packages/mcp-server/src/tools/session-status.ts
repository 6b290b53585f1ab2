import { PageCursorSchema, PageLimitSchema, StatusResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "session_status";

/** The arguments, with core's bounds: the CLI's `status --limit` is checked by the same schema object. */
export const sessionStatusInput = {
  limit: z.optional(PageLimitSchema),
  cursor: z.optional(PageCursorSchema),
};

const config = {
  title: "Session status",
  description:
    "Sessions with their tier (active, idle, stale, abandoned, dead), heartbeat age, worktree, claim and locks, oldest first, one page at a time (default 100); yours is marked me. counts and total cover every session; pass next_cursor as cursor for the next page.",
  inputSchema: sessionStatusInput,
  outputSchema: withNotices(StatusResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerSessionStatusTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ limit, cursor }, extra) =>
    runTool(deps, () => deps.connection.coordinator.sessions.status({ limit, cursor }), {
      signal: extra.signal,
    }),
  );
}
