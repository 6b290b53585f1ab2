import { ancestorPids, peerProcess, type TcpConnection } from "@agent-baton/core";

/**
 * The process at the other end of a TCP connection to this server, with its ancestors (nearest
 * first): who a loopback HTTP client really is. Empty when the peer is on another host or cannot
 * be seen (another user's process, or the platform cannot tell).
 */
export async function peerProcessTree(socket: TcpConnection): Promise<number[]> {
  const pid = await peerProcess(socket);
  return pid === null ? [] : [pid, ...ancestorPids(pid)];
}
