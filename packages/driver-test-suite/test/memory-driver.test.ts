import { afterEach, describe, expect, it } from "vitest";
import { createMemoryDriver, driverConformanceSuite } from "../src/index.js";

driverConformanceSuite({ describe, it, expect, afterEach }, "memory", (namespace) =>
  createMemoryDriver({ namespace }),
);
