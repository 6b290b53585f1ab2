import {
  ListLocksResultSchema,
  LockPatternSchema,
  PageCursorSchema,
  PageLimitSchema,
} from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "list_locks";

/** The arguments, with core's bounds: the CLI's `lock list --limit` is checked by the same schema object. */
export const listLocksInput = {
  pattern: z.optional(LockPatternSchema).describe("Glob over lock names (default *): * ? [a-z] [!x]"),
  limit: z.optional(PageLimitSchema),
  cursor: z.optional(PageCursorSchema),
};

const config = {
  title: "List locks",
  description:
    "Locks held or waited for whose names match a glob, in name order, one page at a time (default 100), each with its holders, its line of waiters (session, since when, position) and release requests. A pattern without ':' matches resource locks; 'issue:*' the issue locks. total counts every match; pass next_cursor as cursor for the next page.",
  inputSchema: listLocksInput,
  outputSchema: withNotices(ListLocksResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerListLocksTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ pattern, limit, cursor }, extra) =>
    runTool(deps, () => deps.connection.coordinator.list(pattern ?? "*", { limit, cursor }), {
      signal: extra.signal,
    }),
  );
}
