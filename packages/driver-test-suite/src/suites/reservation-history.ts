import { type HistoryEvent, HistoryEventSchema, localHost, reservationEventName } from "@agent-baton/core";
import { coordinatorFor, deadPid, events, HOUR, ManualClock, sessionRecord } from "../fixtures.js";
import { gitRepoWithWorktree, reservationFor } from "../reservation-fixtures.js";
import type { SuiteContext } from "../suite-context.js";

const REPO = "github.com/acme/api";

/** `type name session by (reason)` of each reservation event: what history tells of reservations. */
const told = (list: HistoryEvent[]) =>
  list
    .filter((e) => e.type.startsWith("reservation."))
    .map((e) => `${e.type} ${e.name} ${e.session} by=${e.by ?? "-"} (${e.reason ?? ""})`);

/** Reservation history: each change records its events in the same step, and only a change that lands. */
export function reservationHistorySuite({ describe, it, expect, afterEach, open }: SuiteContext): void {
  const repos: Array<{ remove(): void }> = [];
  afterEach(() => {
    for (const r of repos.splice(0)) r.remove();
  });
  const gitRepo = () => {
    const repo = gitRepoWithWorktree();
    repos.push(repo);
    return repo;
  };

  describe("reservation history", () => {
    it("a change records its events whole, with the change; a change refused by its version records none", async () => {
      const { driver } = await open();
      const a = reservationFor("s1", "src/**", { host: "h1" });
      const before = Date.now();
      const v1 = await driver.changeReservations(REPO, 0, {
        put: [a],
        remove: [],
        events: [
          {
            type: "reservation.taken",
            name: reservationEventName(REPO, "src/**"),
            session: "s1",
            host: "h1",
            by: null,
            reason: "auth",
          },
        ],
      });
      const refused = await driver.changeReservations(REPO, 0, {
        put: [],
        remove: [a],
        events: [
          {
            type: "reservation.released",
            name: reservationEventName(REPO, "src/**"),
            session: "s1",
            host: "h1",
            by: null,
            reason: null,
          },
        ],
      });
      expect(refused).toBeNull();
      await driver.changeReservations(REPO, v1!, {
        put: [],
        remove: [a],
        events: [
          {
            type: "reservation.overridden",
            name: reservationEventName(REPO, "src/**"),
            session: "s1",
            host: "h1",
            by: "s2",
            reason: "holder stale",
          },
        ],
      });
      const list = await events(driver);
      expect(list).toHaveLength(2);
      for (const e of list) {
        expect(HistoryEventSchema.parse(e)).toEqual(e);
        expect(Date.parse(e.time)).toBeGreaterThanOrEqual(before - 1_000);
      }
      expect(list).toMatchObject([
        {
          type: "reservation.taken",
          name: "github.com/acme/api:src/**",
          session: "s1",
          host: "h1",
          by: null,
          reason: "auth",
          token: null,
        },
        { type: "reservation.overridden", session: "s1", host: "h1", by: "s2", reason: "holder stale" },
      ]);
      expect(
        (await events(driver, { name: "github.com/acme/api:src/**", session: "s2" })).map((e) => e.type),
      ).toEqual(["reservation.overridden"]);
    });

    it("coordinator: taken (not on renewal), released by its holder, on expiry, and with its session's end", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const name = (glob: string) => reservationEventName(repo.main, glob);
      await a.reservations.reserve(["src/**", "docs/"], { reason: "auth refactor", ttl: 600 });
      await a.reservations.reserve(["src/**"], { ttl: 600 });
      await a.reservations.release(["docs/"]);
      await a.reservations.reserve(["lib/**"], { ttl: 5 });
      clock.advance(10_000);
      await a.reservations.reserve(["tmp/**"], { ttl: 600 });
      await a.reservations.reserve(["ops/**"], { ttl: 5 });
      clock.advance(10_000);
      await a.reservations.reserve(["ops/**"], { ttl: 600 });
      await a.sessions.end(undefined, { reason: "done" });
      const lines = told(await events(driver));
      expect(lines.slice(0, 9)).toEqual([
        `reservation.taken ${name("src/**")} sess-a by=- (auth refactor)`,
        `reservation.taken ${name("docs/**")} sess-a by=- (auth refactor)`,
        `reservation.released ${name("docs/**")} sess-a by=- ()`,
        `reservation.taken ${name("lib/**")} sess-a by=- ()`,
        `reservation.released ${name("lib/**")} sess-a by=- (expired)`,
        `reservation.taken ${name("tmp/**")} sess-a by=- ()`,
        `reservation.taken ${name("ops/**")} sess-a by=- ()`,
        `reservation.released ${name("ops/**")} sess-a by=- (expired)`,
        `reservation.taken ${name("ops/**")} sess-a by=- ()`,
      ]);
      // one session's reservations leave together, in no particular order
      expect(lines.slice(9).sort()).toEqual([
        `reservation.released ${name("ops/**")} sess-a by=- (done)`,
        `reservation.released ${name("src/**")} sess-a by=- (done)`,
        `reservation.released ${name("tmp/**")} sess-a by=- (done)`,
      ]);
      const taken = (await events(driver, { name: name("src/**") }))[0]!;
      expect(taken).toMatchObject({ session: "sess-a", host: localHost() });
    });

    it("coordinator: overridden when a gone or long-stale holder's reservation is taken, released when it is only swept", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const name = (glob: string) => reservationEventName(repo.main, glob);
      await driver.putSession(sessionRecord("sess-dead", { host: localHost(), pid: deadPid() }));
      await driver.changeReservations(repo.main, 0, {
        put: [
          reservationFor("sess-dead", "api/**", { repo: repo.main }),
          reservationFor("sess-dead", "web/**", { repo: repo.main }),
        ],
        remove: [],
      });
      const b = coordinatorFor(driver, "sess-b", clock, undefined, repo.linked);
      expect(await b.reservations.reserve(["api/x.ts"], { ttl: 86_400 })).toMatchObject({ reserved: true });

      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      await a.reservations.reserve(["src/**"], { ttl: 86_400 });
      clock.advance(5 * HOUR);
      expect(await b.reservations.reserve(["src/a.ts"])).toMatchObject({ took_over: [{ tier: "stale" }] });

      const c = coordinatorFor(driver, "sess-c", clock, undefined, repo.main);
      await c.reservations.reserve(["ops/**"], { ttl: 60 });
      clock.advance(2 * 60_000);
      await b.sessions.cleanup();
      const lines = told(await events(driver));
      // one step's removals come in the order the backend keeps them
      expect(lines.slice(0, 2).sort()).toEqual([
        `reservation.overridden ${name("api/**")} sess-dead by=sess-b (holder dead)`,
        `reservation.released ${name("web/**")} sess-dead by=sess-b (holder dead)`,
      ]);
      expect(lines.slice(2)).toEqual([
        `reservation.taken ${name("api/x.ts")} sess-b by=- ()`,
        `reservation.taken ${name("src/**")} sess-a by=- ()`,
        `reservation.overridden ${name("src/**")} sess-a by=sess-b (holder stale)`,
        `reservation.taken ${name("src/a.ts")} sess-b by=- ()`,
        `reservation.taken ${name("ops/**")} sess-c by=- ()`,
        `reservation.released ${name("ops/**")} sess-c by=sess-b (expired)`,
      ]);
    });
  });
}
