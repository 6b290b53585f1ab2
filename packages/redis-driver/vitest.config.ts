import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    // The suite is a private workspace package: run it from source, never from a stale build.
    alias: {
      "@agent-baton/driver-test-suite": fileURLToPath(
        new URL("../driver-test-suite/src/index.ts", import.meta.url),
      ),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
