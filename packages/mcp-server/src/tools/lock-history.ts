import {
  HistoryLimitSchema,
  HistoryReportSchema,
  LockNameSchema,
  parseSince,
  SinceSchema,
  summarizeHolds,
} from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "lock_history";

/** Events read for a summary: the most one read returns (HistoryLimitSchema), so hold times cover the window, not one page. */
const SUMMARY_EVENTS = 10_000;

/** The arguments, with core's bounds: the CLI's `history --since/--limit` use the same schema objects. */
export const lockHistoryInput = {
  lock_name: z
    .optional(LockNameSchema)
    .describe("Only this lock's events (default: every lock, claim and session)"),
  session_id: z.string().optional().describe("Only events of this session, or caused by it"),
  since: z.optional(SinceSchema),
  limit: z.optional(HistoryLimitSchema),
  summary: z
    .boolean()
    .optional()
    .describe(
      "true: also hold times per lock (count, p50, max) over every event since then, not only this page",
    ),
};

const config = {
  title: "Lock history",
  description:
    "What happened, as recorded: locks acquired, extended, released, expired, taken over, force-released (by whom), waiters queued or giving up, release requests, claims taken or overridden, path reservations taken, released or overridden (named repo:glob), sessions started or ended. Each event has time, type, name, session, host, fencing token, and by/reason where there is one. Use it to answer 'who had deploy at 14:02, and for how long?' (lock_name, since) or 'what did session S do?' (session_id); summary: true adds hold times per lock.",
  inputSchema: lockHistoryInput,
  outputSchema: withNotices(HistoryReportSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerLockHistoryTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (args, extra) =>
    runTool(
      deps,
      async () => {
        const coordinator = deps.connection.coordinator;
        const query = {
          lock: args.lock_name,
          session: args.session_id,
          ...(args.since === undefined ? {} : { sinceMs: parseSince(args.since, Date.now()) }),
        };
        const page = await coordinator.history({ ...query, limit: args.limit });
        if (!args.summary) return page;
        const all = await coordinator.history({ ...query, limit: SUMMARY_EVENTS });
        return { ...page, summary: summarizeHolds(all.events) };
      },
      { signal: extra.signal },
    ),
  );
}
