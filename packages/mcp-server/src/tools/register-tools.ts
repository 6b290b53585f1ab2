import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ToolDeps } from "../tool-result.js";
import { registerAcquireLockTool } from "./acquire-lock.js";
import { registerCheckLockTool } from "./check-lock.js";
import { registerCheckOverlapsTool } from "./check-overlaps.js";
import { registerClaimIssueTool } from "./claim-issue.js";
import { registerEndSessionTool } from "./end-session.js";
import { registerExtendLockTool } from "./extend-lock.js";
import { registerHealthCheckTool } from "./health-check.js";
import { registerHeartbeatTool } from "./heartbeat.js";
import { registerListClaimsTool } from "./list-claims.js";
import { registerListLocksTool } from "./list-locks.js";
import { registerListReservationsTool } from "./list-reservations.js";
import { registerLockHistoryTool } from "./lock-history.js";
import { registerNoticesTool } from "./notices.js";
import { registerRegisterSessionTool } from "./register-session.js";
import { registerReleaseClaimTool } from "./release-claim.js";
import { registerReleaseLockTool } from "./release-lock.js";
import { registerReleasePathsTool } from "./release-paths.js";
import { registerRequestReleaseTool } from "./request-release.js";
import { registerReservePathsTool } from "./reserve-paths.js";
import { registerSessionStatusTool } from "./session-status.js";

/** Registers every baton tool: the original's eight, then ours. */
export function registerTools(server: McpServer, deps: ToolDeps): void {
  registerAcquireLockTool(server, deps);
  registerReleaseLockTool(server, deps);
  registerCheckLockTool(server, deps);
  registerListLocksTool(server, deps);
  registerRegisterSessionTool(server, deps);
  registerHeartbeatTool(server, deps);
  registerSessionStatusTool(server, deps);
  registerHealthCheckTool(server, deps);
  registerExtendLockTool(server, deps);
  registerEndSessionTool(server, deps);
  registerClaimIssueTool(server, deps);
  registerReleaseClaimTool(server, deps);
  registerListClaimsTool(server, deps);
  registerRequestReleaseTool(server, deps);
  registerNoticesTool(server, deps);
  registerLockHistoryTool(server, deps);
  registerReservePathsTool(server, deps);
  registerReleasePathsTool(server, deps);
  registerListReservationsTool(server, deps);
  registerCheckOverlapsTool(server, deps);
}
