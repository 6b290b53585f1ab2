/** A started transport: what main waits on and stops. */
export interface RunningTransport {
  /** e.g. `stdio` or `http://127.0.0.1:8082`. */
  description: string;
  /** Resolves when the transport ends by itself (stdin closed); never for HTTP. */
  closed: Promise<void>;
  /** Stops accepting, then ends every connection's session (per keep-on-disconnect). */
  stop(reason: string): Promise<void>;
}
