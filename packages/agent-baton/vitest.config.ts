import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // the registry tests install from npm; each step inside has its own bound, these only catch a stall
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
