import { type ClaudeHome, makeClaudeHome } from "./claude-home.js";
import { killGroup, runClaude } from "./run-claude.js";
import type { Conversation, StandIn } from "./stand-in.js";
import { type Step, text } from "./turns.js";

/** One way of running the same one-prompt session (e.g. with no hooks, or with baton's). */
export interface SessionVariant {
  name: string;
  /** Prepares a fresh HOME for a run (writes settings, links bins); returns extra environment. */
  prepare(home: ClaudeHome, conversation: Conversation): Record<string, string> | undefined;
  /**
   * Waits, untimed, for what a run leaves working after `claude` exits (a detached hook), so that
   * it does not slow the next run down.
   */
  settle?(home: ClaudeHome): Promise<void>;
  /** The model's turns (default: it says "done"); the last must say "done". Bash is allowed. */
  steps?: Step[];
}

/** Wall times (ms) of each variant's runs, in run order. */
export type SessionTimes = Record<string, number[]>;

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Times a one-prompt `claude -p` session (one turn, text only unless the variant scripts tool
 * calls) per variant, spawn to exit.
 * The variants take turns run by run, so load on a shared machine falls on all of them alike;
 * each run has a fresh HOME; the first `warmup` rounds are not counted. A failed run throws.
 */
export async function timeSessions(
  api: StandIn,
  variants: SessionVariant[],
  options: { rounds: number; warmup?: number },
): Promise<SessionTimes> {
  const times: SessionTimes = Object.fromEntries(variants.map((v) => [v.name, []]));
  const warmup = options.warmup ?? 1;
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (const variant of variants) {
      const home = makeClaudeHome();
      try {
        const conversation = api.conversation(variant.steps ?? [text("done")]);
        const env = variant.prepare(home, conversation);
        // The group is left alone until the variant has settled: a real terminal does not kill it at exit.
        const run = await runClaude({
          prompt: "say done",
          conversation,
          home,
          env,
          allowedTools: ["Bash"],
          keepGroup: true,
        });
        try {
          if (run.code !== 0 || run.stdout.trim() !== "done") {
            throw new Error(
              `${variant.name}: claude -p exited ${run.code}${run.timedOut ? " (timed out)" : ""}: ${run.stderr}`,
            );
          }
          if (round >= warmup) times[variant.name]!.push(run.durationMs);
          await variant.settle?.(home);
        } finally {
          killGroup(run.pid);
        }
      } finally {
        home.dispose();
      }
    }
  }
  return times;
}
