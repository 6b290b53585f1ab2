import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // end-to-end tests spawn the bin and real pytest; every wait inside is bounded on its own
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
