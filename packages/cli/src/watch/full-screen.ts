import { emitKeypressEvents } from "node:readline";
import { onTerminationSignals } from "@agent-baton/core";

/** Alternate screen on and cursor hidden; and back. */
const ENTER = "\x1b[?1049h\x1b[?25l";
const LEAVE = "\x1b[?25h\x1b[?1049l";

export interface FullScreenOptions {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** The screen's lines for its current size. */
  render: (size: { width: number; height: number }) => string[];
}

/**
 * A full-screen view on the terminal: the alternate screen, no cursor, keys read raw. It ends on
 * `q`, Ctrl+C, SIGINT/SIGTERM/SIGHUP or `stop()`, and always gives the terminal back as it was
 * (screen, cursor, line mode), even when the process exits under it.
 */
export class FullScreen {
  private readonly quit: Promise<void>;
  private end: () => void = () => undefined;
  private left = false;

  constructor(private readonly options: FullScreenOptions) {
    this.quit = new Promise((resolve) => {
      this.end = resolve;
    });
  }

  /** Takes over the terminal and draws; resolves once the view is asked to end, with the terminal restored. */
  async run(): Promise<void> {
    const { input, output } = this.options;
    const restore = () => this.leave();
    const stopSignals = onTerminationSignals(() => this.end());
    const onKey = (_: string, key: { name?: string; ctrl?: boolean } | undefined) => {
      if (key?.name === "q" || key?.name === "escape" || (key?.ctrl && key.name === "c")) this.end();
    };
    const redraw = () => this.draw();
    process.once("exit", restore);
    output.write(ENTER);
    input.setRawMode(true);
    emitKeypressEvents(input);
    input.on("keypress", onKey);
    input.resume();
    output.on("resize", redraw);
    try {
      this.draw();
      await this.quit;
    } finally {
      output.off("resize", redraw);
      input.off("keypress", onKey);
      this.leave();
      process.off("exit", restore);
      stopSignals();
    }
  }

  /** Draws the view for the terminal's size now, in one write so a redraw never flickers. */
  draw(): void {
    if (this.left) return;
    const { output, render } = this.options;
    const width = output.columns || 80;
    const height = output.rows || 24;
    const lines = render({ width, height }).slice(0, height);
    // home, then each line with the rest of its row cleared, then everything below cleared
    output.write(`\x1b[H${lines.join("\x1b[K\r\n")}\x1b[K\x1b[J`);
  }

  /** Ends the view (as `q` does). */
  stop(): void {
    this.end();
  }

  private leave(): void {
    if (this.left) return;
    this.left = true;
    const { input, output } = this.options;
    if (input.isTTY) input.setRawMode(false);
    input.pause();
    output.write(LEAVE);
  }
}
