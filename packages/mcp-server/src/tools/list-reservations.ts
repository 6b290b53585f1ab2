import { ListReservationsResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "list_reservations";
const config = {
  title: "List reservations",
  description:
    "Live path reservations of this repository (or of every repository with all: true): who holds which glob, shared or not, why, and until when.",
  inputSchema: { all: z.optional(z.boolean()).describe("Every repository, not just this one") },
  outputSchema: withNotices(ListReservationsResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerListReservationsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ all }, extra) =>
    runTool(deps, () => deps.connection.coordinator.reservations.list({ all }), { signal: extra.signal }),
  );
}
