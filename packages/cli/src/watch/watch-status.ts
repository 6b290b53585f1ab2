import { coordinatorSource, InvalidInputError, LiveFeed } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { FullScreen } from "./full-screen.js";
import { statusView } from "./status-view.js";

/** Events the terminal keeps: it shows the newest few, and draws no timeline. */
const EVENTS_KEPT = 200;
/** Held for and TTL left count in seconds; the screen is drawn again this often from what was last read. */
const CLOCK_MS = 1_000;

/**
 * `baton status --watch`: a full-screen view drawn again on every change the history reports
 * (and by a slow fallback read), until `q` or Ctrl+C. Not on a terminal, or with `--json`, it
 * prints one snapshot and exits.
 */
export async function watchStatus(
  ctx: Context,
  o: { limit?: number; cursor?: string; json?: boolean },
): Promise<number> {
  if (o.limit !== undefined || o.cursor !== undefined) {
    throw new InvalidInputError("--watch shows everything at once: drop --limit and --cursor", {
      field: "watch",
    });
  }
  const { coordinator, out } = ctx;
  const feed = new LiveFeed(coordinatorSource(coordinator, coordinator.sessionId), {
    maxEvents: EVENTS_KEPT,
  });
  await feed.load();
  const { stdin, stdout } = process;
  if (out.json || !stdout.isTTY || !stdin.isTTY) {
    const snapshot = feed.snapshot();
    const all = { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY };
    out.result(snapshot, () => statusView(snapshot, all, out.color));
    return EXIT.ok;
  }

  const screen = new FullScreen({
    input: stdin,
    output: stdout,
    render: (size) => statusView(feed.snapshot(), size, out.color),
  });
  const following = new AbortController();
  const stopListening = feed.onChange(() => screen.draw());
  const tick = setInterval(() => screen.draw(), CLOCK_MS);
  const run = feed.run(following.signal);
  try {
    await screen.run();
  } finally {
    clearInterval(tick);
    stopListening();
    following.abort();
    await run;
  }
  return EXIT.ok;
}
