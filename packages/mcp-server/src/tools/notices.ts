import { NoticesResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "notices";
const config = {
  title: "Notices",
  description:
    "Take this session's pending notices: what happened to it since its last call (a lock of yours expired, was taken over or force-released; your issue claim was overridden; another session asks you to release a lock; a lock you waited for was granted; a file your worktree changed is changed in another live session's worktree too). Each is given once, one line saying what happened and what to do. Every other tool's result carries them too, so call this only to check without doing anything else.",
  inputSchema: {},
  outputSchema: NoticesResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
};

export function registerNoticesTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (_args, extra) =>
    runTool(deps, () => deps.connection.coordinator.notices(), { signal: extra.signal }),
  );
}
