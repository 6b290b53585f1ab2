import type { Driver } from "@agent-baton/core";
import type { afterEach as AfterEach, describe as Describe, expect as Expect, it as It } from "vitest";
import type { MakeDriver } from "./fixtures.js";
import { claimsSuite } from "./suites/claims.js";
import { coordinatorSuite } from "./suites/coordinator.js";
import { fencingSuite } from "./suites/fencing.js";
import { historySuite } from "./suites/history.js";
import { linesSuite } from "./suites/lines.js";
import { locksSuite } from "./suites/locks.js";
import { multiHoldSuite } from "./suites/multi-hold.js";
import { noticesSuite } from "./suites/notices.js";
import { raceSuite } from "./suites/race.js";
import { recordedEventsSuite } from "./suites/recorded-events.js";
import { requestsSuite } from "./suites/requests.js";
import { reservationHistorySuite } from "./suites/reservation-history.js";
import { reservationsSuite } from "./suites/reservations.js";
import { sessionsSuite } from "./suites/sessions.js";
import { sharedSuite } from "./suites/shared.js";
import { slotsSuite } from "./suites/slots.js";

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

let counter = 0;

/**
 * Runs the driver conformance suite: the behaviour every baton driver must show.
 * `makeDriver(namespace)` must give drivers that share storage exactly when namespaces are equal,
 * with history recorded.
 */
export function driverConformanceSuite(api: TestApi, name: string, makeDriver: MakeDriver): void {
  const opened: Driver[] = [];
  const ctx: SuiteContext = {
    ...api,
    async open(namespace) {
      const ns = namespace ?? `t${process.pid}-${Date.now().toString(36)}-${++counter}`;
      const driver = await makeDriver(ns);
      opened.push(driver);
      return { driver, namespace: ns };
    },
  };
  api.describe(`driver conformance: ${name}`, () => {
    api.afterEach(async () => {
      await Promise.all(opened.splice(0).map((d) => d.close()));
    });
    locksSuite(ctx);
    linesSuite(ctx);
    slotsSuite(ctx);
    sharedSuite(ctx);
    multiHoldSuite(ctx);
    requestsSuite(ctx);
    fencingSuite(ctx);
    historySuite(ctx);
    noticesSuite(ctx);
    sessionsSuite(ctx);
    claimsSuite(ctx);
    raceSuite(ctx);
    coordinatorSuite(ctx);
    reservationsSuite(ctx);
    reservationHistorySuite(ctx);
    recordedEventsSuite(ctx);
  });
}
