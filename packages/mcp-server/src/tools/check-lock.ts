import { CheckResultSchema, LockNameSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "check_lock";
const config = {
  title: "Check lock",
  description:
    "Whether a lock is available now, and if not who holds it and until when: every holder (several with slots or shared holds, each with its tier and time left), the line of waiters (session, since when, position; 1 = next) and release requests. available is false while anyone waits: acquire_lock with wait_seconds joins the line.",
  inputSchema: { lock_name: LockNameSchema },
  outputSchema: withNotices(CheckResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerCheckLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ lock_name }, extra) =>
    runTool(deps, () => deps.connection.coordinator.check(lock_name), { signal: extra.signal }),
  );
}
