import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    // Test helpers come from the suite's source, so a test never depends on whether its dist/ was rebuilt.
    alias: {
      "@agent-baton/driver-test-suite": fileURLToPath(
        new URL("../driver-test-suite/src/index.ts", import.meta.url),
      ),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // a test spawns its bins one after another, each a second or more on a busy machine
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
