import type { BatonConfig, Driver } from "@agent-baton/core";
import { createFileDriver } from "./create-file-driver.js";

/** The file driver for a resolved config: state under COORDINATION_DIR, history as configured. */
export function driverFromConfig(config: BatonConfig): Driver {
  return createFileDriver({
    dir: config.coordinationDir,
    history: { enabled: config.history, maxBytes: config.historyMaxBytes },
  });
}
