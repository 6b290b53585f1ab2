import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each real `claude -p` run takes seconds; a file's runs share one stand-in server.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
