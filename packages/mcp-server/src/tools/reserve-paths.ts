import {
  PathGlobListSchema,
  ReservationReasonSchema,
  ReserveResultSchema,
  TtlSecondsSchema,
} from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "reserve_paths";
const config = {
  title: "Reserve paths",
  description:
    "Reserve files for this session before editing them: globs relative to the repository root, shared by every worktree and clone. All or none: refused (reserved: false, conflicts naming the holder) while another live session's reservation overlaps. baton's edit hook then denies other sessions' edits of these paths. Reserving again renews.",
  inputSchema: {
    paths: PathGlobListSchema.check(z.describe('Paths or globs, e.g. ["src/api/**", "README.md"]')),
    ttl_seconds: z.optional(TtlSecondsSchema).describe("Seconds until it expires (default an hour)"),
    shared: z
      .optional(z.boolean())
      .describe("A read intent: others may also reserve shared; nobody may edit"),
    reason: z.optional(ReservationReasonSchema),
  },
  outputSchema: withNotices(ReserveResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerReservePathsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ paths, ttl_seconds, shared, reason }, extra) =>
    runTool(
      deps,
      () => deps.connection.coordinator.reservations.reserve(paths, { ttl: ttl_seconds, shared, reason }),
      { signal: extra.signal },
    ),
  );
}
