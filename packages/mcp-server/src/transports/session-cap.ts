/** An open MCP session over HTTP (Streamable HTTP or SSE), as the cap sees it. */
export interface CappedSession {
  /** When it last received a request or lost a stream, in ms since the epoch. */
  lastSeen: number;
  /** Requests in progress and open streams: a session with any is never evicted. */
  active: number;
  /** Closes the session, ending its baton session as a disconnect would. */
  evict(reason: string): Promise<void>;
}

/** The environment variable that sets the cap, named in the answer to a refused `initialize`. */
export const MAX_SESSIONS_ENV = "BATON_MCP_MAX_SESSIONS";

/**
 * Bounds the open MCP sessions of all HTTP transports together, so clients that initialize and
 * never close cannot grow memory without end.
 */
export class SessionCap {
  private readonly sessions = new Set<CappedSession>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Takes a place for `session`. When every place is taken, the least recently used session with
   * nothing in progress gives up its place and is returned, to be evicted by the caller; when
   * none can, the session is not admitted (false).
   */
  admit(session: CappedSession): CappedSession | null | false {
    if (this.sessions.size < this.max) {
      this.sessions.add(session);
      return null;
    }
    let victim: CappedSession | undefined;
    for (const s of this.sessions) {
      if (s.active === 0 && (victim === undefined || s.lastSeen < victim.lastSeen)) victim = s;
    }
    if (!victim) return false;
    this.sessions.delete(victim);
    this.sessions.add(session);
    return victim;
  }

  /** Gives the session's place back (it closed). */
  release(session: CappedSession): void {
    this.sessions.delete(session);
  }

  /** Why a new session was refused, for its 503. */
  fullMessage(): string {
    return `Server is full: ${this.max} MCP sessions are open and each has a call or stream in progress; retry later, or raise ${MAX_SESSIONS_ENV} for baton-mcp`;
  }
}
