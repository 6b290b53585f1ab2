import { spawn } from "node:child_process";
import { delimiter } from "node:path";
import { claudeBinary } from "./claude-bin.js";
import type { ClaudeHome } from "./claude-home.js";
import type { Conversation } from "./stand-in.js";

export interface RunClaudeOptions {
  /** The prompt of `claude -p`; with `stdin`, none (the prompts come as stream-json lines). */
  prompt: string | null;
  /**
   * Written to claude's stdin, then closed: stream-json user messages, all at once or one by one
   * as the caller yields them (a message sent mid-turn joins that turn); none by default.
   */
  stdin?: string | AsyncIterable<string>;
  /** The stand-in conversation this run talks to. */
  conversation: Conversation;
  home: ClaudeHome;
  cwd?: string;
  /** `--allowedTools` (e.g. `["Bash"]`); none by default. */
  allowedTools?: string[];
  /** More arguments after `-p PROMPT`. */
  args?: string[];
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** The run is killed (its whole process group) after this long; default 60 s. */
  timeoutMs?: number;
  /** Leave processes of the group running after `claude` exits (to observe what it left behind); default false. */
  keepGroup?: boolean;
}

export interface RunClaudeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit. */
  durationMs: number;
  timedOut: boolean;
  /** The pid of `claude`, also its process group id. */
  pid: number;
}

/** Variables of the caller that would leak another identity or API into the run. */
const INHERITED_AWAY =
  /^(CLAUDE|ANTHROPIC|BATON_SESSION_ID$|TMUX|TERM_SESSION_ID$|WT_SESSION$|KITTY_WINDOW_ID$|WEZTERM_PANE$)/;

/** The environment a run gets: the caller's minus identities, plus the stand-in API, the temp HOME and `claude` on PATH. */
export function claudeEnv(
  options: Pick<RunClaudeOptions, "conversation" | "home" | "env">,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED_AWAY.test(key)) env[key] = value;
  Object.assign(env, {
    HOME: options.home.home,
    PATH: `${options.home.binDir}${delimiter}${process.env.PATH ?? ""}`,
    ANTHROPIC_BASE_URL: options.conversation.baseUrl,
    ANTHROPIC_API_KEY: "sk-ant-stand-in",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_TMPDIR: options.home.tmpDir,
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Kills a process group; a group already gone is fine. */
export function killGroup(pgid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-pgid, signal);
  } catch {}
}

/**
 * Runs `claude -p PROMPT` in its own process group and resolves when it exits; it never hangs a
 * test: past the timeout the group is killed, and the group's leftovers are killed after exit.
 */
export function runClaude(options: RunClaudeOptions): Promise<RunClaudeResult> {
  const args = options.prompt === null ? ["-p"] : ["-p", options.prompt];
  if (options.allowedTools?.length) args.push("--allowedTools", options.allowedTools.join(","));
  args.push(...(options.args ?? []));
  const started = performance.now();
  const child = spawn(claudeBinary(), args, {
    cwd: options.cwd ?? options.home.home,
    env: claudeEnv(options),
    stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    detached: true,
  });
  const input = options.stdin;
  if (typeof input === "string") child.stdin!.end(input);
  else if (input !== undefined) {
    void (async () => {
      for await (const chunk of input) child.stdin!.write(chunk);
      child.stdin!.end();
    })().catch(() => child.stdin!.destroy());
  }
  const pid = child.pid!;
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(pid);
  }, options.timeoutMs ?? 60_000);

  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      const durationMs = performance.now() - started;
      clearTimeout(timer);
      if (!options.keepGroup) killGroup(pid);
      // A process left in the group may hold the pipes open: take what came within a moment.
      const finish = () => resolve({ code, signal, stdout, stderr, durationMs, timedOut, pid });
      const grace = setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        finish();
      }, 500);
      child.once("close", () => {
        clearTimeout(grace);
        finish();
      });
    });
  });
}
