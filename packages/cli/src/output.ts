/** Where a command's result goes: JSON on stdout with `--json`, else plain lines, coloured only on a TTY. */
export class Output {
  constructor(
    readonly json: boolean,
    readonly quiet = false,
    // Streams are looked up on first use: a quiet hook never pays for making process.stdout or stderr.
    private readonly streams: () => { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = () =>
      process,
  ) {}

  private get stdout(): NodeJS.WriteStream {
    return this.streams().stdout;
  }

  private get stderr(): NodeJS.WriteStream {
    return this.streams().stderr;
  }

  /** Whether results are coloured: only on a TTY, unless NO_COLOR or FORCE_COLOR say otherwise. */
  get color(): boolean {
    return colorWanted(this.stdout);
  }

  /** Prints a result: the value itself as JSON, or the human lines. */
  result(value: unknown, human: () => string | string[]): void {
    if (this.json) {
      this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    if (this.quiet) return;
    const lines = human();
    this.stdout.write(`${Array.isArray(lines) ? lines.join("\n") : lines}\n`);
  }

  /** A note for a person on stderr (warnings, progress); never part of `--json` output. */
  note(line: string): void {
    if (!this.quiet) this.stderr.write(`${line}\n`);
  }

  /** Whether progress lines (waiting for a lock) may be drawn: a person is watching stderr. */
  get interactive(): boolean {
    return !this.json && !this.quiet && this.stderr.isTTY === true;
  }

  /** Redraws one progress line in place on stderr. */
  progress(line: string): void {
    if (this.interactive) this.stderr.write(`\r\x1b[2K${line}`);
  }

  /** Ends a progress line so that the next output starts on a fresh one. */
  endProgress(): void {
    if (this.interactive) this.stderr.write("\r\x1b[2K");
  }

  green = (s: string) => this.paint(32, s);
  red = (s: string) => this.paint(31, s);
  yellow = (s: string) => this.paint(33, s);
  dim = (s: string) => this.paint(2, s);
  bold = (s: string) => this.paint(1, s);

  private paint(code: number, s: string): string {
    return this.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
}

function colorWanted(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}
