import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LIVE_POLL_MS, LiveSnapshotSchema } from "@agent-baton/core";
import { afterEach, describe, expect, it } from "vitest";
import { backends } from "./helpers.js";
import { Tmux } from "./tmux.js";

const baton = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin", "baton.js");
/** Test artifacts (the README's capture of `status --watch` is copied from here). */
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "artifacts");

describe.each(backends())("baton status --watch ($name)", ({ name, world: makeWorld }) => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("not on a terminal: prints one snapshot and exits 0 (plain, or the snapshot schema with --json)", async () => {
    const world = makeWorld();
    await world.run(["lock", "acquire", "deploy", "--session", "alice-0001"]);
    const plain = await world.run(["status", "--watch", "--session", "viewer"], { env: { NO_COLOR: "" } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/resource:deploy\s+alice-\s+held/);
    expect(plain.stdout).not.toContain("\x1b[");
    const json = await world.run(["status", "--watch", "--json", "--session", "viewer"]);
    expect(json.code).toBe(0);
    const snapshot = LiveSnapshotSchema.parse(json.json());
    expect(snapshot.locks.map((l) => l.holders.map((h) => h.held_by))).toEqual([["alice-0001"]]);
    expect(snapshot.events.map((e) => e.type)).toContain("lock.acquired");
    const paged = await world.run(["status", "--watch", "--limit", "5"]);
    expect(paged.code).toBe(2);
    expect(paged.stderr).toContain("--watch shows everything at once");
  });

  it("on a terminal: a lock taken in another shell shows up without a keypress; q gives the terminal back", async () => {
    const world = makeWorld();
    const run = (...args: string[]) => world.run(args);
    await run("session", "start", "--session", "3f2a91c4-alice");
    await run("session", "start", "--session", "77ab01d2-bob");
    await run("claim", "42", "Fix auth", "--repo", "acme/api", "--session", "3f2a91c4-alice");
    const env = { ...world.env, NO_COLOR: undefined, TZ: "UTC", PS1: "$ ", TERM: "xterm-256color" };
    const tmux = new Tmux(world.home, env);
    cleanups.push(() => tmux.kill());
    tmux.start(120, 40);
    tmux.type("echo before-watch");
    const node = JSON.stringify(process.execPath);
    tmux.type(
      `stty -g > before.stty; ${node} ${JSON.stringify(baton)} status --watch --session watcher; echo "exit=$?"; stty -g > after.stty`,
    );
    await expect.poll(() => tmux.screen(), { timeout: 15_000 }).toContain("LOCKS");
    expect(tmux.pane("alternate_on")).toBe("1");
    expect(tmux.pane("cursor_flag")).toBe("0");
    expect(tmux.screen()).toMatch(/SESSIONS 2 · 2 active/);

    // another shell takes the lock; the view was drawn by then and nobody touches it
    const other = tmux.newWindow();
    const asked = Date.now();
    tmux.type(
      `${node} ${JSON.stringify(baton)} lock acquire deploy --ttl 600 --session 3f2a91c4-alice`,
      other,
    );
    await expect
      .poll(() => tmux.screen(), { timeout: LIVE_POLL_MS - 1000, interval: 25 })
      .toMatch(/resource:deploy\s+3f2a91\s+held/);
    const shownAfterMs = Date.now() - asked;
    tmux.type(
      `${node} ${JSON.stringify(baton)} lock acquire deploy --wait 600 --session 77ab01d2-bob`,
      other,
    );
    await expect.poll(() => tmux.screen(), { timeout: LIVE_POLL_MS - 1000 }).toMatch(/line: 1\. 77ab01/);
    await expect.poll(() => tmux.screen()).toMatch(/lock\.queued\s+77ab01\s+resource:deploy/);
    const screen = tmux.screen();
    expect(screen).toMatch(/3f2a91 me|3f2a91\s+active/);
    expect(screen).toMatch(/acme\/api|#42: Fix auth/);
    expect(tmux.screen("t:0", true)).toContain("\x1b[");
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `status-watch-${name}.txt`), screen.replace(/\s+$/, "\n"));
    console.log(
      `status --watch (${name}): the lock showed ${shownAfterMs} ms after the other shell was asked`,
    );

    // a narrower terminal: the view is drawn again to fit
    tmux.resize(70, 24);
    await expect.poll(() => Number(tmux.pane("pane_width"))).toBe(70);
    await expect.poll(() => tmux.screen().split("\n")[0]).toMatch(/^baton \d\d:\d\d:\d\d \(q quits\)/);
    for (const line of tmux.screen().split("\n")) expect([...line].length).toBeLessThanOrEqual(70);

    tmux.press("C-c", other);
    tmux.press("q");
    await expect.poll(() => tmux.screen(), { timeout: 10_000 }).toContain("exit=0");
    expect(tmux.pane("alternate_on")).toBe("0");
    expect(tmux.pane("cursor_flag")).toBe("1");
    const after = tmux.screen();
    expect(after).toContain("before-watch");
    expect(after).not.toContain("LOCKS");
    await expect
      .poll(
        () =>
          existsSync(join(world.home, "after.stty"))
            ? readFileSync(join(world.home, "after.stty"), "utf8")
            : "",
        { timeout: 10_000 },
      )
      .not.toBe("");
    expect(readFileSync(join(world.home, "after.stty"), "utf8")).toBe(
      readFileSync(join(world.home, "before.stty"), "utf8"),
    );
  });

  it("Ctrl+C quits too, and SIGTERM restores the terminal before the process ends", async () => {
    const world = makeWorld();
    const tmux = new Tmux(world.home, { ...world.env, PS1: "$ ", TERM: "xterm-256color" });
    cleanups.push(() => tmux.kill());
    tmux.start(100, 30);
    const watch = `${JSON.stringify(process.execPath)} ${JSON.stringify(baton)} status --watch`;
    tmux.type(`${watch}; echo "exit=$?"`);
    await expect.poll(() => tmux.screen(), { timeout: 15_000 }).toContain("LOCKS");
    tmux.press("C-c");
    await expect.poll(() => tmux.screen(), { timeout: 10_000 }).toContain("exit=0");
    expect(tmux.pane("alternate_on")).toBe("0");

    tmux.type(`${watch}; echo "exit=$?"`);
    await expect.poll(() => tmux.pane("alternate_on"), { timeout: 15_000 }).toBe("1");
    const shell = tmux.pane("pane_pid");
    const pid = Number(execFileSync("pgrep", ["-P", shell], { encoding: "utf8" }).trim());
    process.kill(pid, "SIGTERM");
    await expect.poll(() => tmux.screen().match(/exit=0/g)?.length, { timeout: 10_000 }).toBe(2);
    expect(tmux.pane("alternate_on")).toBe("0");
    expect(tmux.pane("cursor_flag")).toBe("1");
  });
});
