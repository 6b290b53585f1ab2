import type { Clock } from "./clock.js";
import { loadConfig } from "./config.js";
import { Coordinator } from "./coordinator.js";
import type { Driver } from "./driver.js";
import { type IdentityInputs, resolveSessionIdentity, type SessionIdentity } from "./identity.js";
import { localHost } from "./platform/process-info.js";
import type { Backend, BatonConfig } from "./schemas/config.js";

/** Makes the driver for a resolved config; callers load only the backend they use. */
export type DriverLoader = (config: BatonConfig) => Promise<Driver>;

/** How the process using the driver lives: one command (fail fast) or a server (reconnect). */
export interface DriverUse {
  longRunning?: boolean;
}

/** What each driver package exports so consumers can make it from the resolved config. */
export interface DriverModule {
  driverFromConfig(config: BatonConfig, use?: DriverUse): Driver;
}

/**
 * A DriverLoader that imports only the backend the config names:
 * `driverLoader({ file: () => import("@agent-baton/file-driver"), redis: () => import("@agent-baton/redis-driver") })`.
 */
export function driverLoader(
  modules: Record<Backend, () => Promise<DriverModule>>,
  use: DriverUse = {},
): DriverLoader {
  return async (config) => (await modules[config.backend]()).driverFromConfig(config, use);
}

export interface OpenCoordinatorOptions {
  loadDriver: DriverLoader;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Config from flags: the highest precedence. */
  overrides?: Partial<BatonConfig>;
  /** `--session`: wins over every other identity source. */
  session?: string;
  /** Parsed Claude Code hook JSON (`--hook`). */
  hook?: IdentityInputs["hook"];
  /** The process that ran this one in the background and is no longer its ancestor (see IdentityInputs). */
  parentPid?: number;
  /** The process bounding this session's locks; defaults to the one identity found (Claude Code, a registered process). */
  anchorPid?: number | null;
  repo?: string;
  clock?: Clock;
  issueTitle?: (repo: string, issue: number) => Promise<string | null>;
}

/** A Coordinator plus how its session id was found. */
export interface OpenedCoordinator {
  coordinator: Coordinator;
  identity: SessionIdentity;
}

/**
 * Loads config (files, env, flags), makes the driver, resolves who the caller is, and returns a
 * Coordinator for that session. The caller closes it.
 */
export async function openCoordinatorWith(options: OpenCoordinatorOptions): Promise<OpenedCoordinator> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const config = loadConfig({ cwd, env, home: options.home, overrides: options.overrides });
  const driver = await options.loadDriver(config);
  try {
    const host = localHost();
    const identity = await resolveSessionIdentity({
      explicit: options.session,
      env,
      hook: options.hook,
      parentPid: options.parentPid,
      claudeSessionsDir: options.home ? `${options.home}/.claude/sessions` : undefined,
      registeredForPid: async (pid) =>
        (await driver.listSessions()).find((s) => s.host === host && s.pid === pid)?.session_id ?? null,
    });
    const coordinator = new Coordinator({
      driver,
      config,
      sessionId: identity.id,
      anchorPid: options.anchorPid === undefined ? identity.anchorPid : options.anchorPid,
      cwd,
      clock: options.clock,
      repo: options.repo,
      issueTitle: options.issueTitle,
    });
    return { coordinator, identity };
  } catch (error) {
    await driver.close();
    throw error;
  }
}
