import { InvalidInputError } from "@agent-baton/core";
import type { Context, GlobalOptions } from "../context.js";
import type { Output } from "../output.js";

/** The original scripts' names, which the drop-in bins keep. */
export type DropIn = "session-lock" | "session-register" | "session-heartbeat" | "claim-issue";

/**
 * What a drop-in invocation does: run as the `baton` command that does the same, run the drop-in's
 * own action where the original behaves differently from baton, or print the drop-in's usage.
 */
export type Route =
  | { baton: string[] }
  | { own: (ctx: Context) => Promise<number>; opts: GlobalOptions }
  | { help: true };

/** An invocation split into its words and baton's flags (`--json`, `--session ID`, `--backend NAME`, `--repo R`). */
export interface DropInArgs {
  words: string[];
  /** The flags as given, passed on to a `baton` command. */
  flags: string[];
  opts: GlobalOptions & { repo?: string };
}

const VALUED = { "--session": "session", "--backend": "backend", "--repo": "repo" } as const;

/** Splits an invocation: baton's flags (`--flag V` or `--flag=V`) anywhere, the rest in order. */
export function splitArgs(bin: DropIn, argv: string[]): DropInArgs {
  const words: string[] = [];
  const flags: string[] = [];
  const opts: DropInArgs["opts"] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = (eq === -1 ? arg : arg.slice(0, eq)) as keyof typeof VALUED;
    if (arg === "--json") {
      opts.json = true;
      flags.push(arg);
    } else if (arg.startsWith("--") && VALUED[flag]) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (!value) throw usageError(bin, `${flag} needs a value`);
      opts[VALUED[flag]] = value;
      flags.push(flag, value);
    } else words.push(arg);
  }
  return { words, flags, opts };
}

/** Bad usage: one line saying what was wrong and where the usage is (exit 2). */
export function usageError(bin: DropIn, what: string): InvalidInputError {
  return new InvalidInputError(`${what}; see: ${bin} --help`);
}

/** Whether the words ask for the usage: `help` as the command, or `--help`/`-h` anywhere. */
export function wantsHelp(words: string[]): boolean {
  return words[0] === "help" || words.includes("--help") || words.includes("-h");
}

/** Refuses words beyond what a command takes. */
export function atMost(bin: DropIn, words: string[], count: number, form: string): void {
  if (words.length > count + 1) throw usageError(bin, `too many arguments: ${bin} ${form}`);
}

/** With --json the result goes to stdout whatever the outcome; a refusal's reason goes to stderr beside it. */
export function jsonOnly(out: Output, value: unknown): void {
  if (out.json) out.result(value, () => "");
}
