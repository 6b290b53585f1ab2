import { ExtendResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "extend_lock";
const config = {
  title: "Extend lock",
  description: "Reset a held lock's expiry to timeout_seconds from now. Only the holder can extend it.",
  inputSchema: {
    lock_name: z.string().describe("Lock name as given to acquire_lock"),
    timeout_seconds: z.number().int().min(1).max(86_400).describe("Seconds from now until it expires"),
  },
  outputSchema: ExtendResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerExtendLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ lock_name, timeout_seconds }) =>
    runTool(deps, () => deps.connection.coordinator.extend(lock_name, timeout_seconds)),
  );
}
