import { Command, CommanderError, Option } from "commander";
import type { RunOptions } from "./commands/run.js";
import type { Context, GlobalOptions } from "./context.js";
import { numberFlag } from "./number-flags.js";
import { reservationCommands } from "./reservation-commands.js";

/** What the running command decided: its exit code and the options it ran with (for error handling). */
export interface RunState {
  code: number;
  opts: GlobalOptions;
}

type Handler = (
  ctx: Context,
  args: string[],
  opts: Record<string, string | number | boolean | undefined>,
) => Promise<number>;

function globals(c: Command, hook = false): Command {
  c.option("--json", "print the result as JSON (core's result schema)")
    .option("--session <id>", "act as this session id")
    .option("--backend <name>", "file or redis (overrides config and COORDINATION_BACKEND)");
  if (hook) {
    c.option("--hook", "read Claude Code hook JSON from stdin; never fail the agent").option(
      "--strict",
      "with --hook: fail on backend errors instead of exiting 0",
    );
  }
  return c;
}

/**
 * The `baton` command tree. Definitions are cheap; each action imports its module (and core, and
 * the one backend the config names) only when it runs, so a hook's cold start stays small.
 */
export function buildProgram(name: string, version: string, state: RunState): Command {
  const program = globals(new Command(name))
    .version(version)
    .description("Locks, sessions, heartbeats and issue claims for many Claude Code sessions at once.")
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride();

  /** A leaf command whose action opens a coordinator and runs `handler`. */
  const leaf = (
    parent: Command,
    spec: string,
    description: string,
    handler: Handler,
    o: { hook?: boolean; isDefault?: boolean } = {},
  ) =>
    globals(parent.command(spec, { isDefault: o.isDefault }).description(description), o.hook).action(
      async (...params: unknown[]) => {
        const cmd = params.at(-1) as Command;
        const opts = cmd.optsWithGlobals() as GlobalOptions &
          Record<string, string | number | boolean | undefined>;
        state.opts = opts;
        const { withCoordinator } = await import("./context.js");
        state.code = await withCoordinator(opts, (ctx) => handler(ctx, cmd.processedArgs as string[], opts));
      },
    );
  const group = (spec: string, description: string) =>
    globals(program.command(spec).description(description));

  const lock = group("lock", "acquire, release and inspect locks");
  const lockMod = () => import("./commands/lock.js");
  leaf(lock, "acquire <name>", "take a lock (re-entrant: extends your own)", async (c, [n], o) =>
    (await lockMod()).acquire(c, n!, o as never),
  )
    .option(
      "--ttl <seconds>",
      "whole seconds until it expires unless extended, 1-86400 (default DEFAULT_LOCK_TIMEOUT)",
      numberFlag("ttl"),
    )
    .option(
      "--wait <seconds>",
      "wait in line up to this long for a held lock, 0-3600 (first come, first served)",
      numberFlag("wait"),
      0,
    )
    .option(
      "--slots <n>",
      "let up to N sessions hold it at once, 1-1000 (default 1); everyone using the name must agree",
      numberFlag("slots"),
    )
    .option("--shared", "a shared hold: shared holders coexist, an exclusive holder is alone");
  leaf(lock, "release <name>", "release a lock you hold", async (c, [n]) => (await lockMod()).release(c, n!));
  leaf(lock, "check <name>", "is it free? exit 0 free or yours, 1 held", async (c, [n]) =>
    (await lockMod()).check(c, n!),
  );
  leaf(lock, "wait <name>", "wait until a lock is free (without taking it)", async (c, [n], o) =>
    (await lockMod()).waitFree(c, n!, o as never),
  ).option("--wait <seconds>", "give up after this long (exit 3), 0-3600", numberFlag("wait"), 120);
  paged(
    leaf(lock, "list [pattern]", "locks matching a glob, a page at a time", async (c, [p], o) =>
      (await lockMod()).list(c, p, o as never),
    ),
  );
  leaf(lock, "info <name>", "a lock's full record", async (c, [n]) => (await lockMod()).info(c, n!));
  leaf(lock, "extend <name>", "reset a held lock's TTL", async (c, [n], o) =>
    (await lockMod()).extend(c, n!, o as never),
  ).option("--ttl <seconds>", "new TTL from now, whole seconds 1-86400", numberFlag("ttl"));
  leaf(
    lock,
    "request <name>",
    "ask the holders to release a lock (they get a notice saying who asks and why)",
    async (c, [n], o) => (await import("./commands/lock-request.js")).request(c, n!, o as never),
  )
    .option("--reason <text>", "why you need it, shown to the holders")
    .option(
      "--wait <seconds>",
      "then wait in line for the lock up to this long, 0-3600",
      numberFlag("wait"),
      0,
    )
    .option("--ttl <seconds>", "with --wait: the TTL of the lock once yours", numberFlag("ttl"))
    .option(
      "--slots <n>",
      "with --wait: the lock's slots, as its holders use it (default 1)",
      numberFlag("slots"),
    )
    .option("--shared", "with --wait: queue for a shared hold");
  leaf(lock, "force-release <name>", "break a lock whoever holds it (admin)", async (c, [n]) =>
    (await lockMod()).forceRelease(c, n!),
  );

  globals(
    program
      .command("run")
      .description(
        "run CMD while holding a lock: baton run --lock NAME [--wait S] [--slots N] [--shared] [--on-request release] -- CMD ARGS… (no --wait: give up at once when held); CMD runs in a process group of its own, ended with it; exits with CMD's code, or 75 when the lock was lost and CMD was terminated for it",
      )
      .requiredOption("--lock <name>", "the lock to hold")
      .option("--ttl <seconds>", "lock TTL (default DEFAULT_LOCK_TIMEOUT); renewed every third of it")
      .option("--wait <seconds>", "seconds to wait in line for a held lock; 0 gives up at once", "0")
      .option(
        "--slots <n>",
        "let up to N runs hold the lock at once, 1-1000 (default 1)",
        numberFlag("slots"),
      )
      .option("--shared", "hold it shared: shared runs coexist, an exclusive holder is alone")
      .option(
        "-E, --conflict-exit-code <code>",
        "exit with this code when the lock stayed held (as flock -E; default 1 held, 3 wait timed out)",
      )
      .option(
        "--grace <seconds>",
        "seconds the command's group gets between SIGTERM and SIGKILL (0-3600)",
        "5",
      )
      .option(
        "--keep-going",
        "if the lock is lost, let the command finish instead of terminating its group (SIGTERM, SIGKILL after --grace; exit 75)",
      )
      .addOption(
        new Option(
          "--on-request <what>",
          "when another session asks for the lock (baton lock request): ignore, or release: end the command's group gracefully (SIGTERM, SIGKILL after --grace) and hand the lock on",
        )
          .choices(["release", "ignore"])
          .default("ignore"),
      )
      .argument("<command...>", "the command and its arguments")
      .passThroughOptions(),
  ).action(async (command: string[], _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as GlobalOptions & RunOptions;
    state.opts = opts;
    const { withCoordinator } = await import("./context.js");
    const { run } = await import("./commands/run.js");
    // The lock is anchored to this process: if it is killed outright, the lock counts as dead.
    state.code = await withCoordinator(opts, (ctx) => run(ctx, command, opts), { anchorPid: process.pid });
  });

  const session = group("session", "session lifecycle");
  const sessionMod = () => import("./commands/session.js");
  leaf(
    session,
    "start",
    "register this session",
    async (c, _a, o) => (await sessionMod()).start(c, o as never),
    { hook: true },
  )
    .option("--metadata <json>", "a JSON object stored with the session")
    .option(
      "--claude-pid <pid>",
      "with --hook: the Claude Code process that ran the hook, when baton runs detached from it (the hooks watcher then follows the session)",
      numberFlag("claude-pid"),
    );
  leaf(session, "pause", "mark this session paused", async (c) => (await sessionMod()).pause(c), {
    hook: true,
  });
  leaf(
    session,
    "end",
    "end this session, releasing its locks and claim",
    async (c) => (await sessionMod()).end(c),
    { hook: true },
  );
  paged(
    leaf(session, "status", "sessions with their tiers, a page at a time", async (c, _a, o) =>
      (await sessionMod()).status(c, o as never),
    ),
  );
  leaf(session, "cleanup", "remove dead and abandoned sessions", async (c) =>
    (await sessionMod()).cleanup(c),
  );

  const heartbeat = group(
    "heartbeat",
    "heartbeats: touch (default), daemon, stop, check, age, list, cleanup",
  );
  const beatMod = () => import("./commands/heartbeat.js");
  leaf(heartbeat, "touch", "mark this session active now", async (c) => (await beatMod()).touch(c), {
    hook: true,
    isDefault: true,
  });
  leaf(heartbeat, "daemon", "beat in the background (one per session)", async (c, _a, o) =>
    (await beatMod()).daemon(c, o),
  );
  leaf(heartbeat, "stop", "stop this session's daemon", async (c) => (await beatMod()).stop(c));
  leaf(heartbeat, "check", "exit 0 while the heartbeat is fresh", async (c) => (await beatMod()).check(c));
  leaf(heartbeat, "age", "seconds since the last heartbeat", async (c) => (await beatMod()).age(c));
  paged(
    leaf(heartbeat, "list", "sessions' heartbeats, a page at a time", async (c, _a, o) =>
      (await beatMod()).list(c, o as never),
    ),
  );
  leaf(heartbeat, "cleanup", "remove dead and abandoned sessions", async (c) =>
    (await sessionMod()).cleanup(c),
  );
  heartbeat.addCommand(
    globals(new Command("beat-loop"))
      .description("the daemon's body")
      .action(async (_o: unknown, cmd: Command) => {
        const opts = cmd.optsWithGlobals() as GlobalOptions;
        state.opts = opts;
        const { withCoordinator } = await import("./context.js");
        state.code = await withCoordinator(opts, async (ctx) => (await beatMod()).beatLoop(ctx));
      }),
    { hidden: true },
  );

  leaf(
    program,
    "claim [issue] [title]",
    "claim an issue: NUM [TITLE] | --release | --list | --check NUM | --status",
    async (c, [i, t], o) => (await import("./commands/claim.js")).claim(c, i, t, o as never),
  )
    .option("--release", "release this session's claim")
    .option("--list", "live claims of this repository")
    .option("--all", "with --list: of every repository")
    .option("--check <issue>", "who holds an issue; exit 1 when another session does")
    .option("--status", "this session's claim")
    .option("--repo <owner/name>", "the repository (default: from git origin)");

  paged(
    leaf(program, "status", "sessions, locks and claims at a glance", async (c, _a, o) =>
      o.watch
        ? (await import("./watch/watch-status.js")).watchStatus(c, o as never)
        : (await import("./commands/status.js")).status(c, o as never),
    ),
  ).option(
    "--watch",
    "full screen, redrawn as things change: sessions, locks with holders and lines, claims, events (q quits; one snapshot when not on a terminal)",
  );
  leaf(
    program,
    "notices",
    "what happened to this session's locks and claims, who asks for them, which of its changed files another session changes too; each told once",
    async (c) => (await import("./commands/notices.js")).notices(c),
  );
  leaf(
    program,
    "history",
    "recorded events, oldest first: who held, waited for, released or broke which lock, and when (--session ID: only that session's events)",
    async (c, _a, o) => (await import("./commands/history.js")).history(c, o as never),
  )
    .option("--lock <name>", "only this lock's events (a name without ':' is a resource lock)")
    .option("--since <when>", "only events since a span back (30m, 1h, 2d) or an ISO time")
    .option("--limit <n>", "the newest N events, 1-10000 (default 100)")
    .option("--follow", "then print each new event as it is recorded, until Ctrl+C (exit 0)")
    .option("--summary", "per lock: how many holds, median (p50) and longest hold time");
  leaf(
    program,
    "doctor",
    "config sources, backend, identity, hooks, what the original scripts left",
    async (c) => (await import("./commands/doctor.js")).doctor(c),
  );

  reservationCommands(program, leaf, group);

  const hook = group("hook", "what baton's Claude Code hooks run: each reads the hook JSON on stdin");
  globals(hook.command("notices"), true)
    .description(
      "this session's pending notices for the model, one line each, as additionalContext JSON on stdout; none: exit 0, silent",
    )
    .option("--rewake", "answer as an asyncRewake hook: the lines on stderr, exit 2")
    .action(async (_o: unknown, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), hook: true } as GlobalOptions & { rewake?: boolean };
      state.opts = opts;
      const { withCoordinator } = await import("./context.js");
      const { hookNotices } = await import("./commands/hook-notices.js");
      state.code = await withCoordinator(opts, (ctx) => hookNotices(ctx, opts));
    });

  globals(hook.command("prompt"), true)
    .description(
      "at a prompt: a heartbeat, the session's watcher started if it is not running, then the pending notices as hook notices does",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), hook: true } as GlobalOptions;
      state.opts = opts;
      const { withCoordinator } = await import("./context.js");
      const { hookPrompt } = await import("./commands/hook-notices.js");
      state.code = await withCoordinator(opts, hookPrompt);
    });
  hook
    .command("watch")
    .description(
      "the user's hooks watcher, started by the SessionStart hook: registers each Claude Code session, beats, follows notices and reservations for the hooks' sh gates, ends a session when Claude Code is gone; exits 0 at once if one runs",
    )
    .option("--linger <seconds>", "stay this long with no session to serve", numberFlag("linger"), 600)
    .action(async (o: { linger: number }) => {
      const { hookWatch } = await import("./commands/hook-watch.js");
      state.code = await hookWatch(o);
    });

  const hooks = program
    .command("hooks")
    .description("Claude Code hooks in settings.json, or with --git the repository's pre-commit hook");
  const hooksMod = () => import("./commands/hooks.js");
  for (const [spec, description, fn] of [
    [
      "install",
      "install baton's hooks (by absolute path), replacing earlier forms and the original scripts' hooks; keeps a backup",
      "install",
    ],
    ["uninstall", "remove baton's hooks (every form), nothing else", "uninstall"],
    [
      "status",
      "whether baton's hooks are current in each settings file (and, in a repository, its git hook)",
      "hooksStatus",
    ],
  ] as const) {
    const command = hooks.command(spec);
    if (spec === "install") {
      command.option(
        "--warn",
        "the edit check warns the model of another session's reservation, never denies the edit",
      );
    }
    command
      .description(description)
      .option("--user", "~/.claude/settings.json (default)")
      .option("--project", "./.claude/settings.json")
      .option(
        "--git",
        "instead, the current repository's git pre-commit hook (git's hooks path), which refuses a commit touching paths another live session reserved; a pre-commit hook baton did not write is never replaced or removed",
      )
      .option("--json", "print the result as JSON")
      .action(async (o: { user?: boolean; project?: boolean; json?: boolean; git?: boolean }) => {
        state.opts = o;
        state.code = await (await hooksMod())[fn](o);
      });
  }

  return program;
}

/** `--limit` and `--cursor` of a command that lists a page at a time. */
function paged(c: Command): Command {
  return c
    .option("--limit <n>", "at most this many in one reply, 1-1000 (default 100)", numberFlag("limit"))
    .option("--cursor <cursor>", "start after the previous reply's last item (its next_cursor)");
}

/** Exit codes of commander's own outcomes: help and version are fine, anything else is bad usage (2). */
function commanderExit(error: CommanderError): number {
  return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
}

/** Parses `argv` with the whole command tree and runs the command; commander's own outcomes become exit codes. */
export async function runProgram(
  argv: string[],
  name: string,
  version: string,
  state: RunState,
): Promise<number> {
  try {
    await buildProgram(name, version, state).parseAsync(argv, { from: "user" });
    return state.code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    throw error;
  }
}
