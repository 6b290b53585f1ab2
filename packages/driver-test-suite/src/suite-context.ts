import type { Driver } from "@agent-baton/core";
import type { afterEach as AfterEach, describe as Describe, expect as Expect, it as It } from "vitest";

/** The test API the suite runs on: vitest's, passed in so the suite never picks its own runner. */
export interface TestApi {
  describe: typeof Describe;
  it: typeof It;
  expect: typeof Expect;
  afterEach: typeof AfterEach;
}

/** What each part of the suite receives: the test API and a way to open drivers on fresh storage. */
export interface SuiteContext extends TestApi {
  /** Opens a driver on a fresh namespace, or on `namespace` when given; closed after the test. */
  open(namespace?: string): Promise<{ driver: Driver; namespace: string }>;
}
