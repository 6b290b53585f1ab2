import { BatonError, Coordinator, type Driver, type EndResult, validateSessionId } from "@agent-baton/core";
import type { Backend } from "./backend.js";
import type { Logger } from "./logger.js";
import { bindingFor } from "./session-owner.js";

export interface ConnectionSessionOptions {
  backend: Backend;
  sessionId: string;
  /** The process whose life bounds this session's locks on this host. */
  anchorPid: number | null;
  /**
   * True when the id was made up for this connection (HTTP), so nothing else shares it and the
   * connection owns it. Otherwise call `settle()` before serving: until then the session is never ended.
   */
  ephemeral: boolean;
  /** Keep the session's locks and claims until their TTL when the connection closes. */
  keepOnDisconnect: boolean;
  /** The calling process and its ancestors (empty when unknown): who may bind to a live session. */
  callerTree?: () => Promise<number[]>;
  cwd?: string;
  logger: Logger;
}

/**
 * How the connection holds its session: `own` ends it on close; `new` was free when bound and
 * becomes `own` at its first write (a lock, a registration, a claim); `joined` belongs to others
 * and is never ended here; `refused` answers every call with why.
 */
type Hold = "own" | "new" | "joined" | "refused";

const WRITES: ReadonlySet<PropertyKey> = new Set(["acquireLock", "putSession", "claimIssue"]);

/** One MCP connection's baton session: its Coordinator, and what happens when the connection ends. */
export class ConnectionSession {
  private id: string;
  /** Made at the first tool call: a connection that never calls one costs no Coordinator and ends nothing. */
  private current: Coordinator | undefined;
  private hold: Hold;
  private refusal: Error | null = null;
  private ended = false;

  constructor(private readonly options: ConnectionSessionOptions) {
    this.hold = options.ephemeral ? "own" : "joined";
    this.id = options.sessionId;
  }

  /** This connection's Coordinator; throws the refusal when its session could not be bound. */
  get coordinator(): Coordinator {
    if (this.refusal) throw this.refusal;
    this.current ??= this.make(this.id);
    return this.current;
  }

  get sessionId(): string {
    return this.id;
  }

  /**
   * Decides how the connection holds the id it was made with (stdio's resolved identity). A
   * refusal is kept: every call answers with it until register_session binds another id.
   */
  async settle(): Promise<void> {
    try {
      await this.switchTo(this.id);
    } catch (error) {
      if (!BatonError.isInstance(error) || error.code !== "NOT_OWNER") throw error;
      this.refusal = error;
      this.hold = "refused";
      this.options.logger.warn(error.message);
    }
  }

  /**
   * Binds the connection to an explicit session id (register_session). A session this connection
   * owns is ended first so its locks do not linger under a name it no longer uses. Binding to a
   * live session of another process tree throws NotOwnerError and changes nothing.
   */
  async bind(sessionId: string): Promise<void> {
    const id = validateSessionId(sessionId);
    if (id === this.id && this.hold !== "refused") return;
    const previous = this.hold === "own" && this.current ? this.id : null;
    await this.switchTo(id);
    if (previous !== null && previous !== id)
      await this.options.backend.driver.endSession(previous, {
        event: "session.ended",
        reason: `rebound to ${id}`,
      });
  }

  private async switchTo(id: string): Promise<void> {
    const { backend, callerTree } = this.options;
    const binding = await bindingFor(backend.driver, backend.config, id, callerTree ?? (async () => []));
    this.hold = binding === "create" ? "new" : "joined";
    this.refusal = null;
    this.id = id;
    this.current = undefined;
  }

  /** The connection closed: ends its session (releasing locks and claims) when it owns it and is not told to keep it. */
  async close(reason: string): Promise<EndResult | null> {
    if (this.ended) return null;
    this.ended = true;
    const { logger, keepOnDisconnect } = this.options;
    const coordinator = this.current;
    if (this.hold !== "own" || !coordinator) {
      if (this.hold === "joined")
        logger.debug(`${reason}: leaving session ${this.sessionId} to its own process`);
      return null;
    }
    if (keepOnDisconnect) {
      logger.debug(`${reason}: keeping session ${this.sessionId} until its locks expire`);
      return null;
    }
    try {
      const end = await coordinator.sessions.end();
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
      driver: this.hold === "new" ? this.watchWrites(backend.driver, sessionId) : backend.driver,
      config: backend.config,
      sessionId,
      anchorPid,
      cwd,
    });
  }

  /** The driver, noting the first lock, registration or claim made under `sessionId`: the session is then this connection's. */
  private watchWrites(driver: Driver, sessionId: string): Driver {
    const made = () => {
      if (this.hold === "new" && this.id === sessionId) this.hold = "own";
    };
    return new Proxy(driver, {
      get: (target, key) => {
        const value = Reflect.get(target, key, target);
        if (typeof value !== "function") return value;
        if (!WRITES.has(key)) return value.bind(target);
        return async (...args: unknown[]) => {
          const result = await value.apply(target, args);
          if (key === "putSession" || result?.acquired === true || result?.claimed === true) made();
          return result;
        };
      },
    });
  }
}
