import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HistoryEventSchema, noticeOf, overlapEventName, type StandaloneEvent } from "@agent-baton/core";
import { coordinatorFor, events, ManualClock } from "../fixtures.js";
import { gitRepoWithWorktree } from "../reservation-fixtures.js";
import type { SuiteContext } from "../suite-context.js";

const overlap = (session: string, by: string, path = "src/x.ts"): StandaloneEvent => ({
  type: "overlap.found",
  name: overlapEventName("github.com/acme/api", path),
  session,
  host: "h1",
  by,
  reason: `in /work/${by}`,
});

/** recordEvents, and the overlaps the Coordinator reports with it: told once, to the session named. */
export function recordedEventsSuite({ describe, it, expect, afterEach, open }: SuiteContext): void {
  const repos: Array<{ remove(): void }> = [];
  afterEach(() => {
    for (const r of repos.splice(0)) r.remove();
  });

  describe("recorded events", () => {
    it("records the events in order, each a notice for its session only, handed out once", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      const before = Date.now();
      await driver.recordEvents([overlap("s1", "s2"), overlap("s2", "s1")]);
      await driver.recordEvents([]);
      const list = await events(other);
      expect(list.map((e) => [e.type, e.name, e.session, e.by, e.reason, e.host])).toEqual([
        ["overlap.found", "github.com/acme/api:src/x.ts", "s1", "s2", "in /work/s2", "h1"],
        ["overlap.found", "github.com/acme/api:src/x.ts", "s2", "s1", "in /work/s1", "h1"],
      ]);
      for (const e of list) {
        expect(HistoryEventSchema.parse(e)).toEqual(e);
        expect(Date.parse(e.time)).toBeGreaterThanOrEqual(before - 1_000);
      }
      expect(await other.takeNotices("bystander")).toEqual([]);
      expect(await other.takeNotices("s1")).toEqual([list[0]]);
      expect(await driver.takeNotices("s1")).toEqual([]);
      expect(await driver.takeNotices("s2")).toEqual([list[1]]);
      expect(await other.takeNotices("s2")).toEqual([]);
    });

    it("coordinator: a path two sessions' worktrees both changed is told to each side once, however many report it", async () => {
      const { driver, namespace } = await open();
      const { driver: second } = await open(namespace);
      const repo = gitRepoWithWorktree();
      repos.push(repo);
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sess-a", clock, undefined, repo.main);
      const b = coordinatorFor(driver, "sess-b", clock, undefined, repo.linked);
      await a.sessions.register();
      await b.sessions.register();
      writeFileSync(join(repo.main, "a.ts"), "a\n");
      writeFileSync(join(repo.linked, "b.ts"), "b\n");
      expect(await a.worktrees.reportOverlaps()).toEqual([]);

      writeFileSync(join(repo.linked, "a.ts"), "a too\n");
      // a second watcher of sess-a (a fresh Coordinator, so nothing in memory) and b's own find it told
      const a2 = coordinatorFor(second, "sess-a", clock, undefined, repo.main);
      const told = await a.worktrees.reportOverlaps();
      expect(told.map((e) => [e.session, e.by])).toEqual([
        ["sess-a", "sess-b"],
        ["sess-b", "sess-a"],
      ]);
      expect(await a2.worktrees.reportOverlaps()).toEqual([]);
      expect(await b.worktrees.reportOverlaps()).toEqual([]);
      expect(await a.worktrees.reportOverlaps()).toEqual([]);

      const [forA] = await driver.takeNotices("sess-a");
      expect(forA).toMatchObject({ type: "overlap.found", session: "sess-a", by: "sess-b" });
      expect(forA!.name.endsWith(":a.ts")).toBe(true);
      expect(noticeOf(forA!).text).toMatch(
        new RegExp(`^${forA!.name} is also changed by session sess-b \\(in ${repo.linked} on feature\\) — `),
      );
      expect((await driver.takeNotices("sess-b")).map((n) => [n.type, n.by])).toEqual([
        ["overlap.found", "sess-a"],
      ]);
      expect(await driver.takeNotices("sess-a")).toEqual([]);
    });
  });
}
