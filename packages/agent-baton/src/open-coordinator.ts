import { type OpenCoordinatorOptions, type OpenedCoordinator, openCoordinatorWith } from "@agent-baton/core";
import { loadDriver } from "./load-driver.js";

/** openCoordinatorWith's options; the driver defaults to the backend the config names. */
export type OpenOptions = Omit<OpenCoordinatorOptions, "loadDriver"> &
  Partial<Pick<OpenCoordinatorOptions, "loadDriver">>;

/**
 * Opens a Coordinator for the calling session on the configured backend (file or redis, loaded on
 * demand). Close it with `coordinator.close()`.
 */
export function openCoordinator(options: OpenOptions = {}): Promise<OpenedCoordinator> {
  return openCoordinatorWith({ ...options, loadDriver: options.loadDriver ?? loadDriver });
}
