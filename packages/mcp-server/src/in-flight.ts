/** Counts tool calls in progress so that shutdown can let them finish. */
export class InFlight {
  private count = 0;
  private idle: Array<() => void> = [];
  /** Aborted when the server shuts down: lock waits stop at once and report a timeout. */
  readonly shutdown = new AbortController();

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  get active(): number {
    return this.count;
  }

  /** Resolves once no call is in progress (at once when none is). */
  drained(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}
