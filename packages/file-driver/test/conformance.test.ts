import { join } from "node:path";
import { driverConformanceSuite } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

const base = tempDir("conformance");

driverConformanceSuite({ describe, it, expect, afterEach }, "file", (namespace) =>
  createFileDriver({ dir: join(base, namespace) }),
);
