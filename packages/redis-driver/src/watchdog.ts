/**
 * Watchdog ticks per command timeout. A call counts as stalled after TICKS_PER_TIMEOUT + 1 ticks
 * without an answer; the first of them may fall just after it was sent and the one before may
 * still see the previous answer, so it fails between 1 and 1.25 timeouts after it was sent.
 */
const TICKS_PER_TIMEOUT = 8;

/**
 * A command timeout as one interval timer per connection rather than a timer set and cleared on
 * every command (a few µs per call on the lock hot path): when commands are in flight and none has
 * been answered for a whole timeout, `onStall` drops the connection.
 */
export class Watchdog {
  private inFlight = 0;
  private answered = 0;
  private answeredAtTick = 0;
  private quietTicks = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onStall: (error: Error) => void,
  ) {}

  /** A command went out. */
  sent(): void {
    if (this.inFlight++ === 0) {
      this.ticker ??= setInterval(() => this.tick(), this.timeoutMs / TICKS_PER_TIMEOUT).unref();
    }
  }

  /** A command was answered, or failed without an answer. */
  answer(): void {
    this.inFlight--;
    this.answered++;
  }

  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private tick(): void {
    if (this.inFlight === 0 || this.answered !== this.answeredAtTick) {
      this.answeredAtTick = this.answered;
      this.quietTicks = 0;
      return;
    }
    if (++this.quietTicks <= TICKS_PER_TIMEOUT) return;
    this.quietTicks = 0;
    this.onStall(new Error(`Command timed out: no answer within ${this.timeoutMs} ms`));
  }
}
