import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // real processes, git and disk under a parallel run; vitest's 5 s default is no bound for that
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
