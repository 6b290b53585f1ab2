import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openCoordinator } from "./open-coordinator.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "agent-baton-open-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("opens on the file backend the config names, and two sessions contend for one lock", async () => {
  const env = { HOME: dir, COORDINATION_DIR: join(dir, "coord"), COORDINATION_BACKEND: "file" };
  const a = (await openCoordinator({ env, cwd: dir, home: dir, session: "alice", anchorPid: process.pid }))
    .coordinator;
  const b = (await openCoordinator({ env, cwd: dir, home: dir, session: "bob", anchorPid: process.pid }))
    .coordinator;
  try {
    expect(a.config.backend).toBe("file");
    expect((await a.acquire("db")).acquired).toBe(true);
    expect(await b.acquire("db")).toMatchObject({ acquired: false, held_by: "alice" });
  } finally {
    await a.close();
    await b.close();
  }
});

it("reports an unreachable redis as BACKEND_UNAVAILABLE when the config names redis", async () => {
  const env = { HOME: dir, COORDINATION_BACKEND: "redis", REDIS_URL: "redis://:secret@127.0.0.1:1" };
  const opened = openCoordinator({ env, cwd: dir, home: dir, session: "carol" }).then(
    async ({ coordinator }) => {
      try {
        return await coordinator.acquire("db");
      } finally {
        await coordinator.close();
      }
    },
  );
  await expect(opened).rejects.toMatchObject({ code: "BACKEND_UNAVAILABLE" });
  await expect(opened).rejects.not.toThrow(/secret/);
});
