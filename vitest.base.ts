import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

/** How long one of a package's tests, and one of its before/after hooks, may take. */
export interface Bounds {
  testTimeout: number;
  hookTimeout: number;
}

/**
 * The one test config every package extends: its tests in `src/` and `test/`, its own bounds (each
 * package says why beside them), and, for the packages whose tests use the driver conformance suite,
 * that suite run from source, so a test never depends on whether the suite's dist/ was rebuilt.
 */
export function packageProject(bounds: Bounds, options: { suiteFromSource?: boolean } = {}) {
  return defineProject({
    ...(options.suiteFromSource && {
      resolve: {
        alias: {
          "@agent-baton/driver-test-suite": fileURLToPath(
            new URL("./packages/driver-test-suite/src/index.ts", import.meta.url),
          ),
        },
      },
    }),
    test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], ...bounds },
  });
}
