import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * A tmux server of a test's own (its own socket), holding one session of real terminals a test
 * types into and reads from, as a person would see them.
 */
export class Tmux {
  private readonly socket: string;

  constructor(
    /** The shells' working directory, and where the socket lives. */
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.socket = join(dir, "tmux.sock");
  }

  private tmux(...args: string[]): string {
    return execFileSync("tmux", ["-S", this.socket, "-f", "/dev/null", ...args], {
      // new sessions and windows start their shells in the client's directory
      cwd: this.dir,
      env: this.env,
      encoding: "utf8",
    });
  }

  /** Starts the session: one window of `width` x `height` running a plain bash. */
  start(width: number, height: number): void {
    this.tmux(
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      String(width),
      "-y",
      String(height),
      "bash --norc --noprofile",
    );
  }

  /** Opens another window (another shell) and returns its target. */
  newWindow(): string {
    return this.tmux("new-window", "-d", "-P", "-F", "#{window_id}", "bash --norc --noprofile").trim();
  }

  /** Types `text` into the pane, then Enter unless told otherwise. */
  type(text: string, target = "t:0", enter = true): void {
    this.tmux("send-keys", "-t", target, "-l", text);
    if (enter) this.tmux("send-keys", "-t", target, "Enter");
  }

  /** Presses keys by tmux name (`q`, `C-c`). */
  press(key: string, target = "t:0"): void {
    this.tmux("send-keys", "-t", target, key);
  }

  /** What the pane shows now, as text (`escapes`: with its colours as SGR sequences). */
  screen(target = "t:0", escapes = false): string {
    return this.tmux("capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", target);
  }

  /** A tmux format variable of the pane: `alternate_on`, `cursor_flag`, `pane_width`… */
  pane(variable: string, target = "t:0"): string {
    return this.tmux("display-message", "-p", "-t", target, `#{${variable}}`).trim();
  }

  resize(width: number, height: number): void {
    this.tmux("resize-window", "-t", "t", "-x", String(width), "-y", String(height));
  }

  kill(): void {
    try {
      this.tmux("kill-server");
    } catch {
      // already gone
    }
  }
}
