import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMemoryDriver, gitRepoWithWorktree } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { call, type LinkedClient, linkedClient } from "./in-memory-client.js";

describe("reservation tools through the SDK Client", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const link = async (driver: ReturnType<typeof createMemoryDriver>, id: string, cwd: string) => {
    const c: LinkedClient = await linkedClient(driver, id, { cwd });
    cleanups.push(() => c.close());
    return c;
  };
  const repo = () => {
    const r = gitRepoWithWorktree();
    cleanups.push(() => r.remove());
    return r;
  };

  it("reserve_paths refuses an overlap naming the holder; list_reservations and release_paths", async () => {
    const { main, linked } = repo();
    const driver = createMemoryDriver({});
    const a = await link(driver, "sess-a", main);
    const b = await link(driver, "sess-b", linked);
    expect(
      await call(a.client, "reserve_paths", {
        paths: ["src/api/**"],
        reason: "auth refactor",
        ttl_seconds: 900,
      }),
    ).toMatchObject({ success: true, reserved: true, repo: main, patterns: ["src/api/**"] });

    const refused = await call(b.client, "reserve_paths", { paths: ["src/api/login.ts"] });
    expect(refused).toMatchObject({
      success: false,
      reserved: false,
      reason: "conflict",
      conflicts: [{ held_by: "sess-a", holder_pattern: "src/api/**", reason: "auth refactor" }],
    });
    expect(await call(b.client, "list_reservations")).toMatchObject({
      repo: main,
      reservations: [{ session_id: "sess-a", pattern: "src/api/**", mine: false, holder_tier: "active" }],
    });

    expect(await call(b.client, "release_paths", { paths: ["src/api/**"] })).toMatchObject({
      success: false,
      released: [],
      not_held: ["src/api/**"],
    });
    expect(await call(a.client, "release_paths", {})).toMatchObject({
      success: true,
      released: ["src/api/**"],
    });
    expect(await call(b.client, "reserve_paths", { paths: ["src/api/login.ts"] })).toMatchObject({
      reserved: true,
    });
    // lock_history tells of reservations as of locks: each named repo:glob, whose, and why
    const history = await call(b.client, "lock_history", { lock_name: `${main}:src/api/**` });
    expect(
      (history.events as Array<Record<string, unknown>>).map((e) => [e.type, e.session, e.reason]),
    ).toEqual([
      ["reservation.taken", "sess-a", "auth refactor"],
      ["reservation.released", "sess-a", null],
    ]);
  });

  it("bad globs are isError results naming the argument", async () => {
    const { main } = repo();
    const a = await link(createMemoryDriver({}), "sess-a", main);
    for (const paths of [[], ["src/[z-a]"], ["../outside/**"]]) {
      const result = await a.client.callTool({ name: "reserve_paths", arguments: { paths } });
      expect(result.isError, JSON.stringify(paths)).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/paths/);
    }
  });

  it("check_overlaps names a file changed in two live sessions' worktrees", async () => {
    const { main, linked } = repo();
    const driver = createMemoryDriver({});
    const a = await link(driver, "sess-a", main);
    const b = await link(driver, "sess-b", linked);
    await call(a.client, "register_session");
    await call(b.client, "register_session");
    writeFileSync(join(main, "shared.txt"), "a\n");
    writeFileSync(join(linked, "shared.txt"), "b\n");
    writeFileSync(join(linked, "only-b.txt"), "b\n");
    const result = await call(a.client, "check_overlaps");
    expect(result.overlaps).toEqual([
      {
        repo: main,
        path: "shared.txt",
        sessions: [
          expect.objectContaining({
            session_id: "sess-a",
            worktree: main,
            me: true,
            since: expect.any(String),
          }),
          expect.objectContaining({
            session_id: "sess-b",
            worktree: linked,
            me: false,
            since: expect.any(String),
          }),
        ],
      },
    ]);
    const sessions = result.sessions as Array<{ session_id: string; changed: Array<{ path: string }> }>;
    expect(sessions.find((s) => s.session_id === "sess-b")?.changed.map((c) => c.path)).toEqual([
      "only-b.txt",
      "shared.txt",
    ]);
  });
});
