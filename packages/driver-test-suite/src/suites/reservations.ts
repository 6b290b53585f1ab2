import { join } from "node:path";
import { coordinatorFor, HOUR, ManualClock, MINUTE } from "../fixtures.js";
import { gitRepoWithWorktree, reservationFor } from "../reservation-fixtures.js";
import type { SuiteContext } from "../suite-context.js";

const RACERS = 12;
const REPO = "github.com/acme/api";

export function reservationsSuite({ describe, it, expect, afterEach, open }: SuiteContext): void {
  const repos: Array<{ remove(): void }> = [];
  afterEach(() => {
    for (const r of repos.splice(0)) r.remove();
  });
  const gitRepo = () => {
    const repo = gitRepoWithWorktree();
    repos.push(repo);
    return repo;
  };

  describe("reservations", () => {
    it("stores a repository's reservations under a version that every change moves", async () => {
      const { driver } = await open();
      expect(await driver.listReservationRepositories()).toEqual([]);
      expect(await driver.getReservations(REPO)).toEqual({ version: 0, reservations: [] });
      const a = reservationFor("s1", "src/**", { reason: "refactor auth", shared: true, worktree: null });
      const v1 = await driver.changeReservations(REPO, 0, { put: [a], remove: [] });
      expect(v1).not.toBeNull();
      expect(await driver.getReservations(REPO)).toEqual({ version: v1, reservations: [a] });
      expect(await driver.listReservationRepositories()).toEqual([REPO]);

      const renewed = { ...a, expires_at: new Date(Date.now() + 2 * HOUR).toISOString() };
      const b = reservationFor("s2", "docs/*.md");
      const v2 = await driver.changeReservations(REPO, v1!, { put: [renewed, b], remove: [] });
      expect(v2).not.toBeNull();
      expect(v2).not.toBe(v1);
      const stored = await driver.getReservations(REPO);
      expect(stored.version).toBe(v2);
      expect(stored.reservations.sort((x, y) => x.session_id.localeCompare(y.session_id))).toEqual([
        renewed,
        b,
      ]);
    });

    it("a change against a version that moved writes nothing and returns null", async () => {
      const { driver } = await open();
      const v1 = await driver.changeReservations(REPO, 0, {
        put: [reservationFor("s1", "a/**")],
        remove: [],
      });
      expect(
        await driver.changeReservations(REPO, 0, { put: [reservationFor("s2", "b/**")], remove: [] }),
      ).toBeNull();
      expect(
        await driver.changeReservations(REPO, v1! + 1000, {
          put: [],
          remove: [{ session_id: "s1", pattern: "a/**" }],
        }),
      ).toBeNull();
      expect((await driver.getReservations(REPO)).reservations.map((r) => r.pattern)).toEqual(["a/**"]);
    });

    it("removes by session and pattern, ignores absent ones, and forgets an emptied repository without reusing a version", async () => {
      const { driver } = await open();
      const v1 = await driver.changeReservations(REPO, 0, {
        put: [reservationFor("s1", "a/**"), reservationFor("s1", "b/**"), reservationFor("s2", "a/**")],
        remove: [],
      });
      const v2 = await driver.changeReservations(REPO, v1!, {
        put: [],
        remove: [
          { session_id: "s1", pattern: "a/**" },
          { session_id: "s9", pattern: "a/**" },
        ],
      });
      expect(
        (await driver.getReservations(REPO)).reservations.map((r) => `${r.session_id} ${r.pattern}`).sort(),
      ).toEqual(["s1 b/**", "s2 a/**"]);
      const v3 = await driver.changeReservations(REPO, v2!, {
        put: [],
        remove: [
          { session_id: "s1", pattern: "b/**" },
          { session_id: "s2", pattern: "a/**" },
        ],
      });
      expect(v3).not.toBeNull();
      expect(await driver.listReservationRepositories()).toEqual([]);
      const empty = await driver.getReservations(REPO);
      expect(empty.reservations).toEqual([]);
      const v4 = await driver.changeReservations(REPO, empty.version, {
        put: [reservationFor("s3", "c/**")],
        remove: [],
      });
      expect([v1, v2, v3]).not.toContain(v4);
      for (const stale of [v1!, v2!]) {
        expect(await driver.changeReservations(REPO, stale, { put: [], remove: [] })).toBeNull();
      }
    });

    it("keeps repositories apart, whatever their keys look like", async () => {
      const { driver } = await open();
      const keys = ["github.com/acme/api", "/home/me/src/my repo", "host:weird/{x}*?"];
      for (const key of keys) {
        await driver.changeReservations(key, 0, {
          put: [reservationFor("s1", "src/**", { repo: key })],
          remove: [],
        });
      }
      expect((await driver.listReservationRepositories()).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect((await driver.getReservations(key)).reservations).toEqual([
          expect.objectContaining({ repo: key, pattern: "src/**" }),
        ]);
      }
    });

    it(`${RACERS} clients changing one repository from the same version: exactly one lands`, async () => {
      const { namespace, driver } = await open();
      const { version } = await driver.getReservations(REPO);
      const drivers = await Promise.all(Array.from({ length: RACERS }, () => open(namespace)));
      const results = await Promise.all(
        drivers.map(({ driver: d }, i) =>
          d.changeReservations(REPO, version, { put: [reservationFor(`racer-${i}`, "src/**")], remove: [] }),
        ),
      );
      expect(results.filter((v) => v !== null)).toHaveLength(1);
      expect((await driver.getReservations(REPO)).reservations).toHaveLength(1);
    });

    it("coordinator: an overlapping reservation of a live session is refused naming it and never written", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const b = coordinatorFor(driver, "sess-b", clock, undefined, repo.linked);
      const got = await a.reservations.reserve(["src/api/**"], { reason: "auth refactor", ttl: 600 });
      expect(got).toMatchObject({ success: true, reserved: true, repo: repo.main, patterns: ["src/api/**"] });

      const refused = await b.reservations.reserve(["src/api/auth.ts", "lib/**"]);
      expect(refused).toMatchObject({
        success: false,
        reserved: false,
        reason: "conflict",
        conflicts: [
          {
            pattern: "src/api/auth.ts",
            held_by: "sess-a",
            holder_pattern: "src/api/**",
            holder_tier: "active",
            reason: "auth refactor",
            worktree: repo.main,
          },
        ],
      });
      expect(
        (await b.reservations.list()).reservations.map((r) => [r.session_id, r.pattern, r.mine]),
      ).toEqual([["sess-a", "src/api/**", false]]);
      expect(await b.reservations.reserve(["lib/**"])).toMatchObject({ reserved: true });

      const inLinked = join(repo.linked, "src", "api", "auth.ts");
      expect(await b.reservations.check([inLinked, join(repo.linked, "lib", "x.ts")])).toMatchObject({
        free: false,
        paths: [
          {
            relative: "src/api/auth.ts",
            free: false,
            held_by: "sess-a",
            pattern: "src/api/**",
            holder_tier: "active",
          },
          { relative: "lib/x.ts", free: true },
        ],
      });
      expect((await a.reservations.check([join(repo.main, "src", "api", "auth.ts")])).free).toBe(true);
    });

    it("coordinator: shared reservations coexist; shared and exclusive exclude each other", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const b = coordinatorFor(driver, "sess-b", clock, undefined, repo.linked);
      const c = coordinatorFor(driver, "sess-c", clock, undefined, repo.linked);
      expect(await a.reservations.reserve(["docs/**"], { shared: true })).toMatchObject({ reserved: true });
      expect(await b.reservations.reserve(["docs/*.md"], { shared: true })).toMatchObject({ reserved: true });
      expect(await c.reservations.reserve(["docs/a.md"])).toMatchObject({
        reserved: false,
        reason: "conflict",
      });
      expect(await c.reservations.check([join(repo.linked, "docs", "a.md")])).toMatchObject({ free: false });
      expect(await c.reservations.reserve(["src/**"])).toMatchObject({ reserved: true });
      expect(await a.reservations.reserve(["src/x.ts"], { shared: true })).toMatchObject({
        reserved: false,
        conflicts: [{ held_by: "sess-c", shared: false }],
      });
    });

    it("coordinator: expired reservations and those of ended or abandoned sessions stand in no one's way", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const b = coordinatorFor(driver, "sess-b", clock, undefined, repo.linked);
      const path = join(repo.linked, "src", "x.ts");
      await a.reservations.reserve(["src/**"], { ttl: 60 });
      expect((await b.reservations.check([path])).free).toBe(false);
      clock.advance(61_000);
      expect((await b.reservations.check([path])).free).toBe(true);
      expect(await b.reservations.reserve(["src/**"])).toMatchObject({ reserved: true });
      expect((await a.reservations.list()).reservations.map((r) => r.session_id)).toEqual(["sess-b"]);

      const ended = await b.sessions.end();
      expect(ended.released_reservations).toEqual([{ repo: repo.main, pattern: "src/**" }]);
      expect(await driver.listReservationRepositories()).toEqual([]);

      await a.reservations.reserve(["src/**"]);
      clock.advance(25 * HOUR);
      expect((await b.reservations.check([path])).free).toBe(true);
      expect(await b.reservations.reserve(["src/**"])).toMatchObject({ reserved: true });
      expect(await b.reservations.list()).toMatchObject({ reservations: [{ session_id: "sess-b" }] });
    });

    it("coordinator: a holder stale past the stale threshold is taken over with a warning", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const b = coordinatorFor(driver, "sess-b", clock, undefined, repo.linked);
      await a.reservations.reserve(["src/**"], { ttl: 86_400 });
      clock.advance(2 * HOUR);
      expect(await b.reservations.reserve(["src/a.ts"])).toMatchObject({
        reserved: false,
        conflicts: [{ holder_tier: "stale" }],
      });
      clock.advance(3 * HOUR);
      const taken = await b.reservations.reserve(["src/a.ts"]);
      expect(taken).toMatchObject({
        reserved: true,
        took_over: [{ pattern: "src/**", session_id: "sess-a", tier: "stale" }],
      });
      expect(taken.warning).toMatch(/took over src\/\*\* from stale session sess-a \(no heartbeat for 5h/);
    });

    it("coordinator: release by glob or all; renewing keeps reserved_at; cleanup sweeps what expired", async () => {
      const { driver } = await open();
      const repo = gitRepo();
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const first = await a.reservations.reserve(["a/**", "b/**", "c/**"], { ttl: 600 });
      const at = (await a.reservations.list()).reservations[0]!.reserved_at;
      clock.advance(MINUTE);
      const renewed = await a.reservations.reserve(["a/**"], { ttl: 600 });
      expect(Date.parse(renewed.expires_at!)).toBeGreaterThan(Date.parse(first.expires_at!));
      expect((await a.reservations.list()).reservations.find((r) => r.pattern === "a/**")?.reserved_at).toBe(
        at,
      );

      expect(await a.reservations.release(["b/", "z/**"])).toMatchObject({
        success: false,
        released: ["b/**"],
        not_held: ["z/**"],
      });
      expect(await a.reservations.release("all")).toMatchObject({
        success: true,
        released: ["a/**", "c/**"],
      });
      expect(await driver.listReservationRepositories()).toEqual([]);

      await a.reservations.reserve(["d/**"], { ttl: 5 });
      clock.advance(10_000);
      const swept = await a.sessions.cleanup();
      expect(swept.released_reservations).toEqual([
        { repo: repo.main, pattern: "d/**", session_id: "sess-a" },
      ]);
      expect(await driver.listReservationRepositories()).toEqual([]);
    });
  });
}
