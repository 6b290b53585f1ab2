import { ancestorPids, localHost, resolveSessionIdentity } from "@agent-baton/core";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Connections } from "../connections.js";
import type { RunningTransport } from "./running-transport.js";

/**
 * Serves one MCP connection on stdin/stdout. Its session resolves as SPEC §2 says (env, then the
 * parent Claude Code process), so the agent's MCP calls, hooks and Bash commands are one session.
 */
export async function startStdio(
  connections: Connections,
  env: NodeJS.ProcessEnv,
): Promise<RunningTransport> {
  const { backend, logger } = connections.options;
  const host = localHost();
  const identity = await resolveSessionIdentity({
    env,
    registeredForPid: async (pid) =>
      (await backend.driver.listSessions()).find((s) => s.host === host && s.pid === pid)?.session_id ?? null,
  });
  logger.info(`stdio: session ${identity.id} (from ${identity.source}) on ${backend.driver.name}`);
  const open = connections.create(identity.id, {
    anchorPid: identity.anchorPid,
    ephemeral: false,
    // the client is the process that spawned us: its tree is ours
    callerTree: async () => [process.pid, ...ancestorPids()],
  });
  // a live session of another process tree is refused; one that is ours or free is used
  await open.connection.settle();
  const transport = new StdioServerTransport();
  let ended!: () => void;
  const closed = new Promise<void>((resolve) => {
    ended = resolve;
  });
  const onEnd = () => ended();
  process.stdin.once("end", onEnd);
  process.stdin.once("close", onEnd);
  transport.onclose = onEnd;
  await open.server.connect(transport);
  return {
    description: "stdio",
    closed,
    async stop(reason) {
      await connections.options.inFlight.drained();
      await open.close(reason);
      process.stdin.off("end", onEnd);
      process.stdin.off("close", onEnd);
    },
  };
}
