import { RegisterResultSchema, SessionMetadataSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "register_session";
const config = {
  title: "Register session",
  description:
    "Register this connection's session so others see it in session_status (host, worktree, branch, metadata). With session_id, bind this connection to that session (e.g. your Claude Code session id).",
  inputSchema: {
    metadata: z.optional(SessionMetadataSchema),
    session_id: z.string().optional().describe("Bind this connection to an explicit session id"),
  },
  outputSchema: withNotices(RegisterResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerRegisterSessionTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ metadata, session_id }, extra) =>
    runTool(
      deps,
      async () => {
        if (session_id !== undefined) await deps.connection.bind(session_id);
        return deps.connection.coordinator.sessions.register(metadata ?? {});
      },
      { signal: extra.signal },
    ),
  );
}
