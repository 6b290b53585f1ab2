import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  type ClaudeHome,
  killGroup,
  makeClaudeHome,
  type RunClaudeOptions,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
} from "../src/index.js";
import { BATON } from "./baton-bin.js";

/**
 * Bash for a session's first call: waits (bounded, 20 s) until the user's hooks watcher has taken
 * the session, then prints `folder=<its hook folder> watcher=<the watcher's pid>`. The watcher
 * takes a session in the background, so a call that needs it must wait for it first; `-s`, not
 * `-e`: the watcher's writeFileSync creates the file empty before it writes the pid.
 */
export const WATCHER_LINE =
  `dir="\${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID"; ` +
  'i=0; until [ -s "$dir/watcher" ] || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ' +
  'echo "folder=$dir watcher=$(cat "$dir/watcher")"; ';

/** What WATCHER_LINE printed in `output`: the session's hook folder and the watcher's pid. */
export function watcherOf(output: string): { folder: string; pid: number } {
  const [, folder, pid] = /folder=(\S+) watcher=(\d*)/.exec(output) ?? [];
  return { folder: folder ?? "", pid: Number(pid) };
}

/** Waits (untimed for the test, bounded by `ms`) until `done()` holds; says whether it did. */
export async function waitUntil(done: () => boolean, ms = 20_000): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50)))
    if (done()) return true;
  return false;
}

/** Waits (bounded) until `path` exists: the watcher marks what it saw by leaving files. */
export const appears = (path: string, ms?: number) => waitUntil(() => existsSync(path), ms);

/** The stand-in API and a Claude HOME with baton's hooks installed for the user, on the file backend. */
export interface BatonHome {
  api: StandIn;
  home: ClaudeHome;
  /** What `baton hooks install --user --json` printed. */
  installed: { settings: string; backup: string | null };
  /** The file backend (its folder in the home) plus the extra env the fixture was given. */
  env(): Record<string, string>;
  /** baton run by the test (not through the hooks), as `session` if given; returns its stdout. */
  baton(args: string[], options?: { session?: string; cwd?: string }): string;
  /** `claude -p` in the home: Bash allowed, the fixture's env, its process group kept until close, 90 s. */
  run(options: Omit<RunClaudeOptions, "home">): Promise<RunClaudeResult>;
  /** Kills the process groups runs kept, closes the API and removes the home. */
  close(): Promise<void>;
}

/** Starts a BatonHome; `settings` seed the home's settings.json, `env` joins the backend's. */
export async function startBatonHome(
  options: { settings?: Record<string, unknown>; env?: Record<string, string> } = {},
): Promise<BatonHome> {
  const api = await startStandIn();
  const home = makeClaudeHome(options.settings);
  const installed = JSON.parse(
    execFileSync(process.execPath, [BATON, "hooks", "install", "--user", "--json"], {
      env: { PATH: process.env.PATH, HOME: home.home },
      encoding: "utf8",
    }),
  );
  const env = () => ({
    COORDINATION_BACKEND: "file",
    COORDINATION_DIR: join(home.home, "coordination"),
    ...options.env,
  });
  const kept: RunClaudeResult[] = [];
  return {
    api,
    home,
    installed,
    env,
    baton(args, { session, cwd } = {}) {
      return execFileSync(process.execPath, [BATON, ...args], {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: home.home,
          ...env(),
          NO_COLOR: "1",
          ...(session ? { BATON_SESSION_ID: session } : {}),
        },
        encoding: "utf8",
      });
    },
    async run(run) {
      const result = await runClaude({
        allowedTools: ["Bash"],
        env: env(),
        keepGroup: true,
        timeoutMs: 90_000,
        ...run,
        home,
      });
      if (run.keepGroup !== false) kept.push(result);
      return result;
    },
    async close() {
      for (const result of kept.reverse()) killGroup(result.pid);
      await api.close();
      home.dispose();
    },
  };
}
