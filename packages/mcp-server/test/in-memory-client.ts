import { DEFAULTS, type Driver } from "@agent-baton/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ConnectionSession } from "../src/connection-session.js";
import { InFlight } from "../src/in-flight.js";
import { createLogger } from "../src/logger.js";
import { createServer } from "../src/server.js";

export interface LinkedClient {
  client: Client;
  connection: ConnectionSession;
  /** Closes both ends the way a disconnecting client would. */
  close(): Promise<void>;
}

/** A real SDK Client linked in memory to a server for `sessionId` on `driver`. */
export async function linkedClient(
  driver: Driver,
  sessionId: string,
  options: { keepOnDisconnect?: boolean; inFlight?: InFlight; cwd?: string } = {},
): Promise<LinkedClient> {
  const logger = createLogger("silent");
  const connection = new ConnectionSession({
    backend: { driver, config: { ...DEFAULTS, backend: "file", coordinationDir: "/nonexistent" } },
    sessionId,
    anchorPid: null,
    ephemeral: true,
    keepOnDisconnect: options.keepOnDisconnect ?? false,
    logger,
    cwd: options.cwd,
  });
  const { server, cleanup } = createServer({
    connection,
    inFlight: options.inFlight ?? new InFlight(),
    logger,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  server.server.onclose = () => void cleanup("in-memory connection closed");
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "0.0.0" });
  await client.connect(clientSide);
  return { client, connection, close: () => client.close() };
}

/** The structured result of a tool call, failing loudly when the call was an error. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}
