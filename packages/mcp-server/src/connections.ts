import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Backend } from "./backend.js";
import { ConnectionSession, type ConnectionSessionOptions } from "./connection-session.js";
import type { InFlight } from "./in-flight.js";
import type { Logger } from "./logger.js";
import { createServer } from "./server.js";

export interface ConnectionsOptions {
  backend: Backend;
  inFlight: InFlight;
  logger: Logger;
  keepOnDisconnect: boolean;
  cwd?: string;
}

/** An open MCP connection: its server, and `close` that ends its baton session once. */
export interface OpenConnection {
  server: McpServer;
  connection: ConnectionSession;
  close(reason: string): Promise<void>;
}

/** Makes one MCP server per connection over the shared backend, and ends them all at shutdown. */
export class Connections {
  private readonly open = new Set<OpenConnection>();

  constructor(readonly options: ConnectionsOptions) {}

  /** A new connection for `sessionId`; its session ends when `close` is called (or at shutdown), if it owns it. */
  create(
    sessionId: string,
    identity: Pick<ConnectionSessionOptions, "anchorPid" | "ephemeral" | "callerTree">,
  ): OpenConnection {
    const { backend, inFlight, logger, keepOnDisconnect, cwd } = this.options;
    const connection = new ConnectionSession({
      backend,
      sessionId,
      ...identity,
      keepOnDisconnect,
      cwd,
      logger,
    });
    const { server, cleanup } = createServer({ connection, inFlight, logger });
    const entry: OpenConnection = {
      server,
      connection,
      close: async (reason) => {
        if (!this.open.delete(entry)) return;
        await cleanup(reason);
        await server.close().catch(() => undefined);
      },
    };
    this.open.add(entry);
    logger.debug(`connection opened for session ${sessionId}`);
    return entry;
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every open connection's session (per keep-on-disconnect) and closes its server. */
  async closeAll(reason: string): Promise<void> {
    await Promise.all([...this.open].map((c) => c.close(reason)));
  }
}
