import type { GlobalOptions } from "./context.js";

/** A command Claude Code hooks run on every prompt or edit, parsed without building commander's program. */
export type HotCommand =
  | { command: "heartbeat"; opts: GlobalOptions }
  | { command: "lock check"; name: string; opts: GlobalOptions }
  | { command: "reservations check"; opts: GlobalOptions & { warn?: boolean } };

type Flag = keyof GlobalOptions;
const BOOLEAN: Record<string, Flag> = { "--json": "json", "--hook": "hook", "--strict": "strict" };
const VALUED: Record<string, Flag> = { "--session": "session", "--backend": "backend" };

/**
 * Reads `args` as options (`--json`, `--session ID`, `--session=ID`, …; the last one wins, as in
 * commander) plus operands. Null on anything unusual, so the full program parses it and keeps its help and errors.
 */
function parseFlags(
  args: string[],
  allowed: readonly Flag[],
): { opts: GlobalOptions; operands: string[] } | null {
  const opts: Record<string, string | boolean> = {};
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-")) {
      operands.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const boolean = BOOLEAN[flag];
    const valued = VALUED[flag];
    if (boolean && eq === -1 && allowed.includes(boolean)) {
      opts[boolean] = true;
    } else if (valued && allowed.includes(valued)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === "" || value.startsWith("-")) return null;
      opts[valued] = value;
    } else {
      return null;
    }
  }
  return { opts, operands };
}

/**
 * `heartbeat [touch] [--hook] [--json] [--session ID] [--backend B] [--strict]`,
 * `lock check NAME [--json] [--session ID] [--backend B]` and
 * `reservations check --hook [--warn] [--json] [--session ID] [--backend B] [--strict]` exactly;
 * null for anything else.
 */
export function hotCommand(argv: string[]): HotCommand | null {
  if (argv[0] === "heartbeat") {
    // `touch` is the default subcommand; commander only takes it as the first word after `heartbeat`.
    const rest = argv[1] === "touch" ? argv.slice(2) : argv.slice(1);
    const parsed = parseFlags(rest, ["json", "session", "backend", "hook", "strict"]);
    if (!parsed || parsed.operands.length > 0) return null;
    return { command: "heartbeat", opts: parsed.opts };
  }
  if (argv[0] === "lock" && argv[1] === "check") {
    const parsed = parseFlags(argv.slice(2), ["json", "session", "backend"]);
    if (parsed?.operands.length !== 1) return null;
    return { command: "lock check", name: parsed.operands[0]!, opts: parsed.opts };
  }
  if (argv[0] === "reservations" && argv[1] === "check") {
    const rest = argv.slice(2);
    const parsed = parseFlags(
      rest.filter((a) => a !== "--warn"),
      ["json", "session", "backend", "hook", "strict"],
    );
    if (!parsed?.opts.hook || parsed.operands.length > 0) return null;
    return {
      command: "reservations check",
      opts: rest.includes("--warn") ? { ...parsed.opts, warn: true } : parsed.opts,
    };
  }
  return null;
}
