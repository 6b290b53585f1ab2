import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  ListLocksResultSchema,
  PageLimitSchema,
  StatusResultSchema,
  TtlSecondsSchema,
  WaitSecondsSchema,
} from "@agent-baton/core";
import { createFileDriver } from "@agent-baton/file-driver";
import { describe, expect, it } from "vitest";
import { FLAG_SCHEMAS } from "../src/number-flags.js";
import { backends, makeWorld } from "./helpers.js";

it("numeric flags are checked by core's own schema objects, the ones the MCP tools' arguments use", () => {
  expect(FLAG_SCHEMAS.ttl).toBe(TtlSecondsSchema);
  expect(FLAG_SCHEMAS.wait).toBe(WaitSecondsSchema);
  expect(FLAG_SCHEMAS.limit).toBe(PageLimitSchema);
});

describe.each(backends())(
  "bad input on the $name backend: exit 2, one line, nothing changed",
  ({ world }) => {
    it("--ttl 1.5 is refused as MCP refuses timeout_seconds 1.5; --wait 1.5 is taken as MCP takes wait_seconds 1.5", async () => {
      const w = world();
      const refused = await w.run(["lock", "acquire", "a", "--ttl", "1.5", "--session", "s1"]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe('baton: invalid --ttl "1.5": must be whole seconds from 1 to 86400\n');
      const listed = await w.run(["lock", "list", "--json", "--session", "s1"]);
      expect(ListLocksResultSchema.parse(listed.json()).total).toBe(0);

      const taken = await w.run([
        "lock",
        "acquire",
        "a",
        "--ttl",
        "60",
        "--wait",
        "1.5",
        "--json",
        "--session",
        "s1",
      ]);
      expect(taken.code).toBe(0);
      expect(taken.json()).toMatchObject({ acquired: true, lock_name: "resource:a" });
      for (const [flag, value, rule] of [
        ["--ttl", "0", "whole seconds from 1 to 86400"],
        ["--ttl", "86401", "whole seconds from 1 to 86400"],
        ["--wait", "3601", "seconds from 0 to 3600"],
        ["--wait", "soon", "seconds from 0 to 3600"],
      ]) {
        const r = await w.run(["lock", "acquire", "b", flag!, value!, "--session", "s1"]);
        expect(r.code, `${flag} ${value}`).toBe(2);
        expect(r.stderr).toBe(`baton: invalid ${flag} ${JSON.stringify(value)}: must be ${rule}\n`);
      }
      const extend = await w.run(["lock", "extend", "a", "--ttl", "2.5", "--session", "s1"]);
      expect(extend.code).toBe(2);
      expect(extend.stderr).toMatch(/^baton: invalid --ttl "2.5": must be whole seconds/);
    });

    it.each([
      [
        "[z-a]",
        "[z-a]",
        /^baton: invalid pattern "\[z-a\]": the range z-a is out of order; write it low to high, a-z\n$/,
      ],
      [
        "pytest-[ab",
        "pytest-[ab",
        /^baton: invalid pattern "pytest-\[ab": the "\[" at position 8 is never closed; .*\n$/,
      ],
      [
        "of 201 characters",
        "x".repeat(201),
        /^baton: invalid pattern "x+…": 201 characters is too long; use at most 200 .*\n$/,
      ],
    ])("lock list %s is refused before the backend is asked", async (_what, pattern, message) => {
      const w = world();
      for (const json of [[], ["--json"]]) {
        const r = await w.run(["lock", "list", pattern, ...json, "--session", "s1"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/lock name|unavailable|Error:/);
        expect(r.stdout).toBe("");
      }
    });

    it("--limit outside 1-1000 and a made-up --cursor are refused", async () => {
      const w = world();
      const limit = await w.run(["lock", "list", "--limit", "0", "--session", "s1"]);
      expect(limit.code).toBe(2);
      expect(limit.stderr).toBe('baton: invalid --limit "0": must be a whole number from 1 to 1000\n');
      const cursor = await w.run(["lock", "list", "--cursor", "bm9wZQ", "--session", "s1"]);
      expect(cursor.code).toBe(2);
      expect(cursor.stderr).toMatch(
        /^baton: invalid cursor "bm9wZQ": pass the next_cursor of the previous locks reply\n$/,
      );
      const status = await w.run(["status", "--cursor", "x", "--session", "s1"]);
      expect(status.code).toBe(2);
      expect(status.stderr).toMatch(
        /^baton: invalid --cursor "x": pass the next_cursor of the previous status reply\n$/,
      );
    });
  },
);

describe("config errors name what the user wrote", () => {
  it("a config file's key as written, or the environment variable: exit 2, one line", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    mkdirSync(join(w.home, ".claude"), { recursive: true });
    const file = join(w.home, ".claude", "config.yml");
    writeFileSync(file, "baton:\n  default_lock_timeout: 1.5\n");
    const bad = await w.run(["lock", "list", "--session", "s1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `baton: ${file}: baton.default_lock_timeout: must be whole seconds from 1 to 86400 (got 1.5)\n`,
    );
    writeFileSync(file, "baton:\n  max_wait_seconds: 30\n");
    const env = await w.run(["lock", "list", "--session", "s1"], { env: { MAX_WAIT_SECONDS: "soon" } });
    expect(env.code).toBe(2);
    expect(env.stderr).toBe(
      'baton: environment variable MAX_WAIT_SECONDS: must be seconds from 0 to 3600 (got "soon")\n',
    );
    expect((await w.run(["lock", "list", "--session", "s1"])).code).toBe(0);
  });
});

describe("a page at a time at a realistic size (file backend, 2,500 locks)", () => {
  const LOCKS = 2_500;

  async function crowdedWorld() {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const driver = createFileDriver({ dir: w.env.COORDINATION_DIR! });
    const owner = { host: hostname(), pid: null, pid_start: null, pgid: null, worktree: null };
    for (let i = 0; i < LOCKS; i++) {
      const held_by = `filler-${i % 25}`;
      await driver.acquireLock(`resource:job-${String(i).padStart(5, "0")}`, {
        owner: { ...owner, held_by },
        ttlMs: 3_600_000,
        mode: "exclusive",
        slots: 1,
      });
    }
    await driver.close();
    return w;
  }

  it("the default reply is small, says the total, and the cursor walks every lock exactly once", async () => {
    const w = await crowdedWorld();
    const first = await w.run(["lock", "list", "--json", "--session", "me"]);
    const page = ListLocksResultSchema.parse(first.json());
    expect(page).toMatchObject({ count: 100, total: LOCKS });
    expect(page.next_cursor).toEqual(expect.any(String));
    // one page, not all 1000: each lock shows its holders, line and requests (about 1 KB of JSON)
    expect(first.stdout.length).toBeLessThan(128 * 1024);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await w.run([
        "lock",
        "list",
        "--json",
        "--limit",
        "1000",
        ...(cursor ? ["--cursor", cursor] : []),
      ]);
      const p = ListLocksResultSchema.parse(r.json());
      expect(p.total).toBe(LOCKS);
      seen.push(...p.locks.map((l) => l.lock_name));
      cursor = p.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(LOCKS);
    expect(new Set(seen).size).toBe(LOCKS);
    expect(seen).toEqual([...seen].sort());

    const human = await w.run(["lock", "list", "job-01*", "--limit", "5"]);
    const lines = human.stdout.trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(
      /^5 of 1000 shown; next page: baton lock list 'job-01\*' --limit 5 --cursor \S+$/,
    );
  }, 240_000);

  it("status and session status page too: sessions and locks, totals and tier counts over everything", async () => {
    const w = await crowdedWorld();
    for (const id of ["s-a", "s-b", "s-c"])
      expect((await w.run(["session", "start", "--session", id])).code).toBe(0);

    const sessions = StatusResultSchema.parse(
      (await w.run(["session", "status", "--json", "--limit", "2"])).json(),
    );
    expect(sessions).toMatchObject({ count: 2, total: 3, counts: { active: 3 } });
    const rest = StatusResultSchema.parse(
      (await w.run(["session", "status", "--json", "--cursor", sessions.next_cursor!])).json(),
    );
    expect([...sessions.sessions, ...rest.sessions].map((s) => s.session_id).sort()).toEqual([
      "s-a",
      "s-b",
      "s-c",
    ]);
    expect(rest.next_cursor).toBeNull();

    const first = await w.run(["status", "--json", "--session", "s-a"]);
    const overview = first.json();
    expect(first.stdout.length).toBeLessThan(128 * 1024);
    expect(overview.locks).toMatchObject({ count: 100, total: LOCKS });
    expect(overview.sessions).toMatchObject({ count: 3, total: 3 });
    const locks: string[] = overview.locks.locks.map((l: { lock_name: string }) => l.lock_name);
    let cursor: string | null = overview.next_cursor;
    while (cursor) {
      const next = (await w.run(["status", "--json", "--limit", "1000", "--cursor", cursor])).json();
      expect(next.sessions).toMatchObject({ count: 0, total: 3, sessions: [] });
      locks.push(...next.locks.locks.map((l: { lock_name: string }) => l.lock_name));
      cursor = next.next_cursor;
    }
    expect(new Set(locks).size).toBe(LOCKS);
    expect(locks).toHaveLength(LOCKS);
  }, 240_000);
});
