import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { driverConformanceSuite } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";

const base = mkdtempSync(join(tmpdir(), "baton-file-conformance-"));

driverConformanceSuite({ describe, it, expect, afterEach }, "file", (namespace) =>
  createFileDriver({ dir: join(base, namespace) }),
);
