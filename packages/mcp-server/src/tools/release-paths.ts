import { PathGlobListSchema, ReleaseReservationsResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "release_paths";
const config = {
  title: "Release paths",
  description:
    "Release this session's path reservations: the given globs as they were reserved, or every one in this repository when paths is omitted.",
  inputSchema: {
    paths: z.optional(PathGlobListSchema).describe("The globs to release; omit to release all"),
  },
  outputSchema: withNotices(ReleaseReservationsResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
};

export function registerReleasePathsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ paths }, extra) =>
    runTool(deps, () => deps.connection.coordinator.reservations.release(paths ?? "all"), {
      signal: extra.signal,
    }),
  );
}
