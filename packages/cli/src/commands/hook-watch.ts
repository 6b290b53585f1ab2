import { mkdirSync } from "node:fs";
import { EXIT } from "../exit-codes.js";
import { hooksRoot } from "../hooks/hook-dir.js";
import { claim, HooksWatcher } from "../watch/hooks-watcher.js";

/** Options of `baton hook watch`. */
export interface HookWatchOptions {
  /** Seconds to stay with no session to serve. */
  linger: number;
}

/** `baton hook watch`: becomes the user's hooks watcher, or exits 0 at once when one runs. */
export async function hookWatch(o: HookWatchOptions): Promise<number> {
  const root = hooksRoot();
  mkdirSync(root, { recursive: true, mode: 0o700 });
  if (!claim(root)) return EXIT.ok;
  await new HooksWatcher(root, o.linger * 1000).run();
  return EXIT.ok;
}
