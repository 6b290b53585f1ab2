import { Coordinator, type EndResult, validateSessionId } from "@agent-baton/core";
import type { Backend } from "./backend.js";
import type { Logger } from "./logger.js";

export interface ConnectionSessionOptions {
  backend: Backend;
  sessionId: string;
  /** The process whose life bounds this session's locks on this host. */
  anchorPid: number | null;
  /** True when the id was made up for this connection (HTTP), so nothing else shares it. */
  ephemeral: boolean;
  /** Keep the session's locks and claims until their TTL when the connection closes. */
  keepOnDisconnect: boolean;
  cwd?: string;
  logger: Logger;
}

/** One MCP connection's baton session: its Coordinator, and what happens when the connection ends. */
export class ConnectionSession {
  private current: Coordinator;
  private ephemeral: boolean;
  private ended = false;

  constructor(private readonly options: ConnectionSessionOptions) {
    this.ephemeral = options.ephemeral;
    this.current = this.make(options.sessionId);
  }

  get coordinator(): Coordinator {
    return this.current;
  }

  get sessionId(): string {
    return this.current.sessionId;
  }

  /**
   * Binds the connection to an explicit session id (register_session). A made-up connection id is
   * ended first so its locks do not linger under a name nobody will use again.
   */
  async bind(sessionId: string): Promise<void> {
    const id = validateSessionId(sessionId);
    if (id === this.current.sessionId) return;
    if (this.ephemeral) await this.options.backend.driver.endSession(this.current.sessionId);
    this.current = this.make(id);
    this.ephemeral = false;
  }

  /** The connection closed: ends its session (releasing locks and claims) unless configured to keep it. */
  async close(reason: string): Promise<EndResult | null> {
    if (this.ended) return null;
    this.ended = true;
    const { logger, keepOnDisconnect } = this.options;
    if (keepOnDisconnect) {
      logger.debug(`${reason}: keeping session ${this.sessionId} until its locks expire`);
      return null;
    }
    try {
      const end = await this.current.sessions.end();
      if (end.released_locks.length > 0 || end.released_claim) {
        logger.info(
          `${reason}: ended session ${end.session_id}, released ${end.released_locks.join(", ") || "no locks"}${end.released_claim ? ` and claim #${end.released_claim.number}` : ""}`,
        );
      }
      return end;
    } catch (error) {
      logger.error(`${reason}: could not end session ${this.sessionId}: ${(error as Error).message}`);
      return null;
    }
  }

  private make(sessionId: string): Coordinator {
    const { backend, anchorPid, cwd } = this.options;
    return new Coordinator({
      driver: backend.driver,
      config: backend.config,
      sessionId,
      anchorPid,
      cwd,
    });
  }
}
