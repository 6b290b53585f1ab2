import { type BatonConfig, type Driver, loadConfig } from "@agent-baton/core";
import { loadDriver } from "./load-driver.js";

/** The config and the one driver every connection of this server shares. */
export interface Backend {
  config: BatonConfig;
  driver: Driver;
}

export interface OpenBackendOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: Partial<BatonConfig>;
}

/** Resolves the config (files, env, flags) and makes the driver it names. */
export async function openBackend(options: OpenBackendOptions = {}): Promise<Backend> {
  const config = loadConfig({ cwd: options.cwd, env: options.env, overrides: options.overrides });
  return { config, driver: await loadDriver(config) };
}
