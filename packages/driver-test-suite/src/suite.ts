import type { Driver } from "@agent-baton/core";
import type { MakeDriver } from "./fixtures.js";
import type { SuiteContext, TestApi } from "./suite-context.js";
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
