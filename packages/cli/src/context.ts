import {
  type BatonConfig,
  type Coordinator,
  InvalidInputError,
  openCoordinatorWith,
  type SessionIdentity,
} from "@agent-baton/core";
import { type HookInput, hookCwd, readHookInput } from "./hooks/hook-input.js";
import { loadDriver } from "./load-driver.js";
import { Output } from "./output.js";

/** Options every command takes (SPEC §4). */
export interface GlobalOptions {
  json?: boolean;
  session?: string;
  backend?: string;
  hook?: boolean;
  strict?: boolean;
  /** `--claude-pid`: the Claude Code process that ran a detached hook. */
  claudePid?: number;
}

/** What a command runs with: its coordinator, who it is, its output, and the hook input if any. */
export interface Context {
  coordinator: Coordinator;
  identity: SessionIdentity;
  out: Output;
  opts: GlobalOptions;
  hook: HookInput | null;
}

/** `--backend file|local|redis` as a config override. */
export function backendOverride(backend: string | undefined): Partial<BatonConfig> {
  if (backend === undefined) return {};
  if (backend === "file" || backend === "local") return { backend: "file" };
  if (backend === "redis") return { backend: "redis" };
  throw new InvalidInputError(`invalid --backend ${JSON.stringify(backend)}: use file or redis`, {
    field: "backend",
  });
}

/** The output for these options: quiet under `--hook` (Claude Code would show stdout to the model) unless `--json`. */
export function outputFor(opts: GlobalOptions): Output {
  return new Output(opts.json === true, opts.hook === true && opts.json !== true);
}

/** Opens a coordinator for the options, runs `fn` with it, and closes it whatever happens. */
export async function withCoordinator(
  opts: GlobalOptions,
  fn: (ctx: Context) => Promise<number>,
  extra: { anchorPid?: number | null } = {},
): Promise<number> {
  const hook = opts.hook ? await readHookInput() : null;
  const { coordinator, identity } = await openCoordinatorWith({
    loadDriver,
    overrides: backendOverride(opts.backend),
    session: opts.session,
    hook: hook ?? undefined,
    parentPid: opts.claudePid,
    cwd: hook ? hookCwd(hook) : undefined,
    ...extra,
  });
  try {
    return await fn({ coordinator, identity, out: outputFor(opts), opts, hook });
  } finally {
    await coordinator.close();
  }
}
