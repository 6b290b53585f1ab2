import { availableParallelism } from "node:os";
import { defineConfig, type UserWorkspaceConfig } from "vitest/config";
import cli from "./packages/cli/vitest.config.ts";
import core from "./packages/core/vitest.config.ts";
import driverTestSuite from "./packages/driver-test-suite/vitest.config.ts";
import fileDriver from "./packages/file-driver/vitest.config.ts";
import redisDriver from "./packages/redis-driver/vitest.config.ts";

/**
 * A package's tests again with the portable platform probes (ps, lsof: what macOS runs) forced on this
 * Linux machine, the CLI's on the file backend only (the probes judge processes alike on both).
 * The package's own config with fewer files and this environment, which the bins the tests spawn inherit.
 */
function portable(pkg: string, config: UserWorkspaceConfig, include: string[]) {
  return {
    ...config,
    root: `packages/${pkg}`,
    test: {
      ...config.test,
      // scripts/pass-reports.mjs reports the projects named "portable:…" as their own pass
      name: `portable:${pkg}`,
      include,
      env: { BATON_PLATFORM_PROBE: "portable", BATON_TEST_BACKENDS: "file" },
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      portable("driver-test-suite", driverTestSuite, [
        "test/coordinator.test.ts",
        "test/memory-driver.test.ts",
        "test/run-locked.test.ts",
      ]),
      portable("file-driver", fileDriver, ["test/conformance.test.ts"]),
      portable("redis-driver", redisDriver, ["test/conformance.test.ts"]),
      portable("cli", cli, ["test/**/*.test.ts"]),
      portable("core", core, [
        "src/identity.test.ts",
        "src/platform/select.test.ts",
        "src/platform/process-info.test.ts",
      ]),
    ],
    // Each project sets its own timeouts: vitest hands a project only the CLI's, never this file's.
    // Test files wait on spawned processes, redis-servers and sleeps as much as they use CPU, so they
    // share the cores: one worker per core (vitest's default, cores - 1, is 1 on 2 cores). More
    // starved the timing-bound CLI tests on 2 busy cores (a waiter's lease lapsed in line).
    maxWorkers: Number(process.env.BATON_TEST_WORKERS) || Math.max(2, availableParallelism()),
  },
});
