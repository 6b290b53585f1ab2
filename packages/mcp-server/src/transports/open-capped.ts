import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Connections, OpenConnection } from "../connections.js";
import { peerProcessTree } from "../http/peer-process.js";
import { SERVER_ERROR, sendRpcError } from "../http/respond.js";
import type { CappedSession, SessionCap } from "./session-cap.js";

/**
 * Opens a new HTTP session's baton connection (`mcp-ID`, ended with the MCP session) once the cap
 * admits it, evicting the least recently used idle session when every place is taken; null, with
 * a 503 sent, when none can give way. Its caller is whoever owns the entry's latest socket.
 */
export async function openCapped(
  cap: SessionCap,
  connections: Connections,
  id: string,
  entry: CappedSession & { socket: Socket },
  res: ServerResponse,
): Promise<OpenConnection | null> {
  const victim = cap.admit(entry);
  if (victim === false) {
    sendRpcError(res, 503, SERVER_ERROR, cap.fullMessage());
    return null;
  }
  if (victim) await victim.evict(`evicted to make room (${cap.max} sessions open)`);
  return connections.create(`mcp-${id}`, {
    anchorPid: process.pid,
    ephemeral: true,
    callerTree: () => peerProcessTree(entry.socket),
  });
}
